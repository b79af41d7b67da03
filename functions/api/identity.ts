// Who is asking, and what they may reach (the API contract's rules): a provider reaches only its
// own provider_id; commissioner-only routes are refused to providers.
import type { Context, MiddlewareHandler } from 'hono';
import type { Identity } from '../domain/identity.ts';
import { ApiError, forbidden } from './errors.ts';
import { providerIdParam } from './sql.ts';

export type ApiEnv = { Variables: { identity: Identity } };

/** The local identity header: `commissioner` or `provider:P001`. */
const identityHeader = 'X-Carescore-As';

/** Reads the local identity header; undefined when it is missing or not one of its two forms. */
export function identityFromHeader(request: Request): Identity | undefined {
  const value = request.headers.get(identityHeader)?.trim();
  if (value === 'commissioner') return { role: 'commissioner' };
  const provider = /^provider:([A-Za-z0-9][A-Za-z0-9._-]{0,39})$/.exec(value ?? '');
  return provider ? { role: 'provider', provider_id: provider[1]! } : undefined;
}

export function requireIdentity(
  identify: (request: Request, env: unknown) => Identity | undefined,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const identity = identify(c.req.raw, c.env);
    if (!identity)
      throw new ApiError(
        401,
        'Say who you are: sign in (locally, send the X-Carescore-As header, commissioner or provider:<id>).',
      );
    c.set('identity', identity);
    await next();
  };
}

export function requireCommissioner(c: Context<ApiEnv>): void {
  if (c.get('identity').role !== 'commissioner')
    throw forbidden(
      'Only commissioners can see this; a provider sees its own scorecard, returns and reports.',
    );
}

/** The :id of the route, when the identity may reach it: a commissioner, or that very provider. */
export function ownProviderId(c: Context<ApiEnv>): string {
  const id = providerIdParam(c.req.param('id'));
  const identity = c.get('identity');
  if (identity.role === 'provider' && identity.provider_id !== id)
    throw forbidden(
      `You are signed in as provider ${identity.provider_id}, so you can only see its own data.`,
    );
  return id;
}
