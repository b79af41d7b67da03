// SQS partial batch responses, through Powertools' BatchProcessor: the records are handled one at a
// time, in order; a record that throws is logged and reported as a batch item failure (SQS
// redelivers just that one) and the later records still run. A batch whose every record failed is
// reported the same way, not thrown. A permanent failure (dead-letters.ts) is sent to the
// dead-letter queue at once and not reported, so SQS deletes it instead of retrying it.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse } from 'aws-lambda';
import { type DeadLetters, isPermanentFailure } from './dead-letters.ts';
import type { SqsRecord } from './events/sqs-event.ts';
import { withKeys } from './lambda-logger.ts';

/** Runs `handle` on each record in turn; every line logged meanwhile carries the record's messageId. */
export function processRecordsInOrder(
  records: SqsRecord[],
  log: Logger,
  handle: (record: SqsRecord) => Promise<void> | void,
  deadLetters?: DeadLetters,
): Promise<SQSBatchResponse> {
  const handleRecord = (record: SqsRecord) =>
    withKeys(log, { messageId: record.messageId }, async () => {
      try {
        await handle(record);
      } catch (error) {
        if (deadLetters && isPermanentFailure(error)) {
          try {
            await deadLetters.send(record, error as Error);
            log.error('record dead-lettered', { error });
            return;
          } catch (sendError) {
            // Not sent: the record is reported failed and retried, never lost.
            log.error('record failed', { error, deadLetterError: sendError });
            throw error;
          }
        }
        log.error('record failed', { error });
        // The processor reads the failure's message; keep a thrown non-Error a failure of this record.
        throw error instanceof Error ? error : new Error(String(error));
      }
    });
  return processPartialResponse({ Records: records }, handleRecord, new BatchProcessor(EventType.SQS), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
}
