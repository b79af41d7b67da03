// Which months of the provider returns a score run of some months reads: the months it publishes
// and the months the method's history rules look back to, derived from the method, not fixed.
// METHODOLOGY §3 (MISSED_CALLS_PERSISTENT looks at a KPI's points over the last n months), §6 (F5
// looks at the timeliness of the last n returns, F6 at the overall score n months back, which
// itself has the missed-calls look-back), §1–§2 (a month's self-assessment is its quarter's, else
// the previous quarter's; R02 judges the latest quarter due by the month's end).
import type { MethodConfig } from '../domain/method/config.ts';
import { DueDates, previousQuarterStart, quarterStartOf } from '../domain/method/due-dates.ts';
import { monthRange } from '../domain/method/periods.ts';
import { addMonths, monthEndInstant } from '../domain/time/london.ts';
import type { ReturnsWindow } from '../lake/scoring-inputs.ts';

/** How many months before a published month its scoring looks at monthly returns of. */
export function returnsLookBack(method: MethodConfig): number {
  const missed = method.limiters.MISSED_CALLS_PERSISTENT.months - 1;
  const { F5_RETURNS, F6_DECLINE } = method.likelihood.factors;
  return Math.max(missed, F5_RETURNS.months - 1, F6_DECLINE.months_back + missed);
}

/** The months and quarters of each input that scoring `periods` reads. */
export function scoringWindow(periods: readonly string[], method: MethodConfig): ReturnsWindow {
  const lookBack = returnsLookBack(method);
  const months = new Set<string>();
  for (const p of periods) for (const m of monthRange(addMonths(p, -lookBack), p)) months.add(m);
  const due = new DueDates(method);
  const quarters = new Set<string>();
  for (const m of months) {
    const quarter = quarterStartOf(m, method);
    quarters.add(quarter);
    quarters.add(previousQuarterStart(quarter, method));
    // R02: from the month's quarter back to the latest one due by the month's end.
    const end = monthEndInstant(m).getTime();
    for (let q = quarter; ; q = previousQuarterStart(q, method)) {
      quarters.add(q);
      if (due.selfAssessment(q).getTime() <= end) break;
    }
  }
  // Every KPI is computed for the asked months and F6's month back (the overall score it compares);
  // the missed-calls look-back needs one KPI from the returns. Market shares are published for the
  // asked months only (METHODOLOGY §6 "Impact").
  const { months_back } = method.likelihood.factors.F6_DECLINE;
  const kpiMonths = new Set(periods.flatMap((p) => [p, addMonths(p, -months_back)]));
  return { months, quarters, kpiMonths, shares: new Set(periods) };
}
