// The golden county (test/fixtures/golden) through the Lambdas on fauxqs: its files land in S3,
// the ingest handler takes their events in SQS batches, the score handler takes the score requests
// it sent, and the alerts handler publishes to SNS. Each step is compared with the same files run
// through the core the way the CLI runs them, on an in-memory lake.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import { createAlertsHandler } from '../../../functions/alerts/handler.ts';
import { ingestPath, readManifest } from '../../../functions/cli/commands/ingest.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import type { Submission } from '../../../functions/domain/submission.ts';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { getJson, getText } from '../../../functions/lake/object-store.ts';
import { readResults } from '../../../functions/lake/results.ts';
import { raiseAlerts } from '../../../functions/pipeline/raise-alerts.ts';
import { scoreLake } from '../../../functions/pipeline/score-lake.ts';
import { createScoreHandler } from '../../../functions/score/handler.ts';
import { useLocalAws } from '../../helpers/fauxqs.ts';
import { MemoryObjectStore } from '../../helpers/memory-store.ts';
import { lambdaContext, logCapture, objectCreatedBody, sqsEvent, sqsRecord } from './lambda-events.ts';

const aws = useLocalAws();
const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'golden');

let asOf: Date;
let lake: S3ObjectStore;
let local: MemoryObjectStore;
let scoreQueueUrl: string;
let alertsQueueUrl: string;
let topicArn: string;
let ingestBatches: number;
const logs = logCapture();

async function drain(queueUrl: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const { Messages = [] } = await aws().sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return out;
    out.push(...Messages);
    // Deleted as a consumer would: a FIFO queue hands out no more of a group while some is in flight.
    for (const { ReceiptHandle } of Messages)
      await aws().sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle }));
  }
}

beforeAll(async () => {
  asOf = new Date((await readFile(join(fixture, 'as-of.txt'), 'utf8')).trim());
  const landing = aws().createBucket('landing');
  const lakeBucket = aws().createBucket('lake');
  scoreQueueUrl = aws().createQueue('score', { fifo: true }).queueUrl;
  const topic = aws().createTopic('alerts');
  const alertsQueue = aws().createQueue('alerts');
  aws().server.subscribe({ topic: topic.topicName, queue: alertsQueue.queueName });
  topicArn = topic.topicArn;
  alertsQueueUrl = alertsQueue.queueUrl;
  lake = new S3ObjectStore({ client: aws().s3, bucket: lakeBucket });
  local = new MemoryObjectStore();

  const { jobs } = await readManifest(join(fixture, 'manifest.csv'));
  const records = [];
  for (const job of jobs) {
    const bytes = await readFile(job.path);
    const key = `landing/${job.submitter}/${job.type}/${basename(job.path)}`;
    await aws().s3.send(new PutObjectCommand({ Bucket: landing, Key: key, Body: bytes }));
    records.push(
      sqsRecord(objectCreatedBody({ bucket: landing, key, size: bytes.byteLength, time: job.receivedAt })),
    );
    await ingestPath(local, job);
  }

  const ingest = createIngestHandler({
    s3: aws().s3,
    sqs: aws().sqs,
    env: {
      LAKE_BUCKET: lakeBucket,
      SCORE_QUEUE_URL: scoreQueueUrl,
      DEAD_LETTER_QUEUE_URL: aws().createQueue('ingest-dead-letters', { fifo: true }).queueUrl,
    },
  });
  // SQS hands Lambda at most 10 records; FIFO order keeps the register ahead of the returns.
  ingestBatches = 0;
  for (let i = 0; i < records.length; i += 10) {
    const response = await ingest(sqsEvent(records.slice(i, i + 10)), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    ingestBatches++;
  }
}, 240_000);

describe('golden county through the Lambdas on fauxqs', () => {
  it('ingest writes the same lake keys as a local run of the same files', async () => {
    const keys = (await lake.list('')).map((o) => o.key);
    expect(keys.length).toBeGreaterThan(100);
    expect(keys).toEqual(local.keys());
    // The ledger records agree too, apart from when each was processed.
    for (const key of keys.filter((k) => k.startsWith('ledger/'))) {
      const { processed_at: _a, ...inS3 } = (await getJson<Submission>(lake, key))!;
      const { processed_at: _b, ...inMemory } = (await getJson<Submission>(local, key))!;
      expect(inS3).toEqual(inMemory);
    }
    const report = local.keys('reports/P001/').find((k) => k.endsWith('.html'))!;
    expect(await getText(lake, report)).toBe(local.text(report));
  });

  it('sends one score request per batch naming the months its accepted files touched', async () => {
    const messages = await drain(scoreQueueUrl);
    // Every batch here holds provider returns.
    expect(messages).toHaveLength(ingestBatches);
    const periods = messages.flatMap((m) => (JSON.parse(m.Body!) as { periods: string[] }).periods);
    const ledger = await Promise.all(
      local.keys('ledger/submissions/').map(async (k) => (await getJson<Submission>(local, k))!),
    );
    const touched = ledger
      .filter((s) => s.status !== 'rejected')
      .flatMap((s) => s.period.split(',').filter(Boolean));
    expect([...new Set(periods)].sort()).toEqual([...new Set(touched)].sort());
    for (const m of messages) {
      const body = JSON.parse(m.Body!) as { periods: string[] };
      expect(body.periods).toEqual([...new Set(body.periods)].sort());
    }

    const score = createScoreHandler({
      s3: aws().s3,
      sqs: aws().sqs,
      env: {
        LAKE_BUCKET: lake.bucket,
        DEAD_LETTER_QUEUE_URL: aws().createQueue('dlq', { fifo: true }).queueUrl,
      },
      now: () => asOf,
    });
    const records = messages.map((m) => sqsRecord(m.Body!, m.MessageId));
    expect(await score(sqsEvent(records), lambdaContext())).toEqual({ batchItemFailures: [] });

    // The register and other feeds without months ask for every month, as the local run does by default.
    const bodies = messages.map((m) => JSON.parse(m.Body!) as { allPeriods: boolean });
    expect(bodies.some((b) => b.allPeriods)).toBe(true);
    await scoreLake(local, { asOf, method: publishedMethod('v1') });
    const results = (await lake.list('results/')).map((o) => o.key);
    expect(results).toContain('results/scorecards/period=2025-04/part-0.parquet');
    expect(results).toEqual(local.keys('results/'));
    expect(await readResults(lake, 'scorecards')).toEqual(await readResults(local, 'scorecards'));
    expect(await readResults(lake, 'scorecards')).toHaveLength(19);
  });

  it('alerts publishes each new alert to SNS once', async () => {
    const alerts = createAlertsHandler({
      s3: aws().s3,
      sns: aws().sns,
      env: { LAKE_BUCKET: lake.bucket, ALERT_TOPIC_ARN: topicArn },
      // The schedule's payload sets the instant, not the clock.
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    const first = await alerts({ asOf: asOf.toISOString() }, lambdaContext());
    const expected = await raiseAlerts(
      local,
      { notify: async () => {} },
      { asOf, method: publishedMethod('v1'), now: () => new Date() },
    );
    expect(first).toMatchObject({ status: 'raised', asOf: asOf.toISOString() });
    if (first.status !== 'raised') throw new Error('unreachable');
    expect(first.raised).toBeGreaterThan(0);
    expect(first.alertKeys).toEqual(expected.raised.map((a) => a.key));

    expect(first.backfilled).toBe(expected.backfilled.length);

    // A first run publishes only the as-of month's and the month before's alerts; older ones are
    // stored as backfilled.
    const published = await drain(alertsQueueUrl);
    expect(published).toHaveLength(first.raised - first.backfilled);
    // Each e-mail opens with the alert's sentence, naming the provider as in the register.
    for (const m of published)
      expect((JSON.parse(m.Body!) as { Message: string }).Message.split('\n')[0]).toMatch(
        /^P\d+ [A-Z][^:]*: [a-z0-9].*\.$/,
      );
    const sentKeys = published.map((m) =>
      (JSON.parse(m.Body!) as { Message: string }).Message.split('\n').at(-1),
    );
    expect(sentKeys.sort()).toEqual(
      expected.notified.map((a) => `Alert key (v_alerts.alert_key): ${a.key}`).sort(),
    );

    // Raised alerts are remembered in the lake: the next scheduled run publishes nothing.
    expect(await alerts({ asOf: asOf.toISOString() }, lambdaContext())).toMatchObject({
      status: 'raised',
      raised: 0,
      alreadyKnown: first.raised,
    });
    expect(await drain(alertsQueueUrl)).toEqual([]);
  });

  it('logged no file contents on the way', () => {
    const text = logs.lines.join('\n');
    expect(logs.entries().filter((e) => e.message === 'file ingested').length).toBeGreaterThan(20);
    // Names and hours that appear only inside the fixture files.
    expect(text).not.toMatch(/Alpha Care|Beta Homecare|Gamma Support/);
  });
});
