// Alerts Lambda: run each morning by EventBridge Scheduler through a one-group FIFO queue, so two
// runs never overlap (and could not each find the same alert new and send it twice). Evaluates the alert rules over the stored results
// (core raiseAlerts), keeps only alerts never raised before, and publishes them to the SNS topic.

// First, so parquet-wasm's compile is started before the other modules run; the module's end
// awaits it, so init finishes with Parquet ready (lake/parquet-wasm.ts).
import '../lake/parquet-wasm.ts';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import { SnsNotifier } from '../adapters/sns-notifier.ts';
import { alertsAsOf, alertsPayload } from '../aws/events/scheduled-alerts-event.ts';
import { lambdaEnvironment, requiredEnv } from '../aws/lambda-environment.ts';
import { logInvocation } from '../aws/lambda-logger.ts';
import { sdkClientOptions } from '../aws/timeouts.ts';
import { publishedMethod } from '../domain/method/published.ts';
import { parquetWasmReady } from '../lake/parquet-wasm.ts';
import { NoResultsError, raiseAlerts } from '../pipeline/raise-alerts.ts';

export interface AlertsHandlerOptions {
  s3?: S3Client;
  sns?: SNSClient;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

export type AlertsOutcome =
  | {
      status: 'raised';
      asOf: string;
      raised: number;
      /** Of the raised, those a first run stored as backfilled: on record, not published. */
      backfilled: number;
      alreadyKnown: number;
      alertKeys: string[];
    }
  | { status: 'no-results'; asOf: string; message: string };

const loggedKeys = 50;

export function createAlertsHandler(options: AlertsHandlerOptions = {}) {
  const s3 = options.s3 ?? new S3Client(sdkClientOptions('alerts'));
  const sns = options.sns ?? new SNSClient(sdkClientOptions('alerts'));
  const now = options.now ?? (() => new Date());
  const log = new Logger({ serviceName: 'alerts' });

  return async (event: unknown, context?: Context): Promise<AlertsOutcome> =>
    logInvocation(log, context, async () => {
      const env = options.env ?? process.env;
      const store = new S3ObjectStore({ client: s3, bucket: requiredEnv(lambdaEnvironment.lakeBucket, env) });
      const notifier = new SnsNotifier({
        client: sns,
        topicArn: requiredEnv(lambdaEnvironment.alertTopicArn, env),
      });
      const asOf = alertsAsOf(alertsPayload(event), now());
      try {
        const { raised, backfilled, known, notified } = await raiseAlerts(store, notifier, {
          asOf,
          method: publishedMethod(),
          now,
        });
        const alertKeys = raised.map((alert) => alert.key);
        log.info('alerts raised', {
          asOf,
          raised: raised.length,
          backfilled: backfilled.length,
          alreadyKnown: known,
          // Includes alerts an earlier run stored but could not send (at-least-once delivery).
          notified: notified.length,
          // Enough to find them; a backlog of hundreds stays one readable log line.
          alertKeys: alertKeys.slice(0, loggedKeys),
        });
        return {
          status: 'raised',
          asOf: asOf.toISOString(),
          raised: raised.length,
          backfilled: backfilled.length,
          alreadyKnown: known,
          alertKeys,
        };
      } catch (error) {
        // Before the first scoring run there is nothing to evaluate: an expected state, not a failure
        // to retry or alarm on.
        if (!(error instanceof NoResultsError)) throw error;
        log.warn('no scoring results yet', { asOf });
        return { status: 'no-results', asOf: asOf.toISOString(), message: error.message };
      }
    });
}

await parquetWasmReady;
export const handler = createAlertsHandler();
