// Score step of the pipeline: curated tables in, results partitions out, for the months asked
// (or every scoreable month). Shared by the CLI and the score Lambda.

import type { MethodConfig } from '../domain/method/config.ts';
import type { ScoringResults } from '../domain/method/results.ts';
import { scoreProviders } from '../domain/method/score.ts';
import { writeScoringResults } from '../lake/results.ts';
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
  const periods = [
    ...new Set([...(options.periods ?? []), ...results.scorecards.map((s) => s.period)]),
  ].sort();
  await writeScoringResults(store, results, periods);
  return { results, periods, providers: new Set(results.scorecards.map((s) => s.provider_id)).size };
}
