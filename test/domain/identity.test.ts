// Who is asking the API is one type, functions/domain/identity.ts: the API is given it (ApiDeps),
// the local header and the AWS claims both read as it, and no other file of functions/ writes the
// same union out again (aws/ may not import api/, so it once had its own copy).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiDeps } from '../../functions/api/deps.ts';
import { identityFromHeader } from '../../functions/api/identity.ts';
import { callerFromClaims } from '../../functions/aws/access/principal.ts';
import type { Identity } from '../../functions/domain/identity.ts';

const functions = resolve(import.meta.dirname, '../../functions');

describe('Identity', () => {
  it('is what the API is given and what the header and the claims are read as', () => {
    expectTypeOf<ReturnType<ApiDeps['identify']>>().toEqualTypeOf<Identity | undefined>();
    expectTypeOf(identityFromHeader).returns.toEqualTypeOf<Identity | undefined>();
    expectTypeOf(callerFromClaims).returns.toEqualTypeOf<Identity>();
    const commissioner: Identity = { role: 'commissioner', name: 'ann@council.example' };
    const provider: Identity = { role: 'provider', provider_id: 'P001' };
    expect(callerFromClaims({ 'cognito:groups': '[commissioners]', email: commissioner.name })).toEqual(
      commissioner,
    );
    expect(callerFromClaims({ 'custom:provider_id': 'P001' })).toEqual(provider);
    expect(
      identityFromHeader(
        new Request('http://x/api/session', { headers: { 'X-Carescore-As': 'provider:P001' } }),
      ),
    ).toEqual(provider);
  });

  it('is declared once, in the domain', () => {
    const declaring = readdirSync(functions, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /type \w+ =\s*\{\s*role: 'commissioner'/.test(readFileSync(join(functions, f), 'utf8')))
      .map((f) => relative(functions, join(functions, f)));
    expect(declaring).toEqual(['domain/identity.ts']);
  });
});
