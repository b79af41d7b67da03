// The SQS partial batch response the ingest and score handlers share (Powertools' BatchProcessor).
import { Logger } from '@aws-lambda-powertools/logger';
import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { DeadLetters } from '../../../functions/aws/dead-letters.ts';
import { InvalidEventError } from '../../../functions/aws/events/invalid-event-error.ts';
import { processRecordsInOrder } from '../../../functions/aws/sqs-batch.ts';
import { logCapture, sqsRecord } from './lambda-events.ts';

const records = ['a', 'b', 'c'].map((id) => sqsRecord(`body-${id}`, id));

describe('processRecordsInOrder', () => {
  it('handles the records one at a time, in order, and a failure does not stop the later ones', async () => {
    const logs = logCapture();
    const log = new Logger({ serviceName: 'ingest' });
    const steps: string[] = [];
    const response = await processRecordsInOrder(records, log, async (record) => {
      steps.push(`start ${record.messageId}`);
      await new Promise((resolve) => setTimeout(resolve, record.messageId === 'a' ? 20 : 0));
      steps.push(`end ${record.messageId}`);
      log.info('handled');
      if (record.messageId === 'b') throw new TypeError('poison');
    });
    expect(steps).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(logs.entries().map((e) => [e.level, e.message, e.messageId])).toEqual([
      ['INFO', 'handled', 'a'],
      ['INFO', 'handled', 'b'],
      ['ERROR', 'record failed', 'b'],
      ['INFO', 'handled', 'c'],
    ]);
    expect(logs.entries()[2]).toMatchObject({ error: { name: 'TypeError', message: 'poison' } });
  });

  it('reports a batch whose every record failed, rather than throwing', async () => {
    logCapture();
    const response = await processRecordsInOrder(records, new Logger(), (record) => {
      // Not an Error: still this record's failure, not the invocation's.
      throw record.messageId === 'a' ? 'a string' : new Error('bad');
    });
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['a', 'b', 'c']);
  });

  it('sends a permanent failure to the dead-letter queue at once, with its reason, instead of retrying it', async () => {
    const logs = logCapture();
    const sent: SendMessageCommand['input'][] = [];
    const sqs = {
      send: async (command: SendMessageCommand) => sent.push(command.input),
    } as unknown as SQSClient;
    const deadLetters = new DeadLetters(sqs, 'https://sqs.example/ingest-dead-letters.fifo');
    const response = await processRecordsInOrder(
      records,
      new Logger(),
      (record) => {
        if (record.messageId === 'a') throw new InvalidEventError('S3 event', 'no detail');
        if (record.messageId === 'b') throw new Error('S3 is slow today');
      },
      deadLetters,
    );
    // The transient failure is retried; the permanent one is not reported, so SQS deletes it.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    expect(sent).toEqual([
      {
        QueueUrl: 'https://sqs.example/ingest-dead-letters.fifo',
        MessageBody: 'body-a',
        MessageAttributes: {
          failure: { DataType: 'String', StringValue: 'InvalidEventError' },
          reason: { DataType: 'String', StringValue: 'Not a valid S3 event: no detail' },
          sourceMessageId: { DataType: 'String', StringValue: 'a' },
        },
        MessageGroupId: 'dead-letters',
        MessageDeduplicationId: 'a',
      },
    ]);
    expect(logs.entries().map((e) => [e.message, e.messageId])).toEqual([
      ['record dead-lettered', 'a'],
      ['record failed', 'b'],
    ]);
  });

  it('retries a permanent failure it could not dead-letter, so it is never lost', async () => {
    const logs = logCapture();
    const sqs = {
      send: async () => {
        throw new Error('SQS unavailable');
      },
    } as unknown as SQSClient;
    const response = await processRecordsInOrder(
      records.slice(0, 1),
      new Logger(),
      () => {
        throw new InvalidEventError('S3 event', 'no detail');
      },
      new DeadLetters(sqs, 'https://sqs.example/dlq'),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(logs.entries()).toMatchObject([
      { message: 'record failed', deadLetterError: { message: 'SQS unavailable' } },
    ]);
  });

  it('answers an empty batch with no failures', async () => {
    expect(await processRecordsInOrder([], new Logger(), () => {})).toEqual({ batchItemFailures: [] });
  });
});
