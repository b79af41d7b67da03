// The score and alerts Lambdas' own failure modes, on fauxqs S3: bad messages, scoring failures,
// a lake with nothing scored yet. (The happy path is pipeline.test.ts.)
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import { createAlertsHandler } from '../../../functions/alerts/handler.ts';
import { scoreRequestBody } from '../../../functions/aws/events/score-request.ts';
import { createScoreHandler } from '../../../functions/score/handler.ts';
import { useLocalAws } from '../../helpers/fauxqs.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../../helpers/ingest.ts';
import { lambdaContext, logCapture, sqsEvent, sqsRecord } from './lambda-events.ts';

const aws = useLocalAws();
const asOf = new Date('2025-03-01T12:00:00Z');

async function lakeWithJanuary(): Promise<S3ObjectStore> {
  const store = new S3ObjectStore({ client: aws().s3, bucket: aws().createBucket('lake') });
  await ingestText(store, 'register.csv', registerCsv, 'provider-register');
  await ingestText(store, 'jan.csv', `${monthlyHeader}\n${monthlyRow()}\n`, 'monthly-return', 'P001');
  return store;
}

describe('score handler', () => {
  it('scores the union of the batch months and dead-letters the malformed messages at once', async () => {
    const store = await lakeWithJanuary();
    const logs = logCapture();
    const deadLetterQueue = aws().createQueue('score-dead-letters', { fifo: true });
    const score = createScoreHandler({
      s3: aws().s3,
      sqs: aws().sqs,
      env: { LAKE_BUCKET: store.bucket, DEAD_LETTER_QUEUE_URL: deadLetterQueue.queueUrl },
      now: () => asOf,
    });
    const response = await score(
      sqsEvent([
        sqsRecord(scoreRequestBody(['2025-01']), 'a'),
        sqsRecord('{"periods": ["January"]}', 'bad-period'),
        sqsRecord('not json', 'not-json'),
        sqsRecord(scoreRequestBody(['2025-01']), 'b'),
      ]),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    const dead: string[] = [];
    for (;;) {
      const { Messages = [] } = await aws().sqs.send(
        new ReceiveMessageCommand({ QueueUrl: deadLetterQueue.queueUrl, MessageAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) {
        dead.push(m.MessageAttributes!.sourceMessageId!.StringValue!);
        await aws().sqs.send(
          new DeleteMessageCommand({ QueueUrl: deadLetterQueue.queueUrl, ReceiptHandle: m.ReceiptHandle }),
        );
      }
    }
    expect(dead).toEqual(['bad-period', 'not-json']);
    expect((await store.list('results/scorecards/')).map((o) => o.key)).toEqual([
      'results/scorecards/period=2025-01/part-0.parquet',
    ]);
    expect(logs.entries().filter((e) => e.message === 'scoring')).toMatchObject([
      { periods: ['2025-01'], records: 4 },
    ]);
  });

  it('scores every month with data when a request asks for all of them', async () => {
    const store = await lakeWithJanuary();
    await ingestText(
      store,
      'feb.csv',
      `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`,
      'monthly-return',
      'P001',
    );
    logCapture();
    const score = createScoreHandler({
      s3: aws().s3,
      env: { LAKE_BUCKET: store.bucket, DEAD_LETTER_QUEUE_URL: 'https://sqs.example/unused.fifo' },
      now: () => asOf,
    });
    await score(sqsEvent([sqsRecord(scoreRequestBody([], true), 'all')]));
    expect((await store.list('results/scorecards/')).map((o) => o.key)).toEqual([
      'results/scorecards/period=2025-01/part-0.parquet',
      'results/scorecards/period=2025-02/part-0.parquet',
    ]);
  });

  it('does nothing when no message names a month', async () => {
    const store = await lakeWithJanuary();
    logCapture();
    const score = createScoreHandler({
      s3: aws().s3,
      env: { LAKE_BUCKET: store.bucket, DEAD_LETTER_QUEUE_URL: 'https://sqs.example/unused.fifo' },
    });
    expect(await score(sqsEvent([sqsRecord(scoreRequestBody([]), 'empty')]))).toEqual({
      batchItemFailures: [],
    });
    expect(await store.list('results/')).toEqual([]);
  });

  it('fails the whole batch when scoring fails, so every month is retried', async () => {
    const logs = logCapture();
    const score = createScoreHandler({
      s3: aws().s3,
      env: { LAKE_BUCKET: 'no-such-bucket', DEAD_LETTER_QUEUE_URL: 'https://sqs.example/unused.fifo' },
    });
    await expect(score(sqsEvent([sqsRecord(scoreRequestBody(['2025-01']))]))).rejects.toThrow(
      /no-such-bucket/,
    );
    expect(logs.entries().at(-1)).toMatchObject({ level: 'ERROR', message: 'invocation failed' });
  });
});

describe('alerts handler', () => {
  const handlerFor = (bucket: string) =>
    createAlertsHandler({
      s3: aws().s3,
      sns: aws().sns,
      env: { LAKE_BUCKET: bucket, ALERT_TOPIC_ARN: aws().createTopic('alerts').topicArn },
      now: () => asOf,
    });

  it('answers "nothing scored yet" as a result, not a failure', async () => {
    const store = await lakeWithJanuary();
    const logs = logCapture();
    expect(await handlerFor(store.bucket)({ source: 'scheduler' }, lambdaContext())).toEqual({
      status: 'no-results',
      asOf: asOf.toISOString(),
      message: 'There are no scoring results yet: score the lake first.',
    });
    expect(logs.entries()).toMatchObject([{ level: 'WARN', message: 'no scoring results yet' }]);
  });

  it('takes its payload from the message Scheduler put on the alerts queue', async () => {
    const store = await lakeWithJanuary();
    logCapture();
    const body = JSON.stringify({ scheduledTime: '2025-03-01T07:00:00Z', asOf: '2025-03-01T07:00:00Z' });
    expect(await handlerFor(store.bucket)(sqsEvent([sqsRecord(body, 'daily')]))).toMatchObject({
      status: 'no-results',
      asOf: '2025-03-01T07:00:00.000Z',
    });
    await expect(handlerFor(store.bucket)(sqsEvent([sqsRecord('not json')]))).rejects.toThrow(
      /Not a valid alerts schedule payload/,
    );
  });

  it('refuses a payload whose asOf is not an instant', async () => {
    const store = await lakeWithJanuary();
    await expect(handlerFor(store.bucket)({ asOf: 'yesterday' })).rejects.toThrow(
      /Not a valid alerts schedule payload/,
    );
  });
});
