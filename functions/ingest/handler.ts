// Ingest Lambda: S3 "Object Created" events (EventBridge → SQS) for the landing bucket. Each file
// becomes a submission in the lake (core ingestFile, idempotent by SHA-256); then one message asks
// the score Lambda to recompute the months the accepted data touched.

// First, so parquet-wasm's compile is started before the other modules run; the module's end
// awaits it, so init finishes with Parquet ready (lake/parquet-wasm.ts).
import '../lake/parquet-wasm.ts';
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { S3ObjectStore, S3ObjectVersion } from '../adapters/s3-object-store.ts';
import { DeadLetters } from '../aws/dead-letters.ts';
import { arrivalGroup, councilSubmitter, providerGroup } from '../aws/events/ingest-groups.ts';
import { isFolderMarker, type LandingKey, parseLandingKey } from '../aws/events/landing-key.ts';
import { parseEvent } from '../aws/events/parse-event.ts';
import { type CreatedObject, parseObjectCreated } from '../aws/events/s3-object-created.ts';
import { scoreMessageGroup, scoreRequestBody } from '../aws/events/score-request.ts';
import { type SqsRecord, sqsEventSchema } from '../aws/events/sqs-event.ts';
import { lambdaEnvironment, requiredEnv } from '../aws/lambda-environment.ts';
import { logInvocation, withKeys } from '../aws/lambda-logger.ts';
import { processRecordsInOrder } from '../aws/sqs-batch.ts';
import { sdkClientOptions } from '../aws/timeouts.ts';
import { contracts, type InputType } from '../domain/contracts/index.ts';
import type { ByteSource } from '../domain/formats/index.ts';
import { publishedMethod } from '../domain/method/published.ts';
import { DirectoryCache } from '../domain/validation/reference-data.ts';
import { compactTable } from '../lake/compaction.ts';
import { isMerged } from '../lake/curated.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import { parquetWasmReady } from '../lake/parquet-wasm.ts';
import { type IngestResult, ingestFile } from '../pipeline/ingest/ingest-file.ts';

export interface IngestHandlerOptions {
  s3?: S3Client;
  sqs?: SQSClient;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** The landing object is gone (deleted, or the event is stale); redelivery ends in the DLQ. */
export class LandingObjectMissingError extends Error {
  override name = 'LandingObjectMissingError';
  /** The event names an exact version (or a key) that is gone: no retry brings it back. */
  readonly permanent = true;
  constructor(readonly object: CreatedObject) {
    super(
      `s3://${object.bucket}/${object.key} no longer exists${object.versionId ? ` (version ${object.versionId})` : ''}.`,
    );
  }
}

/** A month is compacted once it holds this many returns' own files (a county sends ~80 a month). */
const compactAfter = 16;

export function createIngestHandler(options: IngestHandlerOptions = {}) {
  const s3 = options.s3 ?? new S3Client(sdkClientOptions('ingest'));
  const sqs = options.sqs ?? new SQSClient(sdkClientOptions('ingest'));
  const now = options.now ?? (() => new Date());
  // Kept for the container's life: a warm invocation reuses the register it last decoded while the
  // register's listed ETags are unchanged, without reading it again.
  const directories = new DirectoryCache();
  const log = new Logger({ serviceName: 'ingest' });

  return async (event: unknown, context?: Context): Promise<SQSBatchResponse> =>
    logInvocation(log, context, async () => {
      const env = options.env ?? process.env;
      const store = new S3ObjectStore({ client: s3, bucket: requiredEnv(lambdaEnvironment.lakeBucket, env) });
      const scoreQueueUrl = requiredEnv(lambdaEnvironment.scoreQueueUrl, env);
      const deadLetters = new DeadLetters(sqs, requiredEnv(lambdaEnvironment.deadLetterQueueUrl, env));
      const { Records } = parseEvent(sqsEventSchema, 'SQS event', event);

      const periods = new Set<string>();
      let allPeriods = false;
      const returnPeriods = new Map<InputType, Set<string>>();
      // One at a time, in order: a register must be in before the returns it checks, and ingest
      // reads the lake it writes. A failed record does not hold back the later ones, so a batch of
      // more than one from the FIFO queue is ordered only up to a failure; infra delivers one.
      // A failure is reported, not thrown: SQS redelivers just that record (and after 3 tries moves
      // it to the DLQ); one that can never succeed goes to the DLQ at once.
      const ingestQueueUrl = () => requiredEnv(lambdaEnvironment.ingestQueueUrl, env);
      const deps = { s3, sqs, ingestQueueUrl, store, now, log, directories };
      const response = await processRecordsInOrder(
        Records,
        log,
        async (record) => {
          const result = await ingestRecord(record, deps);
          if (result && result.submission.status !== 'rejected') {
            const touched = result.submission.period.split(',').filter((period) => period !== '');
            for (const period of touched) periods.add(period);
            const type = result.submission.input_type as InputType;
            if (!isMerged(contracts[type])) {
              const months = returnPeriods.get(type) ?? new Set<string>();
              for (const period of touched) months.add(period);
              returnPeriods.set(type, months);
            }
            // A feed without months (e.g. a new register or CQC rating) can change any month's score.
            if (touched.length === 0) allPeriods = true;
          }
        },
        deadLetters,
      );

      // Already-received files count too: if an earlier delivery ingested them but failed to send
      // this, the retry still asks for the scoring (scoring twice is harmless). A send failure fails
      // the batch, and the retry re-ingests as no-ops and sends again.
      if (periods.size > 0 || allPeriods) {
        const body = scoreRequestBody(periods, allPeriods);
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: scoreQueueUrl,
            MessageBody: body,
            MessageGroupId: scoreMessageGroup,
            // Never de-duplicated by content: the same months asked again after new data arrived
            // must be scored again, even within SQS's five-minute de-duplication window.
            MessageDeduplicationId: randomUUID(),
          }),
        );
        log.info('score requested', { periods: [...periods].sort(), allPeriods });
      }
      // Then the months those returns went to are compacted once they hold a few returns' own
      // files, so Athena reads a few large objects. Crash-safe at any step (lake/compaction.ts); a
      // failure fails the batch, whose retry re-ingests as no-ops and compacts again.
      for (const [type, months] of returnPeriods) {
        const done = await compactTable(store, contracts[type], {
          periods: months,
          minOwnFiles: compactAfter,
        });
        if (done.length > 0)
          log.info('compacted', { table: contracts[type].table, months: done.map((d) => d.period) });
      }
      log.info('batch done', { records: Records.length, failed: response.batchItemFailures.length });
      return response;
    });
}

interface RecordDeps {
  s3: S3Client;
  sqs: SQSClient;
  ingestQueueUrl: () => string;
  store: ObjectStore;
  now: () => Date;
  log: Logger;
  directories: DirectoryCache;
}

/**
 * Ingests one record's object; null when there was nothing to ingest here (a folder marker, or a
 * provider's file forwarded from the arrival group to its own, see ingest-groups.ts).
 */
async function ingestRecord(record: SqsRecord, deps: RecordDeps): Promise<IngestResult | null> {
  const object = parseObjectCreated(record.body);
  return withKeys(deps.log, { bucket: object.bucket, key: object.key, size: object.size }, async () => {
    if (isFolderMarker(object.key, object.size)) {
      deps.log.info('folder marker skipped');
      return null;
    }
    const landing = parseLandingKey(object.key);
    if (record.attributes?.MessageGroupId === arrivalGroup && landing.submitter !== councilSubmitter) {
      const group = providerGroup(landing.submitter);
      await deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: deps.ingestQueueUrl(),
          MessageBody: record.body,
          MessageGroupId: group,
          // A retry of this record forwards the same message, which SQS then drops.
          MessageDeduplicationId: record.messageId,
        }),
      );
      deps.log.info('forwarded to the provider group', { group });
      return null;
    }
    return ingestObject(object, landing, deps);
  });
}

/** What ingestRecord does once the event is read; every line it logs names the object. */
async function ingestObject(
  object: CreatedObject,
  landing: LandingKey,
  deps: RecordDeps,
): Promise<IngestResult | null> {
  const { log } = deps;
  const result = await ingestFile(
    { store: deps.store, now: deps.now, method: publishedMethod(), directories: deps.directories },
    {
      source: landingSource(deps.s3, object, landing.fileName),
      type: landing.type,
      submitter: landing.submitter,
      receivedAt: object.time,
    },
  );
  const s = result.submission;
  log.info('file ingested', {
    submissionId: s.submission_id,
    type: s.input_type,
    submitter: landing.submitter,
    status: s.status,
    rowsRead: s.rows_read,
    rowsAccepted: s.rows_accepted,
    rowsRejected: s.rows_rejected,
    fileError: s.file_error?.code ?? null,
    alreadyReceived: result.alreadyReceived,
  });
  return result;
}

/** The landing object as a ByteSource: each open() is a fresh GET of the same version, streamed. */
function landingSource(s3: S3Client, object: CreatedObject, name: string): ByteSource {
  return {
    name,
    size: object.size,
    origin: new S3ObjectVersion(object.bucket, object.key, object.versionId),
    async *open() {
      let body: AsyncIterable<Uint8Array>;
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }),
        );
        // In Node the SDK's body is a Readable, which iterates as Buffers (Uint8Arrays).
        body = out.Body as unknown as AsyncIterable<Uint8Array>;
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'NoSuchKey' || name === 'NoSuchVersion') throw new LandingObjectMissingError(object);
        throw error;
      }
      yield* body;
    },
  };
}

await parquetWasmReady;
export const handler = createIngestHandler();
