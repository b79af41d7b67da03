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

/**
 * The lake's first month: configured, or the earliest period with an accepted return ('auto').
 * The lake's own setting, when it has one, takes the place of the method's.
 */
export function lakeFirstMonth(
  config: MethodConfig,
  range: ReturnPeriodRange,
  lakeSetting?: string,
): string | null {
  const setting = lakeSetting ?? config.first_month;
  return setting === 'auto' ? range.earliest : setting;
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
 * The months a run that asks for none publishes (providerPeriods for every provider): from the
 * earliest provider's first scoreable month to the latest return month.
 */
export function defaultScoredMonths(
  contractStarts: Iterable<string>,
  firstMonth: string | null,
  latestReturnPeriod: string | null,
): string[] {
  let earliest: string | null = null;
  for (const start of contractStarts) {
    const first = firstScoreableMonth(start, firstMonth);
    if (earliest === null || first < earliest) earliest = first;
  }
  if (earliest === null || latestReturnPeriod === null || earliest > latestReturnPeriod) return [];
  return monthRange(earliest, latestReturnPeriod);
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

/**
 * The latest period of a monthly-return row that exists for a run: received by the as-of instant,
 * from a registered provider (the rows the scoring context counts).
 */
export function latestReturnPeriod(
  returns: Iterable<{ provider_id: string; period: string; received_at: Date }>,
  registered: ReadonlySet<string>,
  asOf: Date,
): string | null {
  const asOfMs = asOf.getTime();
  let latest: string | null = null;
  for (const r of returns)
    if (
      (latest === null || r.period > latest) &&
      r.received_at.getTime() <= asOfMs &&
      registered.has(r.provider_id)
    )
      latest = r.period;
  return latest;
}

/** Months asked to be scored that are after the latest return month: they would be all Not scored. */
export class PeriodAfterLatestReturnError extends Error {
  override name = 'PeriodAfterLatestReturnError';
  constructor(
    readonly periods: readonly string[],
    readonly latest: string | null,
  ) {
    const asked = periods.join(', ');
    super(
      latest === null
        ? `${asked} cannot be scored: no monthly return has been accepted yet. Load the providers' monthly returns first.`
        : `${asked} is after the latest month with an accepted monthly return (${latest}), so every provider would be Not scored. Ask for ${latest} or earlier, or load that month's returns first.`,
    );
  }
}

/** The requested months after the latest return month (all of them when there is none). */
export function periodsAfterLatestReturn(requested: readonly string[], latest: string | null): string[] {
  return requested.filter((p) => latest === null || p > latest);
}
