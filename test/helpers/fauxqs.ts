// One in-process fauxqs (S3/SQS/SNS emulator, DESIGN §6) per test file, and SDK clients pointed at
// it. fauxqs 1.9.2 is the last release that runs on Node 20.
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll } from 'vitest';

export const localRegion = 'us-east-1';
// fauxqs does not check signatures, but the SDK refuses to sign without some credentials.
export const localCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface LocalAws {
  readonly server: FauxqsServer;
  /** http://127.0.0.1:<port>, for clients built elsewhere (e.g. by a handler under test). */
  readonly endpoint: string;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  /** Creates a bucket with a unique name (so tests sharing a server never see each other's objects). */
  createBucket(prefix?: string): string;
  /** Creates a queue with a unique name (a FIFO one if asked); returns its URL, ARN and name. */
  createQueue(
    prefix?: string,
    options?: { fifo?: boolean },
  ): { queueUrl: string; queueArn: string; queueName: string };
  /** Creates a topic with a unique name; returns its ARN and name. */
  createTopic(prefix?: string): { topicArn: string; topicName: string };
  /** Stops the server and destroys the clients. */
  stop(): Promise<void>;
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: localRegion, credentials: localCredentials, forcePathStyle: true });
}

function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
}

export function localSnsClient(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: localRegion, credentials: localCredentials });
}

// S3 bucket names: lower case, digits and '-', 3-63 characters.
const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function startLocalAws(): Promise<LocalAws> {
  const server = await startFauxqs({ port: 0, logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const s3 = localS3Client(endpoint);
  const sqs = localSqsClient(endpoint);
  const sns = localSnsClient(endpoint);
  return {
    server,
    endpoint,
    s3,
    sqs,
    sns,
    createBucket: (prefix = 'bucket') => server.createBucket(uniqueName(prefix)).bucketName,
    createQueue: (prefix = 'queue', options = {}) =>
      options.fifo
        ? server.createQueue(`${uniqueName(prefix)}.fifo`, {
            // As infra makes them: content-based de-duplication on.
            attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
          })
        : server.createQueue(uniqueName(prefix)),
    createTopic: (prefix = 'topic') => {
      const topicName = uniqueName(prefix);
      return { topicArn: server.createTopic(topicName).topicArn, topicName };
    },
    async stop() {
      s3.destroy();
      sqs.destroy();
      sns.destroy();
      await server.stop();
    },
  };
}

/**
 * Starts fauxqs before the enclosing file's (or describe block's) tests and stops it after them.
 * Call at top level or inside describe; read the returned getter only inside tests or hooks.
 */
export function useLocalAws(): () => LocalAws {
  let aws: LocalAws | undefined;
  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws?.stop();
  });
  return () => {
    if (!aws) throw new Error('useLocalAws(): fauxqs is not running yet; read it inside a test or hook.');
    return aws;
  };
}
