// Writing and reading results partitions. Each scored month's partition is replaced whole (one
// put, which no reader sees half done), so recomputing a month is idempotent and a score run that
// dies part-way is repaired by running it again.
import type { ScoringResults } from '../domain/method/results.ts';
import { mapBounded } from './bounded.ts';
import { keys, tableFileOf } from './keys.ts';
import type { ObjectStore } from './object-store.ts';
import { decodeParquet, type Row, type RowFilter } from './parquet.ts';
import { encodeRows } from './parquet-stream.ts';
import { type ResultsTable, resultsTables } from './results-tables.ts';

const scoredTables: [ResultsTable, keyof Omit<ScoringResults, 'method_version'>][] = [
  ['kpi_scores', 'kpiScores'],
  ['area_scores', 'areaScores'],
  ['scorecards', 'scorecards'],
  ['risk_matrix', 'riskMatrix'],
  ['submission_compliance', 'submissionCompliance'],
];

export async function writeScoringResults(
  store: ObjectStore,
  results: ScoringResults,
  periods: string[],
): Promise<void> {
  const byTable = scoredTables.map(([table, field]) => {
    const byPeriod = new Map<string, Row[]>(periods.map((p) => [p, []]));
    for (const row of results[field] as unknown as Row[]) byPeriod.get(row.period as string)?.push(row);
    return { table, byPeriod };
  });
  // Month by month, every table of a month together: a run that dies part-way leaves at most one
  // month whose tables come from different runs.
  for (const period of periods)
    for (const { table, byPeriod } of byTable)
      await writePartition(store, table, period, byPeriod.get(period)!);
}

export async function writePartition(
  store: ObjectStore,
  table: ResultsTable,
  period: string,
  rows: Row[],
): Promise<void> {
  await store.put(keys.resultsPartition(table, period), encodeRows(rows, resultsTables[table]));
}

/** Which rows of a results table to read: by month, and by one column's value. */
export interface ResultsFilter {
  /** The months to read (their partitions); every month when absent. */
  periods?: (period: string) => boolean;
  /** Only rows whose `column` holds one of `values`. */
  where?: RowFilter;
}

/**
 * Every row of a results table, with 'period' restored from the partition path; only keys laid out
 * as CONTRACTS §3 says (keys.tableFileOf) are read, never a lake or stray file inside the folder.
 */
export async function readResults(
  store: ObjectStore,
  table: ResultsTable,
  filter: ResultsFilter = {},
): Promise<Row[]> {
  const prefix = keys.resultsPrefix(table);
  const files = (await store.list(prefix))
    .flatMap((object) => tableFileOf(prefix, object.key, true) ?? [])
    .filter(({ period }) => !filter.periods || filter.periods(period!));
  const parts = await mapBounded(files, store.readConcurrency ?? 1, async ({ key, period }) => {
    const bytes = await store.get(key);
    if (!bytes) return [];
    const rows = decodeParquet(bytes, resultsTables[table], filter.where);
    for (const row of rows) row.period = period;
    return rows;
  });
  const out: Row[] = [];
  for (const rows of parts) for (const row of rows) out.push(row);
  return out;
}
