// The runtime config (functions/api/CONTRACT.md part 3 §1): the same build runs under `carescore serve`
// (no /config.json: local mode, the role switch) and on AWS, where the deploy writes /config.json
// beside the page with the API's address and the Cognito app client to sign in with.

export interface AwsAuth {
  /** The user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<userPoolId>. */
  authority: string;
  /** The managed login domain, https://<prefix>.auth.<region>.amazoncognito.com. */
  domain: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
  scopes: string[];
}

export type AppConfig = { mode: 'local' } | { mode: 'aws'; apiUrl: string; auth: AwsAuth };
export type AwsConfig = Extract<AppConfig, { mode: 'aws' }>;

/** A config.json that is there but cannot be used: one sentence, shown on the page. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const fix = 'fix the file the deploy wrote beside the page (or deploy again), then reload.';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function url(value: unknown, name: string, endsWithSlash = false): string {
  if (typeof value !== 'string' || value === '')
    throw new ConfigError(`config.json has no ${name} (a web address): ${fix}`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`config.json's ${name} "${value}" is not a web address: ${fix}`);
  }
  // https only, except a test harness on this machine.
  const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:'))
    throw new ConfigError(`config.json's ${name} "${value}" must start with https://: ${fix}`);
  if (endsWithSlash && !value.endsWith('/'))
    throw new ConfigError(`config.json's ${name} "${value}" must end with "/": ${fix}`);
  return value;
}

/** The config.json of an AWS deploy, checked field by field; a ConfigError names the first fault. */
export function parseConfig(value: unknown): AppConfig {
  if (!isObject(value)) throw new ConfigError(`config.json is not a JSON object: ${fix}`);
  if (value.mode === 'local') return { mode: 'local' };
  if (value.mode !== 'aws')
    throw new ConfigError(
      `config.json's mode must be "aws" (or "local"), not ${JSON.stringify(value.mode)}: ${fix}`,
    );
  const auth = value.auth;
  if (!isObject(auth)) throw new ConfigError(`config.json has no auth object (the sign-in settings): ${fix}`);
  if (typeof auth.clientId !== 'string' || !/^[A-Za-z0-9_+-]{1,128}$/.test(auth.clientId))
    throw new ConfigError(`config.json's auth.clientId is missing or not an app client id: ${fix}`);
  const scopes = auth.scopes ?? ['openid'];
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && /^\S+$/.test(s)))
    throw new ConfigError(`config.json's auth.scopes must be a list of scope names: ${fix}`);
  if (!scopes.includes('openid'))
    throw new ConfigError(`config.json's auth.scopes must include "openid" (for the ID token): ${fix}`);
  return {
    mode: 'aws',
    apiUrl: url(value.apiUrl, 'apiUrl', true),
    auth: {
      authority: url(auth.authority, 'auth.authority').replace(/\/$/, ''),
      domain: url(auth.domain, 'auth.domain').replace(/\/$/, ''),
      clientId: auth.clientId,
      redirectUri: url(auth.redirectUri, 'auth.redirectUri'),
      logoutUri: url(auth.logoutUri, 'auth.logoutUri'),
      scopes: scopes as string[],
    },
  };
}

/**
 * Fetches /config.json from the page's own origin. None there (404), or the page itself in its place
 * (`carescore serve` answers every unknown address with index.html): local mode.
 */
export async function loadConfig(fetchConfig: typeof fetch = fetch): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchConfig('/config.json', {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ConfigError(
      'The page could not fetch its settings (/config.json): check the connection, then reload.',
    );
  }
  if (response.status === 404) return { mode: 'local' };
  const type = response.headers.get('Content-Type') ?? '';
  if (response.ok && type.startsWith('text/html')) return { mode: 'local' };
  if (!response.ok)
    throw new ConfigError(
      `The page's settings (/config.json) could not be read: the server answered ${response.status}; reload, or deploy again if it stays.`,
    );
  let value: unknown;
  try {
    value = JSON.parse(await response.text());
  } catch {
    throw new ConfigError(`config.json is not valid JSON: ${fix}`);
  }
  return parseConfig(value);
}
