// METHODOLOGY §2 "ratios of sums" and §8 "Exact sums": a provider-month's monthly-return totals
// over all its branches and services, hours in exact hundredths. A plain loop: this is the
// hottest kernel of a national run.
import { MONTHLY_RETURN_FIELDS } from './config.ts';
import type { MonthlyReturnRow } from './inputs.ts';

export type CountField = (typeof MONTHLY_RETURN_FIELDS)[number];

export type ReturnSums = Record<CountField, number> & {
  /** Hours in hundredths of an hour. */
  hours_commissioned: number;
  hours_delivered: number;
  hours_invoiced: number;
  /** Σ per row of max(0, invoiced − delivered), hundredths (D04's numerator). */
  hours_over_invoiced: number;
};

/** Hours have at most 2 decimal places, so ×100 is an integer up to floating-point noise. */
export function hundredths(hours: number): number {
  return Math.round(hours * 100);
}

function emptySums(): ReturnSums {
  const s = {
    hours_commissioned: 0,
    hours_delivered: 0,
    hours_invoiced: 0,
    hours_over_invoiced: 0,
  } as ReturnSums;
  for (const f of MONTHLY_RETURN_FIELDS) s[f] = 0;
  return s;
}

/** Sums the given rows (already the scored submission's rows) per provider and period. */
export function sumReturns(rows: Iterable<MonthlyReturnRow>): Map<string, Map<string, ReturnSums>> {
  const out = new Map<string, Map<string, ReturnSums>>();
  for (const r of rows) {
    let byPeriod = out.get(r.provider_id);
    if (!byPeriod) {
      byPeriod = new Map();
      out.set(r.provider_id, byPeriod);
    }
    let s = byPeriod.get(r.period);
    if (!s) {
      s = emptySums();
      byPeriod.set(r.period, s);
    }
    for (const f of MONTHLY_RETURN_FIELDS) s[f] += r[f];
    const delivered = hundredths(r.hours_delivered);
    const invoiced = hundredths(r.hours_invoiced);
    s.hours_commissioned += hundredths(r.hours_commissioned);
    s.hours_delivered += delivered;
    s.hours_invoiced += invoiced;
    s.hours_over_invoiced += Math.max(0, invoiced - delivered);
  }
  return out;
}
