// Builders for the events AWS hands the Lambdas, shaped as AWS documents them, and a log capture.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LandingObject {
  bucket: string;
  key: string;
  size: number;
  time: Date;
}

/** The EventBridge "Object Created" event for an object (its key as it is: EventBridge does not encode it). */
export function objectCreatedBody(object: LandingObject): string {
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    time: object.time.toISOString().replace(/\.000Z$/, 'Z'),
    region: 'eu-west-2',
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: {
        key: object.key,
        size: object.size,
        etag: 'b1946ac92492d2347c6235b4d2611184',
        sequencer: '00617F08299329D189',
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      reason: 'PutObject',
    },
  });
}

export interface SqsTestRecord {
  messageId: string;
  body: string;
  /** The record's FIFO message group. @default none (a standard queue's record) */
  groupId?: string;
}

export function sqsRecord(body: string, messageId: string = randomUUID(), groupId?: string): SqsTestRecord {
  return { messageId, body, ...(groupId === undefined ? {} : { groupId }) };
}

/** An SQS event with the attributes Lambda adds, around these records. */
export function sqsEvent(records: readonly SqsTestRecord[]) {
  return {
    Records: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: `handle-${r.messageId}`,
      body: r.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1717405200000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1717405200001',
        ...(r.groupId === undefined ? {} : { MessageGroupId: r.groupId }),
      },
      messageAttributes: {},
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-2:111122223333:carescore-ingest',
      awsRegion: 'eu-west-2',
    })),
  };
}

export function lambdaContext(requestId: string = randomUUID()): Context {
  return { awsRequestId: requestId } as Context;
}

/**
 * Collects the log lines written from now on (until the next logCapture) and parses them; fails the
 * test on any line that is not JSON. The handlers' Powertools loggers write through their own
 * console to process.stdout (process.stderr for warnings and errors), the streams Lambda stores, so
 * the lines are taken there, exactly as Lambda would get them, and kept out of the test output.
 */
export function logCapture() {
  const lines: string[] = [];
  captureStreams();
  capturing = lines;
  return {
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

let capturing: string[] | undefined;
let streamsCaptured = false;

function captureStreams(): void {
  if (streamsCaptured) return;
  streamsCaptured = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    // Each line is one write, '{' to '\n'; anything else (a warning from Node, say) passes through.
    stream.write = function (this: typeof stream, chunk: unknown, ...rest: unknown[]) {
      if (capturing && typeof chunk === 'string' && chunk.startsWith('{')) {
        capturing.push(chunk.trimEnd());
        return true;
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  }
}
