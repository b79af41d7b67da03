// The ingest Lambda against fauxqs (S3 and SQS in process, real SDK clients): SQS batches of
// S3 "Object Created" events in, submissions in the S3 lake and one score request out.
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import type { Submission } from '../../../functions/domain/submission.ts';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { getJson } from '../../../functions/lake/object-store.ts';
import { useLocalAws } from '../../helpers/fauxqs.ts';
import { monthlyHeader, monthlyRow, registerCsv } from '../../helpers/ingest.ts';
import { lambdaContext, logCapture, objectCreatedBody, sqsEvent, sqsRecord } from './lambda-events.ts';

const aws = useLocalAws();

const receivedAt = new Date('2025-02-10T10:00:00Z');
// A value that appears only inside the files: no log line may contain it.
const secret = 'ZZ-ROW-VALUE-ZZ';
const register = registerCsv.replace('Acme Ashford', secret);
const january = `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ branch_id: '1-202' })}\n`;

async function setUp() {
  const landing = aws().createBucket('landing');
  const lake = aws().createBucket('lake');
  const queue = aws().createQueue('score', { fifo: true });
  const ingestQueue = aws().createQueue('ingest', { fifo: true });
  const deadLetterQueue = aws().createQueue('ingest-dead-letters', { fifo: true });
  const logs = logCapture();
  const handler = createIngestHandler({
    s3: aws().s3,
    sqs: aws().sqs,
    env: {
      LAKE_BUCKET: lake,
      SCORE_QUEUE_URL: queue.queueUrl,
      INGEST_QUEUE_URL: ingestQueue.queueUrl,
      DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl,
    },
    now: () => new Date('2025-06-01T00:00:00Z'),
  });
  const store = new S3ObjectStore({ client: aws().s3, bucket: lake });

  /** Puts a file in the landing bucket and returns the SQS record of its event. */
  async function land(key: string, content: string, messageId?: string) {
    await aws().s3.send(new PutObjectCommand({ Bucket: landing, Key: key, Body: content }));
    const size = new TextEncoder().encode(content).byteLength;
    return sqsRecord(objectCreatedBody({ bucket: landing, key, size, time: receivedAt }), messageId);
  }
  /** Receives (and deletes, as the scorer would) the waiting score requests, all in the one group. */
  async function scoreMessages(): Promise<Message[]> {
    const { Messages = [] } = await aws().sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    for (const message of Messages) {
      expect(message.Attributes?.MessageGroupId).toBe('score');
      await aws().sqs.send(
        new DeleteMessageCommand({ QueueUrl: queue.queueUrl, ReceiptHandle: message.ReceiptHandle! }),
      );
    }
    return Messages;
  }
  /** Every message waiting in a FIFO queue, with its group and attributes (received and deleted). */
  async function drain(queueUrl: string): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const { Messages = [] } = await aws().sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['MessageGroupId'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return all;
      all.push(...Messages);
      for (const { ReceiptHandle } of Messages)
        await aws().sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle }));
    }
  }
  const forwarded = () => drain(ingestQueue.queueUrl);
  const deadLetters = () => drain(deadLetterQueue.queueUrl);
  async function submissions(): Promise<Submission[]> {
    const ledger = await store.list('ledger/submissions/');
    return Promise.all(ledger.map(async ({ key }) => (await getJson<Submission>(store, key))!));
  }
  return { landing, handler, store, logs, land, scoreMessages, forwarded, deadLetters, submissions };
}

describe('ingest handler', () => {
  it('ingests each record, dead-letters the ones that can never succeed at once, dedupes by content and asks for one scoring', async () => {
    const t = await setUp();
    const registerRecord = await t.land('landing/council/provider-register/register.csv', register);
    expect(await t.handler(sqsEvent([registerRecord]), lambdaContext())).toEqual({ batchItemFailures: [] });
    // A register has no months but can change any month's scores, so every month is asked for.
    expect((await t.scoreMessages()).map((m) => JSON.parse(m.Body!))).toEqual([
      { periods: [], allPeriods: true },
    ]);

    const good = await t.land('landing/P001/monthly-return/jan.csv', january, 'good');
    const vanished = await t.land(
      'landing/P001/monthly-return/gone.csv',
      january.replace('HC', 'SIS'),
      'vanished',
    );
    await aws().s3.send(
      new DeleteObjectCommand({ Bucket: t.landing, Key: 'landing/P001/monthly-return/gone.csv' }),
    );
    const unknownType = await t.land('landing/P001/weekly-return/w.csv', january, 'unknown-type');
    const outsideLayout = await t.land('elsewhere/jan.csv', january, 'outside-layout');
    const malformed = sqsRecord('{"source": "aws.s3", "detail-type": "Object Cre', 'malformed');
    const notAnEvent = sqsRecord(JSON.stringify({ hello: 'world' }), 'not-an-event');
    const duplicate = sqsRecord(good.body, 'duplicate');

    const earlierLines = t.logs.lines.length;
    const response = await t.handler(
      sqsEvent([good, malformed, vanished, unknownType, outsideLayout, notAnEvent, duplicate]),
      lambdaContext('request-1'),
    );

    // None is retried: each is in the dead-letter queue now, with why, and its group moves on.
    expect(response).toEqual({ batchItemFailures: [] });
    const dead = await t.deadLetters();
    expect(
      dead.map((m) => [
        m.MessageAttributes?.sourceMessageId?.StringValue,
        m.MessageAttributes?.failure?.StringValue,
      ]),
    ).toEqual([
      ['malformed', 'InvalidEventError'],
      ['vanished', 'LandingObjectMissingError'],
      ['unknown-type', 'LandingKeyError'],
      ['outside-layout', 'LandingKeyError'],
      ['not-an-event', 'InvalidEventError'],
    ]);
    expect(dead[2]!.MessageAttributes?.reason?.StringValue).toContain('"weekly-return" is not an input type');
    expect(dead[2]!.Body).toBe(unknownType.body);
    const returns = (await t.submissions()).filter((s) => s.input_type === 'monthly-return');
    expect(returns).toHaveLength(1);
    expect(returns[0]).toMatchObject({
      provider_id: 'P001',
      file_name: 'jan.csv',
      status: 'accepted',
      rows_accepted: 2,
      received_at: receivedAt.toISOString(),
    });
    const messages = await t.scoreMessages();
    expect(messages.map((m) => JSON.parse(m.Body!))).toEqual([{ periods: ['2025-01'], allPeriods: false }]);

    // Every failure is logged with what a person needs to find it: the message id and the reason.
    const entries = t.logs.entries().slice(earlierLines);
    expect(entries.every((e) => e.function_request_id === 'request-1' && e.service === 'ingest')).toBe(true);
    const failed = entries.filter((e) => e.message === 'record dead-lettered');
    expect(failed.map((e) => [e.messageId, (e.error as { name: string }).name])).toEqual([
      ['malformed', 'InvalidEventError'],
      ['vanished', 'LandingObjectMissingError'],
      ['unknown-type', 'LandingKeyError'],
      ['outside-layout', 'LandingKeyError'],
      ['not-an-event', 'InvalidEventError'],
    ]);
    expect((failed[2]!.error as { message: string }).message).toContain(
      '"weekly-return" is not an input type',
    );
    const ingested = entries.filter((e) => e.message === 'file ingested');
    expect(ingested.map((e) => [e.messageId, e.key, e.status, e.alreadyReceived])).toEqual([
      ['good', 'landing/P001/monthly-return/jan.csv', 'accepted', false],
      ['duplicate', 'landing/P001/monthly-return/jan.csv', 'accepted', true],
    ]);
    expect(t.logs.lines.join('\n')).not.toContain(secret);
    expect(t.logs.lines.join('\n')).not.toContain('790.5');
  });

  it('redelivery of an ingested batch changes nothing but asks for the scoring again', async () => {
    const t = await setUp();
    await t.handler(sqsEvent([await t.land('landing/council/provider-register/r.csv', register)]));
    const record = await t.land('landing/P001/monthly-return/jan.csv', january);
    await t.handler(sqsEvent([record]));
    const before = (await t.store.list('')).map((o) => o.key);
    await t.scoreMessages();

    expect(await t.handler(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    expect((await t.store.list('')).map((o) => o.key)).toEqual(before);
    // If the first delivery's send had failed, this is what gets the months scored: the same text
    // within five minutes is still a new request, not de-duplicated by the FIFO queue.
    expect((await t.scoreMessages()).map((m) => JSON.parse(m.Body!))).toEqual([
      { periods: ['2025-01'], allPeriods: false },
    ]);
  });

  it('forwards a provider file from the arrival group to its provider group, and ingests a council feed there', async () => {
    const t = await setUp();
    const councilFeed = await t.land('landing/council/provider-register/r.csv', register);
    const providerFile = await t.land('landing/P001/monthly-return/jan.csv', january);
    const arrivals = [
      sqsRecord(councilFeed.body, 'council-1', 'landing'),
      sqsRecord(providerFile.body, 'provider-1', 'landing'),
    ];
    expect(await t.handler(sqsEvent(arrivals))).toEqual({ batchItemFailures: [] });
    // The council feed is in before anything that arrived after it is even routed.
    expect((await t.submissions()).map((s) => s.input_type)).toEqual(['provider-register']);
    const [message, ...others] = await t.forwarded();
    expect(others).toEqual([]);
    expect(message!.Attributes?.MessageGroupId).toBe('provider:P001');
    expect(message!.Body).toBe(providerFile.body);

    // In its own group, it is ingested.
    const inGroup = sqsRecord(message!.Body!, 'provider-2', 'provider:P001');
    expect(await t.handler(sqsEvent([inGroup]))).toEqual({ batchItemFailures: [] });
    expect((await t.submissions()).map((s) => s.input_type).sort()).toEqual([
      'monthly-return',
      'provider-register',
    ]);
    expect(await t.forwarded()).toEqual([]);
  });

  it('gives a file sent to the wrong place a rejected submission, and skips folder markers', async () => {
    const t = await setUp();
    const wrongSender = await t.land('landing/P001/provider-register/mine.csv', register);
    const folder = sqsRecord(
      objectCreatedBody({
        bucket: t.landing,
        key: 'landing/P001/monthly-return/',
        size: 0,
        time: receivedAt,
      }),
    );
    expect(await t.handler(sqsEvent([wrongSender, folder]))).toEqual({ batchItemFailures: [] });
    const [submission] = await t.submissions();
    expect(submission).toMatchObject({
      status: 'rejected',
      input_type: 'provider-register',
      file_error: { code: 'NOT_PERMITTED' },
    });
    expect(await t.scoreMessages()).toEqual([]);
    expect(t.logs.entries().some((e) => e.message === 'folder marker skipped')).toBe(true);
  });

  it('reads the object EventBridge names, its key as given: "+", "%", spaces and non-ASCII', async () => {
    const t = await setUp();
    await t.handler(sqsEvent([await t.land('landing/council/provider-register/r.csv', register)]));
    const name = 'Jan return+v2 100% (été).csv';
    const record = await t.land(`landing/P001/monthly-return/${name}`, january);
    expect(JSON.parse(record.body).detail.object.key).toBe(`landing/P001/monthly-return/${name}`);
    expect(await t.handler(sqsEvent([record]))).toEqual({ batchItemFailures: [] });
    const submission = (await t.submissions()).find((s) => s.input_type === 'monthly-return');
    expect(submission).toMatchObject({ file_name: name, status: 'accepted' });
  });

  it('fails the whole invocation, with a clear message, when its environment is incomplete', async () => {
    const logs = logCapture();
    const handler = createIngestHandler({ s3: aws().s3, sqs: aws().sqs, env: {} });
    await expect(handler(sqsEvent([]))).rejects.toThrow('Environment variable LAKE_BUCKET is not set.');
    expect(logs.entries()).toMatchObject([{ level: 'ERROR', message: 'invocation failed' }]);
  });
});

describe('ingest handler compaction', () => {
  it("compacts a month once it holds 16 returns' own files, so Athena reads one object for it", async () => {
    const t = await setUp();
    await t.handler(
      sqsEvent([await t.land('landing/council/provider-register/register.csv', registerCsv)]),
      lambdaContext(),
    );
    const returns = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: to - from }, (_, i) =>
          t.land(
            `landing/P001/monthly-return/r${from + i}.csv`,
            `${monthlyHeader}\n${monthlyRow({ calls_missed: from + i })}\n`,
            `r${from + i}`,
          ),
        ),
      );
    const month = 'curated/monthly_return/period=2025-01/';
    const files = async () => (await t.store.list(month)).map((o) => o.key.slice(month.length));
    expect(await t.handler(sqsEvent(await returns(0, 15)), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await files()).toHaveLength(15);
    expect(await t.handler(sqsEvent(await returns(15, 16)), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await files()).toEqual([expect.stringMatching(/^compacted-000001-[0-9a-f]{16}\.parquet$/)]);
    expect((await t.submissions()).filter((s) => s.input_type === 'monthly-return')).toHaveLength(16);
    expect(t.logs.lines.some((l) => l.includes('"compacted"'))).toBe(true);
  });
});
