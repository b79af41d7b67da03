// What an audit reports: per check, a one-line summary with counts, and each finding with the key
// it concerns and a plain-English reason.

type AuditCheck = 'landing' | 'ledger' | 'curated' | 'tmp';

export interface Finding {
  check: AuditCheck;
  /** The object (or key prefix) the finding is about. */
  key: string;
  reason: string;
}

export interface CheckResult {
  check: AuditCheck;
  /** What was checked, with counts, in one line. */
  summary: string;
  findings: Finding[];
}

export interface AuditReport {
  checks: CheckResult[];
  /** Every check's findings, in check order. */
  findings: Finding[];
}

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
