// Every wait shorter than the function that waits: SDK requests (idle timeout × attempts) inside
// each Lambda's timeout, and a stalled connection really abandoned.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functionTimeoutSeconds,
  sdkClientOptions,
  sdkMaxAttempts,
  sdkRequestTimeoutMs,
  type TimedFunction,
  viewsDeadlineMarginMs,
  webApiQueryTimeoutMs,
} from '../../../functions/aws/timeouts.ts';

describe('Lambda timeouts', () => {
  it.each(Object.keys(functionTimeoutSeconds) as TimedFunction[])(
    '%s: a stalled SDK call, retried, gives up well inside the function timeout',
    (name) => {
      expect(sdkMaxAttempts * sdkRequestTimeoutMs[name]).toBeLessThan(functionTimeoutSeconds[name] * 1000);
    },
  );

  it('leave the views Lambda time to report a slow statement', () => {
    expect(viewsDeadlineMarginMs).toBeLessThan(functionTimeoutSeconds.views * 1000);
    expect(viewsDeadlineMarginMs).toBeGreaterThan(sdkRequestTimeoutMs.views);
  });
});

describe('the web API Lambda', () => {
  it("stops waiting for Athena with time left to stop the query and answer, inside API Gateway's 30 s", () => {
    expect(functionTimeoutSeconds.webApi).toBeLessThan(30);
    expect(webApiQueryTimeoutMs + 2 * sdkRequestTimeoutMs.webApi).toBeLessThan(
      functionTimeoutSeconds.webApi * 1000,
    );
  });
});

describe('SDK clients', () => {
  // A server that accepts the request and never answers: a stalled connection.
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('abandon a request that stalls, after the idle timeout and the retries', async () => {
    const s3 = new S3Client({
      ...sdkClientOptions('upload'),
      endpoint,
      region: 'eu-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const started = Date.now();
    await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toThrow();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(sdkRequestTimeoutMs.upload);
    expect(elapsed).toBeLessThan(functionTimeoutSeconds.upload * 1000);
    s3.destroy();
  }, 20_000);
});
