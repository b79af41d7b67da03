// Score Lambda: messages from the ingest Lambda naming the months new data touched. One batch is
// one recompute of the union of its months (core scoreLake), so two requests for the same month
// cost one scoring run. The score queue is FIFO with one message group, so two scorers never race
// on results/.

// First, so parquet-wasm's compile is started before the other modules run; the module's end
// awaits it, so init finishes with Parquet ready (lake/parquet-wasm.ts).
import '../lake/parquet-wasm.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import { DeadLetters } from '../aws/dead-letters.ts';
import { parseEvent } from '../aws/events/parse-event.ts';
import { parseScoreRequest } from '../aws/events/score-request.ts';
import { sqsEventSchema } from '../aws/events/sqs-event.ts';
import { lambdaEnvironment, requiredEnv } from '../aws/lambda-environment.ts';
import { logInvocation } from '../aws/lambda-logger.ts';
import { processRecordsInOrder } from '../aws/sqs-batch.ts';
import { sdkClientOptions } from '../aws/timeouts.ts';
import { publishedMethod } from '../domain/method/published.ts';
import { parquetWasmReady } from '../lake/parquet-wasm.ts';
import { scoreLake } from '../pipeline/score-lake.ts';

export interface ScoreHandlerOptions {
  s3?: S3Client;
  sqs?: SQSClient;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export function createScoreHandler(options: ScoreHandlerOptions = {}) {
  const s3 = options.s3 ?? new S3Client(sdkClientOptions('score'));
  const sqs = options.sqs ?? new SQSClient(sdkClientOptions('score'));
  const now = options.now ?? (() => new Date());
  const log = new Logger({ serviceName: 'score' });

  return async (event: unknown, context?: Context): Promise<SQSBatchResponse> =>
    logInvocation(log, context, async () => {
      const env = options.env ?? process.env;
      const store = new S3ObjectStore({ client: s3, bucket: requiredEnv(lambdaEnvironment.lakeBucket, env) });
      const deadLetters = new DeadLetters(sqs, requiredEnv(lambdaEnvironment.deadLetterQueueUrl, env));
      const { Records } = parseEvent(sqsEventSchema, 'SQS event', event);

      // A malformed message can never succeed: it alone goes to the DLQ, at once, while the others
      // are scored.
      const periods = new Set<string>();
      let allPeriods = false;
      const response = await processRecordsInOrder(
        Records,
        log,
        (record) => {
          const request = parseScoreRequest(record.body);
          for (const period of request.periods) periods.add(period);
          allPeriods ||= request.allPeriods;
        },
        deadLetters,
      );
      if (periods.size === 0 && !allPeriods) {
        log.info('nothing to score', { records: Records.length, failed: response.batchItemFailures.length });
        return response;
      }

      // Scoring is one run over all the batch's months, so its failure is every record's: it is
      // thrown, SQS redelivers the whole batch, and a recompute is safe to repeat.
      // Every month from contract start to the latest with data, when a feed without months changed.
      const asked = allPeriods ? undefined : [...periods].sort();
      log.info('scoring', { periods: asked ?? 'all', records: Records.length });
      const result = await scoreLake(store, { asOf: now(), periods: asked, method: publishedMethod() });
      log.info('scored', { periodsWritten: result.periods, providers: result.providers });
      return response;
    });
}

await parquetWasmReady;
export const handler = createScoreHandler();
