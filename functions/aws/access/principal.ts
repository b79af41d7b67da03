// Who is calling the upload API, from the Cognito claims API Gateway's JWT authorizer verified:
// a commissioner (group 'commissioners') acts for the council; anyone else must carry a provider id.
import type { Identity } from '../../domain/identity.ts';
import { AccessDeniedError } from './errors.ts';

export const commissionersGroup = 'commissioners';
export const providerIdClaim = 'custom:provider_id';
const groupsClaim = 'cognito:groups';

/** The submitter a caller acts as: a provider id, or 'council'. Always safe as one key segment. */
export type Submitter = string;

// Provider ids become a key segment (landing/<id>/…, reports/<id>/…): no separators, dots or
// encodings can get through, and 'council' is not a provider.
const providerIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function submitterFromClaims(claims: Readonly<Record<string, unknown>>): Submitter {
  if (groupsOf(claims[groupsClaim]).includes(commissionersGroup)) return 'council';
  const providerId = claims[providerIdClaim];
  if (typeof providerId !== 'string' || providerId === '') {
    throw new AccessDeniedError('Your account has no provider id; ask the council to set it up.');
  }
  if (!providerIdPattern.test(providerId) || providerId.toLowerCase() === 'council') {
    throw new AccessDeniedError('Your account has an invalid provider id; ask the council to correct it.');
  }
  return providerId;
}

// API Gateway HTTP APIs hand a JWT's array claim to Lambda as the text "[a b]"; tests and other
// callers may pass a real array.
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((g) => g !== '');
}

/**
 * Who is asking the web app's API, from the verified claims: a commissioner, named by e-mail where
 * the token has one, or one provider. Throws AccessDeniedError for a provider without a usable id.
 */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>): Identity {
  const submitter = submitterFromClaims(claims);
  if (submitter !== 'council') return { role: 'provider', provider_id: submitter };
  const name = [claims.email, claims['cognito:username']].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return name === undefined ? { role: 'commissioner' } : { role: 'commissioner', name };
}
