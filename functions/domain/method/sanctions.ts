// METHODOLOGY §1 and §8 "Sanctions": which sanctions are active on a date and how many were
// evidenced in a window.
import { addDays, addMonths, londonDate, londonDateStart, monthEndDate } from '../time/london.ts';
import type { SanctionRow } from './inputs.ts';

/** Active on `date`: evidenced on or before it and not lifted on or before it. */
function isActiveOn(s: SanctionRow, date: string): boolean {
  return s.evidenced_on <= date && (s.lifted_on === null || s.lifted_on > date);
}

/** The highest level among sanctions active on `date`, 0 when none. */
export function maxActiveLevel(sanctions: readonly SanctionRow[], date: string): number {
  let max = 0;
  for (const s of sanctions) if (s.level > max && isActiveOn(s, date)) max = s.level;
  return max;
}

/** Sanctions of any level, lifted or not, evidenced in the n months ending `period`. */
export function countEvidencedInMonthsEnding(
  sanctions: readonly SanctionRow[],
  period: string,
  months: number,
): number {
  if (sanctions.length === 0) return 0;
  const from = `${addMonths(period, -(months - 1))}-01`;
  const to = monthEndDate(period);
  let n = 0;
  for (const s of sanctions) if (s.evidenced_on >= from && s.evidenced_on <= to) n++;
  return n;
}

export interface OverdueActionPlan {
  sanction: SanctionRow;
  /** evidenced_on + the allowed days: the date the plan fell due. */
  dueOn: string;
}

/**
 * Sanctions active at `asOf` with no action plan whose evidenced_on + `days` (London midnight)
 * is before `asOf`.
 */
export function overdueActionPlans(
  sanctions: readonly SanctionRow[],
  asOf: Date,
  days: number,
): OverdueActionPlan[] {
  const today = londonDate(asOf);
  const out: OverdueActionPlan[] = [];
  for (const s of sanctions) {
    if (s.action_plan_received_on !== null || !isActiveOn(s, today)) continue;
    const dueOn = addDays(s.evidenced_on, days);
    if (londonDateStart(dueOn).getTime() < asOf.getTime()) out.push({ sanction: s, dueOn });
  }
  return out;
}
