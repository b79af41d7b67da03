// The upload API Lambda with HTTP API v2 events (JWT claims as API Gateway passes them) and a real
// S3 client on fauxqs. fauxqs 1.9.2 has no browser POST upload (POST to a bucket is read as
// DeleteObjects), so the presigned POST is checked by decoding its policy and verifying its
// signature with the test credentials.
import { createHash, createHmac } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import { createUploadHandler } from '../../../functions/upload/handler.ts';
import { localCredentials, localRegion, useLocalAws } from '../../helpers/fauxqs.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../../helpers/ingest.ts';
import { lambdaContext, logCapture } from './lambda-events.ts';

const aws = useLocalAws();
const maxBytes = 100 * 1024 * 1024;

const provider = { sub: 'u-1', 'custom:provider_id': 'P001' };
// HTTP APIs pass a JWT's array claims to Lambda as "[a b]" text.
const commissioner = { sub: 'u-2', 'cognito:groups': '[commissioners readers]' };

function httpEvent(
  routeKey: string,
  claims: Record<string, unknown> | null,
  extra: { body?: string; isBase64Encoded?: boolean; pathParameters?: Record<string, string> } = {},
) {
  const [method, path] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      accountId: '111122223333',
      apiId: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'api-request-1',
      routeKey,
      stage: '$default',
      time: '03/Jun/2024:09:00:00 +0000',
      timeEpoch: 1717405200000,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
    ...extra,
  };
}

const upload = (claims: Record<string, unknown> | null, body: unknown) =>
  httpEvent('POST /uploads', claims, { body: typeof body === 'string' ? body : JSON.stringify(body) });

function setUp(env: Record<string, string> = {}) {
  const landing = aws().createBucket('landing');
  const lake = aws().createBucket('lake');
  const logs = logCapture();
  const handler = createUploadHandler({
    s3: aws().s3,
    env: { LANDING_BUCKET: landing, LAKE_BUCKET: lake, UPLOAD_MAX_BYTES: String(maxBytes), ...env },
  });
  const call = async (event: unknown) =>
    (await handler(event, lambdaContext('lambda-request-1'))) as APIGatewayProxyStructuredResultV2 & {
      body: string;
    };
  return { landing, lake, logs, call };
}

interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  key: string;
  expiresAt: string;
}

// SigV4 for a POST policy: the policy (base64) signed with the date/region/service-scoped key.
function expectedSignature(fields: Record<string, string>): string {
  const date = fields['X-Amz-Date']!.slice(0, 8);
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = ['s3', 'aws4_request'].reduce(
    (key, part) => hmac(key, part),
    hmac(hmac(`AWS4${localCredentials.secretAccessKey}`, date), localRegion),
  );
  return createHmac('sha256', signingKey).update(fields.Policy!).digest('hex');
}

describe('upload handler: POST /uploads', () => {
  it('presigns one exact key under the provider prefix, with size limit and 15-minute expiry', async () => {
    const t = setUp();
    const before = Date.now();
    const response = await t.call(
      upload(provider, { type: 'monthly-return', fileName: 'March 2025 (v2).csv' }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
    const post = JSON.parse(response.body) as PresignedPost;
    expect(post.key).toBe('landing/P001/monthly-return/March_2025_v2_.csv');
    expect(post.url).toBe(`${aws().endpoint}/${t.landing}`);
    expect(post.fields.key).toBe(post.key);

    const policy = JSON.parse(Buffer.from(post.fields.Policy!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: t.landing },
        { key: 'landing/P001/monthly-return/March_2025_v2_.csv' },
        ['content-length-range', 1, maxBytes],
      ]),
    );
    // Nothing in the policy lets the key vary: no starts-with condition at all.
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
    const lifetime = new Date(policy.expiration).getTime() - before;
    expect(lifetime).toBeGreaterThan(14 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);
    expect(post.fields['X-Amz-Signature']).toBe(expectedSignature(post.fields));
    expect(t.logs.entries()).toMatchObject([
      {
        level: 'INFO',
        message: 'upload presigned',
        key: post.key,
        submitter: 'P001',
        function_request_id: 'lambda-request-1',
      },
    ]);
  });

  it('puts commissioners under landing/council, and only for council feeds', async () => {
    const t = setUp();
    const ok = await t.call(upload(commissioner, { type: 'sanctions', fileName: 'sanctions.xlsx' }));
    expect(JSON.parse(ok.body).key).toBe('landing/council/sanctions/sanctions.xlsx');
    const providerType = await t.call(upload(commissioner, { type: 'monthly-return', fileName: 'x.csv' }));
    expect(providerType.statusCode).toBe(403);
    expect(JSON.parse(providerType.body)).toEqual({
      message: 'A monthly-return file is sent by a provider, not by the council.',
    });
    const councilType = await t.call(upload(provider, { type: 'provider-register', fileName: 'x.csv' }));
    expect(councilType.statusCode).toBe(403);
    expect(JSON.parse(councilType.body)).toEqual({
      message: 'Only the council sends provider-register files.',
    });
  });

  it('keeps hostile names and ids inside the caller prefix', async () => {
    const t = setUp();
    for (const fileName of [
      '../../P002/monthly-return/x.csv',
      '..%2F..%2FP002%2Fx.csv',
      '/etc/passwd',
      'ｘ／..／y.csv',
    ]) {
      const response = await t.call(upload(provider, { type: 'monthly-return', fileName }));
      const { key } = JSON.parse(response.body) as PresignedPost;
      expect(key).toMatch(/^landing\/P001\/monthly-return\/[A-Za-z0-9._-]+$/);
      expect(key.split('/')).toHaveLength(4);
    }
    const otherProvider = await t.call(
      upload({ 'custom:provider_id': '../P002' }, { type: 'monthly-return', fileName: 'x.csv' }),
    );
    expect(otherProvider.statusCode).toBe(403);
  });

  it('answers 400 with a clear message for an unknown type or an unusable body', async () => {
    const t = setUp();
    const unknown = await t.call(upload(provider, { type: 'weekly-return', fileName: 'x.csv' }));
    expect(unknown.statusCode).toBe(400);
    expect(JSON.parse(unknown.body).message).toBe(
      '"weekly-return" is not an input type; use one of monthly-return, self-assessment, provider-register, clusters, cqc-locations, sanctions, offers, commissioned-hours, intelligence.',
    );
    expect((await t.call(upload(provider, 'not json'))).statusCode).toBe(400);
    expect((await t.call(upload(provider, { type: 'monthly-return' }))).statusCode).toBe(400);
    expect((await t.call(upload(provider, { type: 'monthly-return', fileName: '  ' }))).statusCode).toBe(400);
    const base64 = httpEvent('POST /uploads', provider, {
      body: Buffer.from(JSON.stringify({ type: 'self-assessment', fileName: 'q1.csv' })).toString('base64'),
      isBase64Encoded: true,
    });
    expect(JSON.parse((await t.call(base64)).body).key).toBe('landing/P001/self-assessment/q1.csv');
  });

  it('names the submission id ingest will give the file, when the body carries its SHA-256', async () => {
    const t = setUp();
    const text = `${monthlyHeader}\n${monthlyRow()}\n`;
    const sha256 = createHash('sha256').update(text).digest('hex');
    const response = await t.call(upload(provider, { type: 'monthly-return', fileName: 'jan.csv', sha256 }));
    expect(response.statusCode).toBe(200);
    const { submissionId } = JSON.parse(response.body) as { submissionId: string };
    const lake = new S3ObjectStore({ client: aws().s3, bucket: t.lake });
    await ingestText(lake, 'register.csv', registerCsv, 'provider-register');
    const { submission } = await ingestText(lake, 'jan.csv', text, 'monthly-return', 'P001');
    expect(submissionId).toBe(submission.submission_id);
    // Another sender's same bytes are another submission.
    const council = await t.call(upload(commissioner, { type: 'sanctions', fileName: 's.csv', sha256 }));
    expect(JSON.parse(council.body).submissionId).not.toBe(submissionId);
    // Without the hash, no id.
    const plain = await t.call(upload(provider, { type: 'monthly-return', fileName: 'jan.csv' }));
    expect(JSON.parse(plain.body)).not.toHaveProperty('submissionId');
  });

  it('answers 400 with a sentence for a sha256 that is not 64 lower-case hex digits', async () => {
    const t = setUp();
    for (const sha256 of ['abc', 'A'.repeat(64), 'g'.repeat(64), 42]) {
      const response = await t.call(upload(provider, { type: 'monthly-return', fileName: 'x.csv', sha256 }));
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).message).toMatch(/^The "sha256" field must be|^The body needs/);
    }
    const typed = await t.call(
      upload(provider, { type: 'monthly-return', fileName: 'x.csv', sha256: 'abc' }),
    );
    expect(JSON.parse(typed.body).message).toBe(
      'The "sha256" field must be the file\'s SHA-256 as 64 lower-case hex digits; send it so, or leave it out.',
    );
  });

  it('answers 403 when the caller has no usable provider id', async () => {
    const t = setUp();
    for (const claims of [
      null,
      { sub: 'u-3' },
      { 'custom:provider_id': '' },
      { 'custom:provider_id': 'council' },
    ]) {
      const response = await t.call(upload(claims, { type: 'monthly-return', fileName: 'x.csv' }));
      expect(response.statusCode).toBe(403);
    }
  });

  it('answers 500 without internals when the deployment is broken, and logs the stack', async () => {
    const t = setUp({ UPLOAD_MAX_BYTES: 'lots' });
    const response = await t.call(upload(provider, { type: 'monthly-return', fileName: 'x.csv' }));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      message: 'Something went wrong on our side.',
      requestId: 'lambda-request-1',
    });
    const [entry] = t.logs.entries().filter((e) => e.level === 'ERROR');
    expect((entry!.error as { message: string; stack: string }).message).toContain('UPLOAD_MAX_BYTES');
    expect((entry!.error as { stack: string }).stack).toMatch(/\n\s+at /);
  });
});

describe('upload handler: GET /reports/{submissionId}', () => {
  it("serves the caller's own report, and nobody else's", async () => {
    const t = setUp();
    const lake = new S3ObjectStore({ client: aws().s3, bucket: t.lake });
    await ingestText(lake, 'register.csv', registerCsv, 'provider-register');
    const { submission } = await ingestText(
      lake,
      'jan.csv',
      `${monthlyHeader}\n${monthlyRow()}\n`,
      'monthly-return',
      'P001',
    );
    const get = (claims: Record<string, unknown>, submissionId: string) =>
      t.call(httpEvent('GET /reports/{submissionId}', claims, { pathParameters: { submissionId } }));

    const own = await get(provider, submission.submission_id);
    expect(own.statusCode).toBe(200);
    expect(own.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(own.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(own.body).toContain(submission.submission_id);

    expect((await get({ 'custom:provider_id': 'P002' }, submission.submission_id)).statusCode).toBe(404);
    expect((await get(commissioner, submission.submission_id)).statusCode).toBe(404);
    const traversal = await get(provider, '../P002/sub_0123456789abcdef01234567');
    expect(traversal.statusCode).toBe(400);
    expect(JSON.parse(traversal.body).message).toMatch(/is not a submission id/);
  });

  it('answers 404 for a route it does not serve', async () => {
    const t = setUp();
    expect((await t.call(httpEvent('DELETE /uploads', provider))).statusCode).toBe(404);
  });
});
