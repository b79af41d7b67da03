// METHODOLOGY §2 Q04: substantiated safeguarding records in the months ending m per 100 people
// served in m; not scored without a monthly return for m.
import type { KpiConfig } from '../config.ts';
import type { IntelligenceRow } from '../inputs.ts';
import { isSubstantiatedSafeguarding } from '../intelligence.ts';
import { dateInMonthsEnding } from '../periods.ts';
import type { MonthReturn } from '../return-formulas.ts';
import { type KpiResult, notScored, ratio } from './kpi-result.ts';

/** Substantiated safeguarding records dated in the n months ending `period`. */
export function substantiatedSafeguardingCount(
  records: readonly IntelligenceRow[],
  period: string,
  months: number,
): number {
  if (records.length === 0) return 0;
  const inWindow = dateInMonthsEnding(period, months);
  let n = 0;
  for (const r of records) if (isSubstantiatedSafeguarding(r) && inWindow(r.date)) n++;
  return n;
}

export function safeguardingKpi(
  kpi: Extract<KpiConfig, { kind: 'safeguarding_rate' }>,
  records: readonly IntelligenceRow[],
  period: string,
  sums: MonthReturn | null,
): KpiResult {
  if (!sums) return notScored(kpi);
  const count = substantiatedSafeguardingCount(records, period, kpi.months);
  const people = sums.people_served;
  const r = ratio(kpi, count * kpi.per, people);
  r.numerator = count;
  return r;
}
