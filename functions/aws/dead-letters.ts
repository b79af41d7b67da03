// A record that can never succeed (an event that is not one, a key outside the landing layout, an
// object that no longer exists) goes to its queue's dead-letter queue at once, with the reason,
// instead of being received again and again, holding its FIFO message group, until SQS moves it.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SqsRecord } from './events/sqs-event.ts';

/** An error that will recur on every retry of the same record: its class sets `permanent`. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof Error && (error as { permanent?: unknown }).permanent === true;
}

// SQS message attribute values are at most 256 KiB; a reason is one sentence, kept short.
const maxReasonLength = 1000;

/** Sends records to a dead-letter queue (FIFO or standard), with why they failed. */
export class DeadLetters {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(record: SqsRecord, error: Error): Promise<void> {
    const fifo = this.queueUrl.endsWith('.fifo');
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          failure: { DataType: 'String', StringValue: error.name },
          reason: { DataType: 'String', StringValue: error.message.slice(0, maxReasonLength) },
          sourceMessageId: { DataType: 'String', StringValue: record.messageId },
        },
        // A retried send of the same record is the same dead letter.
        ...(fifo ? { MessageGroupId: 'dead-letters', MessageDeduplicationId: record.messageId } : {}),
      }),
    );
  }
}
