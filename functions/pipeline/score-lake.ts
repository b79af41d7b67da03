// Score step of the pipeline: curated tables in, results partitions out, for the months asked
// (or every scoreable month). Shared by the CLI and the score Lambda.

import type { MethodConfig } from '../domain/method/config.ts';
import type { ScoringInputs } from '../domain/method/inputs.ts';
import {
  latestReturnPeriod,
  PeriodAfterLatestReturnError,
  periodsAfterLatestReturn,
} from '../domain/method/periods.ts';
import type { ScoringResults } from '../domain/method/results.ts';
import { scoreProviders } from '../domain/method/score.ts';
import { parsePeriod } from '../domain/period.ts';
import type { Row } from '../lake/parquet.ts';
import { writePartition, writeScoringResults } from '../lake/results.ts';
import { committedMonthlyReturns, loadScoringInputs, monthlyReturnPeriods } from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';
import { scoringWindow } from './score-window.ts';

export interface ScoreLakeResult {
  results: ScoringResults;
  periods: string[];
  providers: number;
  /** Asked months after the latest return month, left unscored ('skip'). */
  skipped: string[];
}

export interface ScoreLakeOptions {
  asOf: Date;
  /** The months to score; every scoreable month up to the latest return month when omitted. */
  periods?: string[];
  method: MethodConfig;
  /**
   * Asked months after the latest month with an accepted monthly return would be all Not scored
   * and would become every provider's latest scorecard: 'refuse' throws a
   * PeriodAfterLatestReturnError (a person asked for them), 'skip' leaves them out (months named
   * by incoming data, such as an offers file for a month whose returns are not in yet).
   * @default 'skip'
   */
  afterLatestReturn?: 'refuse' | 'skip';
}

export async function scoreLake(store: ObjectStore, options: ScoreLakeOptions): Promise<ScoreLakeResult> {
  let asked = options.periods;
  for (const p of asked ?? []) parsePeriod(p);
  const { inputs, latest } = asked
    ? await loadWindow(store, asked, options)
    : { inputs: await loadScoringInputs(store), latest: null };
  let skipped: string[] = [];
  if (asked) {
    skipped = [...new Set(periodsAfterLatestReturn(asked, latest))].sort();
    if (skipped.length > 0 && options.afterLatestReturn === 'refuse')
      throw new PeriodAfterLatestReturnError(skipped, latest);
    asked = asked.filter((p) => !skipped.includes(p));
  }
  const results = scoreProviders(inputs, {
    asOf: options.asOf,
    method: options.method,
    ...(asked ? { periods: asked } : {}),
  });
  const scored = new Set([...(asked ?? []), ...results.scorecards.map((s) => s.period)]);
  const periods = [...scored].sort();
  await writeScoringResults(store, results, periods);
  // A self-assessment's row has its quarter's first month as its period, which can be before the
  // first scored month (METHODOLOGY §8 "Compliance rows"): that month's partition holds it alone.
  const before = new Map<string, Row[]>();
  for (const row of results.submissionCompliance) {
    if (scored.has(row.period)) continue;
    const rows = before.get(row.period) ?? [];
    rows.push(row as unknown as Row);
    before.set(row.period, rows);
  }
  for (const [period, rows] of before) await writePartition(store, 'submission_compliance', period, rows);
  return {
    results,
    periods,
    providers: new Set(results.scorecards.map((s) => s.provider_id)).size,
    skipped,
  };
}

/**
 * The inputs for scoring some months: the provider returns of those months and their look-back
 * only (scoringWindow), with what the rest of the lake decides read from as few other months as
 * can tell it. The lake's first month under `first_month: auto` is the earliest month with a
 * return the run counts (METHODOLOGY §8), found from the earliest month on, so usually the first
 * one read; the latest such month, which says which asked months are after it, is looked for
 * outside the window only when an asked month is after every return inside it.
 */
async function loadWindow(
  store: ObjectStore,
  asked: readonly string[],
  options: ScoreLakeOptions,
): Promise<{ inputs: ScoringInputs; latest: string | null }> {
  const window = scoringWindow(asked, options.method);
  let inputs = await loadScoringInputs(store, { window });
  const registered = new Set(inputs.register.map((r) => r.provider_id));
  const latestOf = (rows: ScoringInputs['monthlyReturns']) =>
    latestReturnPeriod(rows, registered, options.asOf);
  const periods = await monthlyReturnPeriods(store);
  const rowsOf = async (period: string) =>
    window.months.has(period)
      ? inputs.monthlyReturns.filter((r) => r.period === period)
      : await committedMonthlyReturns(store, period);
  if ((inputs.firstMonth ?? options.method.first_month) === 'auto') {
    for (const period of periods) {
      if (latestOf(await rowsOf(period)) === null) continue;
      inputs = { ...inputs, firstMonth: period };
      break;
    }
  }
  let latest = latestOf(inputs.monthlyReturns);
  if (asked.some((p) => latest === null || p > latest)) {
    for (const period of [...periods].reverse()) {
      if (latest !== null && period <= latest) break;
      if (window.months.has(period) || latestOf(await rowsOf(period)) === null) continue;
      latest = period;
      break;
    }
  }
  return { inputs, latest };
}
