// The runtime config (functions/api/CONTRACT.md part 3 §1): no /config.json (or the page itself in its
// place, as `carescore serve` answers any unknown address) is local mode; the AWS deploy's file is
// read field by field, and a faulty one is one sentence naming the field.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../web/src/config.ts';

const aws = {
  mode: 'aws',
  apiUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com/',
  auth: {
    authority: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEf',
    domain: 'https://carescore-council.auth.eu-west-2.amazoncognito.com',
    clientId: '1example23456789',
    redirectUri: 'https://d111111abcdef8.cloudfront.net/',
    logoutUri: 'https://d111111abcdef8.cloudfront.net/',
    scopes: ['openid', 'email', 'profile'],
  },
};

const answer = (status: number, body: string, type = 'application/json') =>
  (async () =>
    new Response(status === 204 ? null : body, {
      status,
      headers: { 'Content-Type': type },
    })) as typeof fetch;

describe('the runtime config', () => {
  it('reads the AWS deploy’s config.json as the contract writes it', () => {
    expect(parseConfig(aws)).toEqual(aws);
  });

  it('is local mode when there is no config.json (404)', async () => {
    await expect(loadConfig(answer(404, 'Not Found', 'text/plain'))).resolves.toEqual({ mode: 'local' });
  });

  it('is local mode when the server answers with the page itself (carescore serve)', async () => {
    await expect(
      loadConfig(answer(200, '<!doctype html><html></html>', 'text/html; charset=utf-8')),
    ).resolves.toEqual({
      mode: 'local',
    });
  });

  it('fetches /config.json from the page’s own origin, uncached', async () => {
    const asked: [string, RequestInit | undefined][] = [];
    const fetchConfig = (async (input: string, init?: RequestInit) => {
      asked.push([input, init]);
      return new Response(JSON.stringify(aws), { headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    await expect(loadConfig(fetchConfig)).resolves.toEqual(aws);
    expect(asked.map(([path, init]) => [path, init?.cache])).toEqual([['/config.json', 'no-store']]);
  });

  it.each([
    ['not JSON', answer(200, '{"mode": "aws",'), /^config\.json is not valid JSON: fix the file/],
    ['a server error', answer(500, 'oops', 'text/plain'), /answered 500; reload, or deploy again/],
    [
      'an unreachable server',
      (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
      /could not fetch its settings/,
    ],
  ])('says in one sentence what is wrong with %s', async (_name, fetchConfig, message) => {
    const error = await loadConfig(fetchConfig).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.trim().split(/(?<=\.)\s/)).toHaveLength(1);
  });

  const broken = (change: (c: typeof aws & Record<string, unknown>) => void) => {
    const copy = structuredClone(aws) as typeof aws & Record<string, unknown>;
    change(copy);
    return copy;
  };

  it.each([
    ['an array', [], /^config\.json is not a JSON object/],
    [
      'another mode',
      broken((c) => {
        c.mode = 'cloud';
      }),
      /mode must be "aws" \(or "local"\), not "cloud"/,
    ],
    [
      'no auth',
      broken((c) => {
        delete (c as Partial<typeof aws>).auth;
      }),
      /has no auth object/,
    ],
    [
      'an apiUrl without the final slash',
      broken((c) => {
        c.apiUrl = 'https://abc.execute-api.eu-west-2.amazonaws.com';
      }),
      /apiUrl .* must end with "\/"/,
    ],
    [
      'an http apiUrl',
      broken((c) => {
        c.apiUrl = 'http://abc.example/';
      }),
      /apiUrl "http:\/\/abc\.example\/" must start with https:\/\//,
    ],
    [
      'no domain',
      broken((c) => {
        delete (c.auth as Partial<typeof aws.auth>).domain;
      }),
      /has no auth\.domain/,
    ],
    [
      'a redirectUri that is no address',
      broken((c) => {
        c.auth.redirectUri = 'cloudfront';
      }),
      /auth\.redirectUri "cloudfront" is not a web address/,
    ],
    [
      'no clientId',
      broken((c) => {
        c.auth.clientId = '';
      }),
      /auth\.clientId is missing/,
    ],
    [
      'scopes without openid',
      broken((c) => {
        c.auth.scopes = ['email'];
      }),
      /must include "openid"/,
    ],
    [
      'scopes as text',
      broken((c) => {
        (c.auth as Record<string, unknown>).scopes = 'openid email';
      }),
      /auth\.scopes must be a list/,
    ],
  ])('refuses %s with one sentence naming the field', (_name, value, message) => {
    expect(() => parseConfig(value)).toThrow(ConfigError);
    expect(() => parseConfig(value)).toThrow(message);
  });

  it('drops a trailing slash from the authority and the domain (endpoints are appended to them)', () => {
    const config = parseConfig(
      broken((c) => {
        c.auth.domain += '/';
        c.auth.authority += '/';
      }),
    );
    expect(config.mode === 'aws' && [config.auth.domain, config.auth.authority]).toEqual([
      aws.auth.domain,
      aws.auth.authority,
    ]);
  });
});
