// A provider's upload on AWS (functions/api/CONTRACT.md part 3 §4), the browser's side, with fetch
// answered here: the presign request with the file's SHA-256 and the bearer token, the form to S3
// with the policy's fields first and the file last, the polling of the report, and one sentence for
// each way it can fail.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectRemote, getJson } from '../../web/src/api.ts';
import { pollEveryMs, pollForMs, sha256Hex, type UploadStage, uploadToAws } from '../../web/src/upload.ts';

const apiUrl = 'https://api.example.test/';
const bucketUrl = 'https://landing.s3.eu-west-2.amazonaws.com/';
const fields = { key: 'landing/P003/monthly-return/may.csv', Policy: 'cG9saWN5', 'X-Amz-Signature': 'abc' };
const submissionId = 'sub-123';
const report = {
  submission: { submission_id: submissionId, status: 'accepted', rows_accepted: 3, rows_rejected: 0 },
};

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (exp: number) => `${b64url({ alg: 'RS256' })}.${b64url({ sub: 'u1', exp })}.sig`;

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

let seen: Seen[] = [];
let unauthorized = 0;

/** Answers each request with the first matching handler's response. */
function answer(handlers: ((r: Seen) => Response | undefined | Promise<Response | undefined>)[]) {
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const request: Seen = {
      method: init.method ?? 'GET',
      url: String(input),
      headers: new Headers(init.headers),
      body: init.body,
    };
    seen.push(request);
    for (const handler of handlers) {
      const response = await handler(request);
      if (response) return response;
    }
    throw new Error(`unexpected ${request.method} ${request.url}`);
  });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const presign = (r: Seen) =>
  r.url === `${apiUrl}uploads`
    ? json(200, { url: bucketUrl, fields, key: fields.key, expiresAt: '2030-01-01T00:00:00Z', submissionId })
    : undefined;
const s3Ok = (r: Seen) => (r.url === bucketUrl ? new Response(null, { status: 204 }) : undefined);
const reportPath = `${apiUrl}api/providers/P003/submissions/${submissionId}/report`;

const file = new File(['provider_id,period\r\nP003,2025-05\r\n'], 'may.csv', { type: 'text/csv' });

function run(options: { sleeps?: number[]; clock?: { t: number } } = {}) {
  const stages: UploadStage[] = [];
  const clock = options.clock ?? { t: 0 };
  const promise = uploadToAws(
    { file, type: 'monthly-return', providerId: 'P003', onStage: (s) => stages.push(s) },
    {
      now: () => clock.t,
      sleep: async (ms) => {
        options.sleeps?.push(ms);
        clock.t += ms;
      },
    },
  );
  return { promise, stages };
}

describe('the upload on AWS', () => {
  beforeEach(() => {
    seen = [];
    unauthorized = 0;
    connectRemote({
      apiUrl,
      idToken: jwt(Math.floor(Date.now() / 1000) + 3600),
      onUnauthorized: () => {
        unauthorized += 1;
      },
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    connectRemote(null);
  });

  it('hashes the file with WebCrypto as sha256sum would', async () => {
    const bytes = await file.arrayBuffer();
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(Buffer.from(bytes)).digest('hex'));
  });

  it('asks for a presigned POST with the hash, sends the fields then the file, and polls until the report is there', async () => {
    let polls = 0;
    answer([
      presign,
      s3Ok,
      (r) =>
        r.url === reportPath
          ? ++polls < 3
            ? json(404, { error: 'not yet' })
            : json(200, report)
          : undefined,
    ]);
    const sleeps: number[] = [];
    const { promise, stages } = run({ sleeps });
    await expect(promise).resolves.toEqual({ kind: 'report', submissionId, report });
    expect(stages).toEqual(['sending', 'checking']);
    expect(sleeps).toEqual([pollEveryMs, pollEveryMs]);

    const [ask, post, ...gets] = seen;
    expect(ask!.method).toBe('POST');
    expect(ask!.headers.get('Authorization')).toMatch(/^Bearer ey/);
    expect(ask!.headers.get('X-Carescore-As')).toBeNull();
    expect(JSON.parse(String(ask!.body))).toEqual({
      type: 'monthly-return',
      fileName: 'may.csv',
      sha256: createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
    });
    // The form: the policy's fields in order, then the file, last; no bearer token to S3.
    expect(post!.method).toBe('POST');
    expect(post!.headers.get('Authorization')).toBeNull();
    const form = post!.body as FormData;
    expect([...(form as unknown as Iterable<[string, unknown]>)].map(([k]) => k)).toEqual([
      ...Object.keys(fields),
      'file',
    ]);
    expect(await (form.get('file') as File).text()).toBe(await file.text());
    expect((form.get('file') as File).name).toBe('may.csv');
    expect(gets.map((g) => [g.method, g.url, g.headers.get('Authorization')?.slice(0, 9)])).toEqual(
      Array(3).fill(['GET', reportPath, 'Bearer ey']),
    );
  });

  it('says the file was received when the report has not come in 3 minutes', async () => {
    answer([presign, s3Ok, (r) => (r.url === reportPath ? json(404, { error: 'not yet' }) : undefined)]);
    const { promise } = run();
    await expect(promise).resolves.toEqual({ kind: 'waiting', submissionId });
    const polls = seen.filter((r) => r.url === reportPath).length;
    expect(polls).toBe(pollForMs / pollEveryMs + 1);
  });

  it('says why when the presign is refused', async () => {
    answer([
      (r) =>
        r.url === `${apiUrl}uploads`
          ? json(403, { message: 'A monthly-return file is sent by a provider, not by the council.' })
          : undefined,
    ]);
    await expect(run().promise).rejects.toThrow(
      'The file was not sent: A monthly-return file is sent by a provider, not by the council.',
    );
    expect(seen).toHaveLength(1);
  });

  it('says the file is too large when S3 refuses it so', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message><ProposedSize>209715200</ProposedSize><MaxSizeAllowed>104857600</MaxSizeAllowed></Error>';
    answer([presign, (r) => (r.url === bucketUrl ? new Response(xml, { status: 400 }) : undefined)]);
    await expect(run().promise).rejects.toThrow(
      /^may\.csv is too large to send \(200 MB; the largest accepted is 100 MB\): split it or remove what is not needed, then send it again\.$/,
    );
  });

  it('says so when the permission ran out, and names any other refusal', async () => {
    const refuse = (code: string, message: string) =>
      answer([
        presign,
        (r) =>
          r.url === bucketUrl
            ? new Response(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
                status: 403,
              })
            : undefined,
      ]);
    refuse('AccessDenied', 'Invalid according to Policy: Policy expired.');
    await expect(run().promise).rejects.toThrow(
      'The permission to send may.csv ran out before it was sent: send it again.',
    );
    refuse('AccessDenied', 'Invalid according to Policy: Policy Condition failed');
    await expect(run().promise).rejects.toThrow(
      "The council's file store refused may.csv (AccessDenied: Invalid according to Policy: Policy Condition failed): send it again, and tell the council if it keeps happening.",
    );
  });

  it('says so when the file store cannot be reached (a network or CORS failure)', async () => {
    answer([
      presign,
      (r) => (r.url === bucketUrl ? Promise.reject(new TypeError('Failed to fetch')) : undefined),
    ]);
    await expect(run().promise).rejects.toThrow(
      "may.csv could not be sent to the council's file store: check your connection, then send it again.",
    );
  });

  it('sends no expired token: the person is asked to sign in again', async () => {
    connectRemote({
      apiUrl,
      idToken: jwt(Math.floor(Date.now() / 1000) - 5),
      onUnauthorized: () => (unauthorized += 1),
    });
    answer([]);
    await expect(getJson('/api/session')).rejects.toThrow(
      'Your sign-in has expired: sign in again to carry on.',
    );
    expect(seen).toHaveLength(0);
    expect(unauthorized).toBe(1);
  });

  it('a 401 from the API asks the person to sign in again', async () => {
    answer([(r) => (r.url === `${apiUrl}api/session` ? json(401, { message: 'Unauthorized' }) : undefined)]);
    await expect(getJson('/api/session')).rejects.toThrow(
      'Your sign-in has expired: sign in again to carry on.',
    );
    expect(unauthorized).toBe(1);
  });
});
