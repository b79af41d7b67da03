// Scoring speed: the whole method in the engine against the monthly-return KPI points and area
// scores written as plain DuckDB SQL over the same data (the baseline), for a national month
// (15,000 providers) and a county (80 providers × 24 months).
import { runCase, table } from './measure.ts';

export async function benchScoring(): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const [label, scale] of [
    ['national month, 15,000 providers', 'national'],
    ['county, 80 providers × 24 months', 'county'],
  ] as const) {
    const ours = runCase('score', [scale]);
    const base = runCase('duckdb-kpis', [scale]);
    rows.push([
      label,
      ours.detail.scorecards!,
      ours.seconds,
      ours.peakRssMb,
      base.seconds,
      base.peakRssMb,
      ours.seconds / base.seconds,
    ]);
  }
  return [
    'Scoring: full method v1 (engine) vs monthly-return KPI points + area scores in DuckDB SQL (baseline); inputs generated in-process, not timed',
    table(['case', 'scorecards', 'seconds', 'peak RSS MB', 'DuckDB s', 'DuckDB RSS MB', '× DuckDB'], rows),
    'Targets: national month under 5 s and 1 GB, within 3× of the baseline. Peak RSS includes generating the inputs.',
  ].join('\n');
}
