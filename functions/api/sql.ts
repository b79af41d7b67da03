// The only way a request's value reaches SQL: checked against its pattern first (a 400 otherwise),
// then quoted as a string literal. Views and parameters never meet any other way.
import { isPeriod, type Period } from '../domain/period.ts';
import { badRequest } from './errors.ts';

/** A provider id as the register holds it: letters, digits, '.', '_', '-'; at most 40 characters. */
const providerIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
/** An alert key, e.g. RISK_CRITICAL|P020|2025-12. */
const alertKeyPattern = /^[A-Za-z0-9_]{1,60}(\|[A-Za-z0-9._-]{1,60}){1,4}$/;
/** sub_ and the first 24 hex digits of the file's SHA-256. */
const submissionIdPattern = /^sub_[A-Za-z0-9]{1,64}$/;

/** A SQL string literal. Only for values that passed one of the checks below. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function periodParam(value: string | undefined, name = 'period'): Period {
  if (value === undefined || !isPeriod(value))
    throw badRequest(`The ${name} must be a month written YYYY-MM, such as 2025-12.`);
  return value;
}

export function providerIdParam(value: string | undefined): string {
  if (value === undefined || !providerIdPattern.test(value))
    throw badRequest(
      'The provider id must be letters, digits, dots, dashes or underscores (at most 40), as in the provider register.',
    );
  return value;
}

export function alertKeyParam(value: string | undefined): string {
  if (value === undefined || !alertKeyPattern.test(value))
    throw badRequest(
      'That is not an alert key: copy the key from the alert (such as RISK_CRITICAL|P020|2025-12).',
    );
  return value;
}

export function submissionIdParam(value: string | undefined): string {
  if (value === undefined || !submissionIdPattern.test(value))
    throw badRequest('That is not a submission id: they look like sub_ followed by 24 letters and digits.');
  return value;
}
