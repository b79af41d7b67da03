// The web app's API Lambda with API Gateway HTTP API v2 events (`ANY /api/{proxy+}`, JWT claims as
// API Gateway passes them): the lake in fauxqs's S3, the views read by DuckDB over the same lake
// on disk (the local route tests' engine), and once through the Athena replay, so the Athena
// wiring runs too. The local route tests' checks, where they apply on AWS.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.ts';
import { uploadsElsewhere } from '../../../functions/api/routes/submissions.ts';
import { ReopeningEngine } from '../../../functions/cli/commands/serve.ts';
import { keys } from '../../../functions/lake/keys.ts';
import { readStoredAlerts } from '../../../functions/pipeline/raise-alerts.ts';
import { createWebApiHandler } from '../../../functions/web-api/handler.ts';
import {
  commissionerRoutes,
  itRefusesAnotherProvidersAndCommissionerRoutes,
} from '../../api/access-cases.ts';
import { useLocalAws } from '../../helpers/fauxqs.ts';
import { buildFixtureLake } from '../../queries/fixture-lake.ts';
import { replayAthena, type ScriptedResponse } from '../adapters/athena-replay.ts';
import { lambdaContext, logCapture } from './lambda-events.ts';

const aws = useLocalAws();

const commissioner = { sub: 'u-c', email: 'ann@council.example', 'cognito:groups': '[commissioners]' };
const provider = (id: string) => ({ sub: `u-${id}`, 'custom:provider_id': id });

interface Call {
  claims?: Record<string, unknown> | null;
  headers?: Record<string, string>;
  body?: string;
}

/** An HTTP API payload 2.0 event for the `ANY /api/{proxy+}` route, as API Gateway sends it. */
function apiEvent(method: string, pathAndQuery: string, call: Call = {}) {
  const [path = '', query = ''] = pathAndQuery.split('?');
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: query,
    headers: {
      accept: 'application/json',
      host: 'abc123.execute-api.eu-west-2.amazonaws.com',
      origin: 'https://d111111abcdef8.cloudfront.net',
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...call.headers,
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    pathParameters: { proxy: path.replace(/^\/api\//, '') },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'api-request-1',
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '03/Jun/2025:09:00:00 +0000',
      timeEpoch: 1748941200000,
      ...(call.claims ? { authorizer: { jwt: { claims: call.claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
    ...(call.body === undefined ? {} : { body: call.body }),
  };
}

let lakeDir: string;
let bucket: string;
let engine: ReopeningEngine;
let handler: ReturnType<typeof createWebApiHandler>;

beforeAll(async () => {
  lakeDir = await buildFixtureLake();
  bucket = aws().createBucket('lake');
  for (const entry of await readdir(lakeDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    await aws().s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: relative(lakeDir, path), Body: await readFile(path) }),
    );
  }
  engine = await ReopeningEngine.open(lakeDir);
  handler = createWebApiHandler({
    s3: aws().s3,
    queries: engine,
    env: { LAKE_BUCKET: bucket },
    now: () => new Date('2025-06-01T00:00:00Z'),
  });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  if (lakeDir) await rm(lakeDir, { recursive: true, force: true });
});

async function call(method: string, path: string, options: Call = {}, on = handler) {
  const result = (await on(
    apiEvent(method, path, options) as never,
    lambdaContext(),
  )) as APIGatewayProxyResult;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

describe('web API Lambda: who is asking comes from the verified claims only', () => {
  it('answers 401 without claims, whatever X-Carescore-As says', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'X-Carescore-As': 'commissioner' },
      { 'x-carescore-as': 'provider:P1' },
    ]) {
      const { status, body } = await call('GET', '/api/session', { headers });
      expect(status).toBe(401);
      expect(body.error).toMatch(/^Say who you are/);
    }
  });

  it('ignores X-Carescore-As from a signed-in provider', async () => {
    const claims = provider('P1');
    const session = await call('GET', '/api/session', {
      claims,
      headers: { 'X-Carescore-As': 'commissioner' },
    });
    expect(session.status).toBe(200);
    expect(session.body.identity).toEqual({ role: 'provider', provider_id: 'P1' });
    expect(session.body.local).toBe(false);
    expect(session.body.providers).toEqual([{ provider_id: 'P1', provider_name: 'Alpha Care' }]);
    const overview = await call('GET', '/api/overview', {
      claims,
      headers: { 'X-Carescore-As': 'commissioner' },
    });
    expect(overview.status).toBe(403);
  });

  it('names a commissioner from the group claim, by e-mail', async () => {
    const { status, body } = await call('GET', '/api/session', { claims: commissioner });
    expect(status).toBe(200);
    expect(body.identity).toEqual({ role: 'commissioner', name: 'ann@council.example' });
    expect((body.providers as unknown[]).length).toBe(6);
  });

  it('refuses (403, one sentence) an account with no provider id or a bad one', async () => {
    for (const claims of [{ sub: 'u-x' }, provider('../P2'), provider('council')]) {
      const { status, body } = await call('GET', '/api/session', { claims });
      expect(status).toBe(403);
      expect(body.error).toMatch(/^Your account has (no|an invalid) provider id; ask the council/);
    }
  });
});

describe('web API Lambda: a provider reaches only its own data', () => {
  itRefusesAnotherProvidersAndCommissionerRoutes((path) => call('GET', path, { claims: provider('P1') }));

  it.each(commissionerRoutes)('%s answers a commissioner, with no-store', async (path) => {
    const { status, headers } = await call('GET', path, { claims: commissioner });
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
  });

  it("answers a provider's own page with its own rows", async () => {
    const { status, body } = await call('GET', '/api/providers/P1', { claims: provider('P1') });
    expect(status).toBe(200);
    expect((body.provider as { provider_name: string }).provider_name).toBe('Alpha Care');
    for (const row of body.scorecards as Record<string, unknown>[]) expect(row.provider_id).toBe('P1');
  });

  it('reads a submission report from the lake bucket', async () => {
    const store = new S3ObjectStore({ client: aws().s3, bucket });
    await store.put(keys.reportJson('P1', 'sub_aaa'), JSON.stringify({ from: 's3', problems: [] }));
    const { status, body } = await call('GET', '/api/providers/P1/submissions/sub_aaa/report', {
      claims: provider('P1'),
    });
    expect(status).toBe(200);
    expect(body).toEqual({ from: 's3', problems: [] });
  });
});

describe('web API Lambda: templates', () => {
  it('serves the CSV template, and says where the .xlsx one is (no workbook library in the Lambda)', async () => {
    const csv = (await handler(
      apiEvent('GET', '/api/templates/monthly-return.csv', { claims: provider('P1') }) as never,
      lambdaContext(),
    )) as APIGatewayProxyResult;
    expect(csv.statusCode).toBe(200);
    expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split(',')[0]).toBe('provider_id');
    const xlsx = await call('GET', '/api/templates/monthly-return.xlsx', { claims: provider('P1') });
    expect(xlsx.status).toBe(404);
    expect(xlsx.body.error).toBe(
      'The monthly-return.xlsx template is not served here: use monthly-return.csv, or make it with carescore template --type monthly-return --format xlsx --out monthly-return.xlsx.',
    );
  });
});

describe('web API Lambda: writes', () => {
  it('does not ingest: POST /api/submissions says to use POST /uploads (405)', async () => {
    const { status, body } = await call('POST', '/api/submissions', { claims: provider('P1'), body: '{}' });
    expect(status).toBe(405);
    expect(body).toEqual({ error: uploadsElsewhere });
    expect(uploadsElsewhere).toMatch(/^On AWS, send files through POST \/uploads/);
  });

  it("acknowledges and withdraws an alert in the lake bucket, by the commissioner's name", async () => {
    const key = 'RISK_CRITICAL|P3|2025-02';
    const path = `/api/alerts/${encodeURIComponent(key)}`;
    expect((await call('POST', `${path}/acknowledge`, { claims: provider('P3') })).status).toBe(403);
    expect((await call('POST', `${path}/acknowledge`, { claims: commissioner })).status).toBe(200);
    const withdrawn = await call('POST', `${path}/withdraw`, {
      claims: commissioner,
      body: JSON.stringify({ reason: 'Raised in error' }),
    });
    expect(withdrawn.status).toBe(200);
    const stored = await readStoredAlerts(new S3ObjectStore({ client: aws().s3, bucket }));
    expect(stored.find((a) => a.alert.key === key)).toMatchObject({
      status: 'withdrawn',
      withdrawn_reason: 'Raised in error',
      acknowledged_by: 'ann@council.example',
    });
    const unknown = await call(
      'POST',
      `/api/alerts/${encodeURIComponent('RISK_CRITICAL|P9|2025-02')}/acknowledge`,
      {
        claims: commissioner,
      },
    );
    expect(unknown.status).toBe(404);
  });
});

describe('web API Lambda on Athena', () => {
  const athenaHandler = (script: ScriptedResponse[]) => {
    const replay = replayAthena(script);
    const on = createWebApiHandler({
      s3: aws().s3,
      athena: replay.client,
      env: { LAKE_BUCKET: bucket, ATHENA_WORKGROUP: 'carescore-wg', GLUE_DATABASE: 'carescore_db' },
    });
    return { on, replay };
  };
  const start: ScriptedResponse = { operation: 'StartQueryExecution', fixture: 'start-query-execution' };

  it('queries the views in the configured workgroup and database', async () => {
    const { on, replay } = athenaHandler([
      start,
      { operation: 'GetQueryExecution', fixture: 'get-query-execution-succeeded' },
      { operation: 'GetQueryResults', fixture: 'get-query-results-page1' },
      { operation: 'GetQueryResults', fixture: 'get-query-results-page2' },
      { operation: 'GetQueryResults', fixture: 'get-query-results-page3' },
    ]);
    const { status, body } = await call('GET', '/api/alerts', { claims: commissioner }, on);
    expect(status).toBe(200);
    expect((body.alerts as unknown[]).length).toBeGreaterThan(0);
    expect(replay.requests[0]?.body).toMatchObject({
      QueryString: expect.stringMatching(/FROM v_alerts/),
      WorkGroup: 'carescore-wg',
      QueryExecutionContext: { Database: 'carescore_db' },
    });
    expect(replay.remaining()).toBe(0);
  });

  it('answers a failed query with a sentence, never a stack or the query', async () => {
    const { on } = athenaHandler([
      start,
      { operation: 'GetQueryExecution', fixture: 'get-query-execution-failed' },
    ]);
    const logs = logCapture();
    const { status, body } = await call('GET', '/api/alerts', { claims: commissioner }, on);
    expect(status).toBe(500);
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(/^Something went wrong on the server/);
    expect(JSON.stringify(body)).not.toMatch(/v_alerts|Athena|\n\s+at /);
    // The detail goes to the function's log, for whoever runs it.
    expect(logs.entries()).toMatchObject([
      {
        level: 'ERROR',
        service: 'web-api',
        message: expect.stringMatching(/GET \/api\/alerts failed: .*FAILED/),
      },
    ]);
  });
});
