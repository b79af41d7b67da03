// Score step of the pipeline: curated tables in, results partitions out, for the months asked
// (or every scoreable month). Shared by the CLI and the score Lambda.

import type { MethodConfig } from '../domain/method/config.ts';
import type { ScoringResults } from '../domain/method/results.ts';
import { scoreProviders } from '../domain/method/score.ts';
import type { Row } from '../lake/parquet.ts';
import { writePartition, writeScoringResults } from '../lake/results.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';

export interface ScoreLakeResult {
  results: ScoringResults;
  periods: string[];
  providers: number;
}

export async function scoreLake(
  store: ObjectStore,
  options: { asOf: Date; periods?: string[]; method: MethodConfig },
): Promise<ScoreLakeResult> {
  const inputs = await loadScoringInputs(store);
  const results = scoreProviders(inputs, options);
  const scored = new Set([...(options.periods ?? []), ...results.scorecards.map((s) => s.period)]);
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
  return { results, periods, providers: new Set(results.scorecards.map((s) => s.provider_id)).size };
}
