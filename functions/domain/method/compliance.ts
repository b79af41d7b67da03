// METHODOLOGY §1 and §8 "Compliance rows": on_time / late / missing and days_late.
import type { SubmissionMeta } from './inputs.ts';
import type { ComplianceStatus } from './results.ts';

const DAY_MS = 86_400_000;

export interface Timeliness {
  /** 'not_due': not received and not yet due at the as-of instant (no compliance row). */
  status: ComplianceStatus | 'not_due';
  days_late: number | null;
  due_at: Date;
  first: SubmissionMeta | null;
}

/** Judges the first accepted submission (already limited to those received by asOf) against its due instant. */
export function judgeTimeliness(due: Date, first: SubmissionMeta | null, asOf: Date): Timeliness {
  if (first) {
    const lateMs = first.received_at.getTime() - due.getTime();
    if (lateMs <= 0) return { status: 'on_time', days_late: 0, due_at: due, first };
    return { status: 'late', days_late: Math.ceil(lateMs / DAY_MS), due_at: due, first };
  }
  if (due.getTime() <= asOf.getTime())
    return { status: 'missing', days_late: null, due_at: due, first: null };
  return { status: 'not_due', days_late: null, due_at: due, first: null };
}

export function isLateOrMissing(t: Timeliness): boolean {
  return t.status === 'late' || t.status === 'missing';
}
