// Score step of the pipeline: curated tables in, results partitions out, for the months asked
// (or every scoreable month). Shared by the CLI and the score Lambda.

import type { MethodConfig } from '../domain/method/config.ts';
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
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';

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
  const inputs = await loadScoringInputs(store);
  let asked = options.periods;
  let skipped: string[] = [];
  if (asked) {
    for (const p of asked) parsePeriod(p);
    const registered = new Set(inputs.register.map((r) => r.provider_id));
    const latest = latestReturnPeriod(inputs.monthlyReturns, registered, options.asOf);
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
