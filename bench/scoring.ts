// Scoring speed: the whole method in the engine against the monthly-return KPI points and area
// scores written as plain DuckDB SQL over the same data (the baseline), for a national month
// (15,000 providers) and a county (80 providers × 24 months).
import { best, type CaseResult, medianSeconds, peakRss, RUNS, runCase, table } from './measure.ts';

export async function benchScoring(): Promise<string> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const [label, scale] of [
    ['national month, 15,000 providers', 'national'],
    ['county, 80 providers × 24 months', 'county'],
  ] as const) {
    const ours: CaseResult[] = [];
    const base: CaseResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(runCase('score', [scale]));
      base.push(runCase('duckdb-kpis', [scale]));
    }
    const [o, b] = [best(ours), best(base)];
    rows.push([
      label,
      o.detail.scorecards!,
      o.seconds,
      peakRss(ours),
      b.seconds,
      peakRss(base),
      o.seconds / b.seconds,
    ]);
    const d = b.detail as Record<string, number>;
    const [om, bm] = [medianSeconds(ours), medianSeconds(base)];
    notes.push(
      `${scale}: medians ${om.toFixed(2)} s vs ${bm.toFixed(2)} s (× ${(om / bm).toFixed(2)}); ` +
        `DuckDB best run = query ${d.query_seconds!.toFixed(2)} s + result rows ${d.rows_seconds!.toFixed(2)} s ` +
        `(untimed: table load from Parquet ${d.load_seconds!.toFixed(2)} s)`,
    );
  }
  return [
    'Scoring: full method v1 (engine) vs monthly-return KPI points + area scores in DuckDB SQL (baseline)',
    'Both timed from inputs already in memory (engine: generated rows; DuckDB: a table loaded from Parquet), heap settled, to result rows as JavaScript objects;',
    `each run cold in its own process; best of ${RUNS} alternated runs per side (peak RSS: the highest run, including generating the inputs)`,
    table(['case', 'scorecards', 'seconds', 'peak RSS MB', 'DuckDB s', 'DuckDB RSS MB', '× DuckDB'], rows),
    ...notes,
    'Targets: national month under 2 s and 1 GB, county under 0.5 s, each beside the baseline (the monthly-return KPI formulas run in Arquero).',
  ].join('\n');
}
