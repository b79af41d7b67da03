// The SQS partial batch response the ingest and score handlers share (Powertools' BatchProcessor).
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
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

  it('answers an empty batch with no failures', async () => {
    expect(await processRecordsInOrder([], new Logger(), () => {})).toEqual({ batchItemFailures: [] });
  });
});
