// METHODOLOGY §8 "Which providers and months are scored" and "The lake's first month".
import { addMonths, periodIndex } from '../time/london.ts';
import type { MethodConfig } from './config.ts';

export interface ReturnPeriodRange {
  earliest: string | null;
  latest: string | null;
}

/** The earliest and latest period of any accepted monthly-return row. */
export function returnPeriodRange(periods: Iterable<string>): ReturnPeriodRange {
  let earliest: string | null = null;
  let latest: string | null = null;
  for (const p of periods) {
    if (earliest === null || p < earliest) earliest = p;
    if (latest === null || p > latest) latest = p;
  }
  return { earliest, latest };
}

/** The lake's first month: configured, or the earliest period with an accepted return ('auto'). */
export function lakeFirstMonth(config: MethodConfig, range: ReturnPeriodRange): string | null {
  return config.first_month === 'auto' ? range.earliest : config.first_month;
}

/** A provider's first scoreable month: its earliest contract start month, not before the lake's first month. */
export function firstScoreableMonth(contractStart: string, firstMonth: string | null): string {
  const start = contractStart.slice(0, 7);
  return firstMonth !== null && firstMonth > start ? firstMonth : start;
}

export function isScoreable(period: string, firstScoreable: string): boolean {
  return period >= firstScoreable;
}

/** Every month from `from` to `to` inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = 0, n = periodIndex(to) - periodIndex(from); i <= n; i++) out.push(addMonths(from, i));
  return out;
}

/** The periods scored for a provider: the requested ones it is eligible for, or by default every month up to the latest return period. */
export function providerPeriods(
  firstScoreable: string,
  requested: readonly string[] | undefined,
  latestReturnPeriod: string | null,
): string[] {
  if (requested) return requested.filter((p) => isScoreable(p, firstScoreable));
  if (latestReturnPeriod === null) return [];
  return monthRange(firstScoreable, latestReturnPeriod);
}

/**
 * A test for many dates against one window: true when the date ('YYYY-MM-DD') is in one of the
 * n months ending `end` (end−n+1 … end). 'YYYY-MM…' texts order as their months do, so the test
 * is two comparisons, with nothing parsed or sliced per date.
 */
export function dateInMonthsEnding(end: string, n: number): (date: string) => boolean {
  const from = addMonths(end, -(n - 1));
  const after = addMonths(end, 1);
  return (date) => date >= from && date < after;
}
