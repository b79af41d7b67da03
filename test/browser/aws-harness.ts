// The web app in its AWS mode, on this machine (functions/api/CONTRACT.md part 3): web/dist served with a
// config.json, as CloudFront would with the deploy's response-headers policy, pointing at
//  (a) a test double of Cognito: its discovery document at the authority, and the managed login's
//      /oauth2/authorize, /oauth2/token and /logout at the domain. The token endpoint checks the PKCE
//      code_verifier against the code_challenge (S256) and the redirect_uri, as Cognito does, and
//      answers with an ID token carrying custom:provider_id (or cognito:groups);
//  (b) the real API app (createApiApp over a lake on disk with the real DuckDB engine), whose
//      identify reads the bearer token's claims (checking them is API Gateway's JWT authorizer's job:
//      here the test decodes them), with CORS for the page's origin only, and a double of
//      POST /uploads as the contract gives it;
//  (c) fauxqs as the landing bucket. fauxqs 1.9.2 cannot take a browser's POST upload, so a small
//      front takes the form, checks it against the presigned policy (signature, expiry, every
//      condition, the file last) as S3 does, and puts the object into fauxqs; then, as the S3 event
//      would, the landed object is read back and ingested (the pipeline's ingest step, through the
//      app's own upload route, so its write gate and scoring apply) a moment later.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { uploadPolicy } from '../../functions/aws/access/upload-policy.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { submissionIdFor } from '../../functions/lake/submission-id.ts';
import { openTestApi, type TestApi } from '../api/api-app.ts';
import { type LocalAws, localCredentials, localRegion, localS3Client } from '../helpers/fauxqs.ts';

const dist = resolve(import.meta.dirname, '../../web/dist');

interface Listening {
  url: string;
  close: () => Promise<void>;
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((done) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The claims of a JWT, decoded without checking its signature (API Gateway checks it on AWS). */
function claimsOf(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}

/** Who signs in at the double's managed login next: a provider or a commissioner. */
type TestUser = { email: string; providerId: string } | { email: string; commissioner: true };

export interface CognitoDouble {
  authority: string;
  domain: string;
  clientId: string;
  /** Who the next authorize request signs in. */
  user: TestUser;
  /** Seconds an ID token lives. */
  lifetime: number;
  /** What the token endpoint did with each code exchanged: 'ok' or the reason it refused. */
  exchanges: string[];
  logouts: number;
  close: () => Promise<void>;
}

export async function startCognitoDouble(page: {
  origin: string;
  redirectUri: string;
  logoutUri: string;
}): Promise<CognitoDouble> {
  const poolId = 'eu-west-2_TestPool';
  const clientId = 'testclient123';
  const codes = new Map<string, { challenge: string; redirectUri: string; user: TestUser; used: boolean }>();
  const allowPage = cors({
    origin: page.origin,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type'],
  });

  const authorityApp = new Hono();
  const domainApp = new Hono();
  const [authorityServer, domainServer] = await Promise.all([
    listen(authorityApp.fetch),
    listen(domainApp.fetch),
  ]);
  const authority = `${authorityServer.url}/${poolId}`;
  const domain = domainServer.url;
  const double: CognitoDouble = {
    authority,
    domain,
    clientId,
    user: { email: 'someone@example.test', commissioner: true },
    lifetime: 3600,
    exchanges: [],
    logouts: 0,
    close: async () => {
      await Promise.all([authorityServer.close(), domainServer.close()]);
    },
  };

  // Cognito's discovery document: no end_session_endpoint.
  authorityApp.use('*', allowPage);
  authorityApp.get(`/${poolId}/.well-known/openid-configuration`, (c) =>
    c.json({
      issuer: authority,
      authorization_endpoint: `${domain}/oauth2/authorize`,
      token_endpoint: `${domain}/oauth2/token`,
      userinfo_endpoint: `${domain}/oauth2/userInfo`,
      revocation_endpoint: `${domain}/oauth2/revoke`,
      jwks_uri: `${authority}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    }),
  );

  domainApp.use('/oauth2/token', allowPage);
  domainApp.get('/oauth2/authorize', (c) => {
    const q = c.req.query();
    if (q.client_id !== clientId) return c.text('invalid client_id', 400);
    if (q.redirect_uri !== page.redirectUri) return c.text('redirect_mismatch', 400);
    if (q.response_type !== 'code') return c.text('unsupported_response_type', 400);
    if (!q.scope?.split(' ').includes('openid')) return c.text('invalid_scope', 400);
    if (q.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge ?? ''))
      return c.text('PKCE with S256 is required', 400);
    // The managed login's page would ask for the password (and TOTP); the double signs in `user`.
    const code = randomUUID();
    codes.set(code, {
      challenge: q.code_challenge!,
      redirectUri: q.redirect_uri,
      user: double.user,
      used: false,
    });
    const back = new URL(page.redirectUri);
    back.searchParams.set('code', code);
    if (q.state) back.searchParams.set('state', q.state);
    return c.redirect(back.href, 302);
  });
  domainApp.post('/oauth2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const refuse = (reason: string) => {
      double.exchanges.push(reason);
      return c.json({ error: 'invalid_grant' }, 400);
    };
    if (form.get('grant_type') !== 'authorization_code') return refuse('grant_type');
    if (form.get('client_id') !== clientId) return refuse('client_id');
    const grant = codes.get(form.get('code') ?? '');
    if (!grant || grant.used) return refuse('code');
    grant.used = true;
    if (form.get('redirect_uri') !== grant.redirectUri) return refuse('redirect_uri');
    if (s256Challenge(form.get('code_verifier') ?? '') !== grant.challenge) return refuse('code_verifier');
    double.exchanges.push('ok');
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: randomUUID(),
      aud: clientId,
      iss: authority,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp: now + double.lifetime,
      email: grant.user.email,
      ...('providerId' in grant.user
        ? { 'custom:provider_id': grant.user.providerId }
        : { 'cognito:groups': ['commissioners'] }),
    };
    const idToken = [
      b64url(JSON.stringify({ kid: 'test', alg: 'RS256' })),
      b64url(JSON.stringify(claims)),
      b64url('test-double'),
    ].join('.');
    return c.json({
      id_token: idToken,
      access_token: `access-${randomUUID()}`,
      expires_in: double.lifetime,
      token_type: 'Bearer',
    });
  });
  domainApp.get('/logout', (c) => {
    if (c.req.query('client_id') !== clientId || c.req.query('logout_uri') !== page.logoutUri)
      return c.text('invalid logout request', 400);
    double.logouts += 1;
    return c.redirect(page.logoutUri, 302);
  });
  return double;
}

/** An Authorization header as the double's ID token for a provider would make it (for the test's own calls). */
export function bearerFor(double: CognitoDouble, providerId: string): string {
  const claims = {
    iss: double.authority,
    aud: double.clientId,
    token_use: 'id',
    exp: Math.floor(Date.now() / 1000) + 60,
    'custom:provider_id': providerId,
  };
  return `Bearer ${b64url('{}')}.${b64url(JSON.stringify(claims))}.x`;
}

/** As API Gateway's JWT authorizer would pass it on: the ID token's claims, if they are the pool's. */
function bearerIdentity(double: CognitoDouble) {
  return (request: Request): Identity | undefined => {
    const token = /^Bearer (\S+)$/.exec(request.headers.get('Authorization') ?? '')?.[1];
    const claims = token ? claimsOf(token) : undefined;
    if (!claims || claims.iss !== double.authority || claims.aud !== double.clientId) return undefined;
    if (claims.token_use !== 'id' || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now())
      return undefined;
    if (typeof claims['custom:provider_id'] === 'string')
      return { role: 'provider', provider_id: claims['custom:provider_id'] };
    const groups = claims['cognito:groups'];
    if (Array.isArray(groups) && groups.includes('commissioners'))
      return { role: 'commissioner', name: String(claims.email) };
    return undefined;
  };
}

interface PolicyDocument {
  expiration: string;
  conditions: (Record<string, string> | [string, ...unknown[]])[];
}

const s3Error = (status: number, code: string, message: string, extra = '') =>
  new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}</Error>`,
    {
      status,
      headers: { 'Content-Type': 'application/xml' },
    },
  );

export interface AwsWebHarness {
  pageUrl: string;
  cognito: CognitoDouble;
  api: TestApi;
  landingBucket: string;
  /** Keys put into the landing bucket, in order. */
  landed: string[];
  /** Errors of the harness's own ingests (none expected). */
  ingestErrors: string[];
  /** The largest file a presigned POST allows from now on. */
  maxBytes: number;
  close: () => Promise<void>;
}

/** Starts the page, the Cognito double, the API and the landing bucket's front over `lake`. */
export async function startAwsWebHarness(
  lake: string,
  aws: LocalAws,
  maxBytes = 1024 * 1024,
): Promise<AwsWebHarness> {
  // The page's server first: every other origin is allowed for it alone.
  let config: unknown = null;
  let csp = '';
  const pageApp = new Hono();
  const pageServer = await listen(pageApp.fetch);
  const origin = pageServer.url;
  const cognito = await startCognitoDouble({ origin, redirectUri: `${origin}/`, logoutUri: `${origin}/` });

  const landingBucket = aws.createBucket('landing');
  const landed: string[] = [];
  const ingestErrors: string[] = [];
  const api = await openTestApi(lake, { identify: bearerIdentity(cognito), now: () => new Date() });

  // (c) The landing bucket's front: S3's browser POST upload, checked as S3 checks it.
  const s3App = new Hono();
  s3App.use('*', cors({ origin, allowMethods: ['POST'] }));
  const s3Server = await listen(s3App.fetch);
  const presigner = localS3Client(s3Server.url);
  s3App.post(`/${landingBucket}`, async (c) => {
    const entries = [...((await c.req.raw.formData()) as unknown as Iterable<[string, FormDataEntryValue]>)];
    const last = entries.at(-1);
    if (last?.[0] !== 'file' || !(last[1] instanceof File))
      return s3Error(400, 'InvalidArgument', 'The file must be the last field of the form.');
    const file = last[1];
    const fields = new Map(entries.slice(0, -1).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const policyText = fields.get('policy') ?? '';
    const date = fields.get('x-amz-date') ?? '';
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const signingKey = [localRegion, 's3', 'aws4_request'].reduce(
      (key, part) => hmac(key, part),
      hmac(`AWS4${localCredentials.secretAccessKey}`, date.slice(0, 8)),
    );
    if (createHmac('sha256', signingKey).update(policyText).digest('hex') !== fields.get('x-amz-signature'))
      return s3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as PolicyDocument;
    if (Date.parse(policy.expiration) <= Date.now())
      return s3Error(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
    const covered = new Set(['policy', 'x-amz-signature', 'file']);
    const value = (name: string) => (name === 'bucket' ? landingBucket : fields.get(name));
    for (const condition of policy.conditions) {
      if (Array.isArray(condition)) {
        const [op, a, b] = condition;
        if (op === 'content-length-range') {
          if (file.size > Number(b))
            return s3Error(
              400,
              'EntityTooLarge',
              'Your proposed upload exceeds the maximum allowed size',
              `<ProposedSize>${file.size}</ProposedSize><MaxSizeAllowed>${b}</MaxSizeAllowed>`,
            );
          if (file.size < Number(a))
            return s3Error(
              400,
              'EntityTooSmall',
              'Your proposed upload is smaller than the minimum allowed size',
            );
          continue;
        }
        const name = String(a).replace(/^\$/, '').toLowerCase();
        covered.add(name);
        const ok =
          op === 'eq'
            ? value(name) === b
            : op === 'starts-with'
              ? (value(name) ?? '').startsWith(String(b))
              : false;
        if (!ok)
          return s3Error(
            403,
            'AccessDenied',
            `Invalid according to Policy: Policy Condition failed: ["${op}", "${a}", "${b}"]`,
          );
      } else {
        for (const [k, v] of Object.entries(condition)) {
          covered.add(k.toLowerCase());
          if (value(k.toLowerCase()) !== v)
            return s3Error(
              403,
              'AccessDenied',
              `Invalid according to Policy: Policy Condition failed: ["eq", "$${k}", "${v}"]`,
            );
        }
      }
    }
    const extra = [...fields.keys()].filter((k) => !covered.has(k) && !k.startsWith('x-ignore-'));
    if (extra.length > 0)
      return s3Error(
        403,
        'AccessDenied',
        `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
      );
    const key = fields.get('key')!;
    await aws.s3.send(
      new PutObjectCommand({
        Bucket: landingBucket,
        Key: key,
        Body: new Uint8Array(await file.arrayBuffer()),
      }),
    );
    landed.push(key);
    // The S3 event, a moment later: the landed object is read back and ingested.
    setTimeout(
      () => void ingestLanded(key).catch((e: Error) => ingestErrors.push(`${key}: ${e.message}`)),
      1500,
    );
    return c.body(null, 204);
  });

  async function ingestLanded(key: string): Promise<void> {
    const [, submitter, type, name] = /^landing\/([^/]+)\/([^/]+)\/(.+)$/.exec(key) ?? [];
    if (!submitter || !type || !name) throw new Error(`not a landing key: ${key}`);
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: landingBucket, Key: key }));
    const bytes = await object.Body!.transformToByteArray();
    const form = new FormData();
    form.set('type', type);
    form.set('file', new File([new Uint8Array(bytes)], name));
    const response = await api.app.request('/api/submissions', {
      method: 'POST',
      body: form,
      headers: { Authorization: bearerFor(cognito, submitter) },
    });
    if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  }

  // (b) The API: the app's routes under api/, the double of POST /uploads, CORS for the page only.
  const apiOuter = new Hono();
  apiOuter.use(
    '*',
    cors({ origin, allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST'] }),
  );
  apiOuter.post('/uploads', async (c) => {
    const identity = bearerIdentity(cognito)(c.req.raw);
    if (!identity) return c.json({ message: 'Unauthorized' }, 401);
    const body = (await c.req.json()) as { type: string; fileName: string; sha256?: string };
    const submitter = identity.role === 'provider' ? identity.provider_id : 'council';
    let policy: ReturnType<typeof uploadPolicy>;
    try {
      policy = uploadPolicy({
        submitter,
        type: body.type,
        fileName: body.fileName,
        bucket: landingBucket,
        maxBytes: harness.maxBytes,
      });
    } catch (e) {
      return c.json({ message: (e as Error).message }, 403);
    }
    const post = await createPresignedPost(presigner, {
      Bucket: landingBucket,
      Key: policy.key,
      Conditions: policy.conditions,
      Expires: policy.expiresSeconds,
    });
    return c.json({
      url: post.url,
      fields: post.fields,
      key: policy.key,
      expiresAt: new Date(Date.now() + policy.expiresSeconds * 1000).toISOString(),
      ...(body.sha256 ? { submissionId: submissionIdFor(body.type, submitter, body.sha256) } : {}),
    });
  });
  apiOuter.all('/api/*', (c) => api.app.fetch(c.req.raw));
  const apiServer = await listen(apiOuter.fetch);

  // (d) The page, as CloudFront serves the web bucket with the contract's response-headers policy.
  config = {
    mode: 'aws',
    apiUrl: `${apiServer.url}/`,
    auth: {
      authority: cognito.authority,
      domain: cognito.domain,
      clientId: cognito.clientId,
      redirectUri: `${origin}/`,
      logoutUri: `${origin}/`,
      scopes: ['openid', 'email', 'profile'],
    },
  };
  csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self' ${apiServer.url} ${cognito.domain} ${new URL(cognito.authority).origin} ${s3Server.url}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${cognito.domain}`,
    "frame-ancestors 'none'",
  ].join('; ');
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
  };
  pageApp.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  });
  pageApp.get('/config.json', (c) => c.json(config));
  pageApp.get('*', async (c) => {
    const path = normalize(decodeURIComponent(new URL(c.req.url).pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? 'index.html' : path.slice(1);
    try {
      const body = await readFile(join(dist, file));
      return c.body(body, 200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return c.text('Not found', 404);
    }
  });

  const harness: AwsWebHarness = {
    pageUrl: `${origin}/`,
    cognito,
    api,
    landingBucket,
    landed,
    ingestErrors,
    maxBytes,
    close: async () => {
      presigner.destroy();
      await Promise.all([pageServer.close(), apiServer.close(), s3Server.close(), cognito.close()]);
      await api.close();
    },
  };
  return harness;
}
