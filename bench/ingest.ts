// Ingest throughput: carescore's ingest of a monthly-return CSV against DuckDB's read_csv of the
// same file (the baseline), for 100,000 rows and for a 50 MB file.
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRegisterCsv, monthlyReturnCsv } from '../functions/sample/index.ts';
import { best, type CaseResult, medianSeconds, peakRss, RUNS, runCase, table } from './measure.ts';

const provider = 'B000001';

async function prepare(dir: string, rows: number): Promise<{ lake: string; file: string; bytes: number }> {
  const lake = join(dir, `lake-${rows}`);
  const register = join(dir, `register-${rows}.csv`);
  const file = join(dir, `returns-${rows}.csv`);
  await writeFile(register, benchRegisterCsv({ rows, provider }));
  await writeFile(file, monthlyReturnCsv({ rows, provider }));
  runCase('ingest-register', [lake, register]);
  return { lake, file, bytes: (await stat(file)).size };
}

/** Rows that make a file of about `megabytes`, from the size of a sample. */
function rowsFor(megabytes: number): number {
  const sample = monthlyReturnCsv({ rows: 2000, provider });
  return Math.ceil((megabytes * 1024 * 1024) / (sample.length / 2000));
}

export async function benchIngest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'carescore-bench-ingest-'));
  const lines: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    for (const [label, rows] of [
      ['100,000 rows', 100_000],
      ['50 MB', rowsFor(50)],
    ] as const) {
      const { lake, file, bytes } = await prepare(dir, rows);
      const ours: CaseResult[] = [];
      const base: CaseResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Each run ingests into its own copy of the lake: a second ingest of the same bytes would
        // only find the first.
        const runLake = `${lake}-run-${i}`;
        await cp(lake, runLake, { recursive: true });
        const run = runCase('ingest-csv', [runLake, file, provider]);
        if (run.detail.rows !== rows) throw new Error(`ingest accepted ${run.detail.rows} of ${rows} rows`);
        ours.push(run);
        base.push(runCase('duckdb-read-csv', [file]));
        await rm(runLake, { recursive: true, force: true });
      }
      const [o, b] = [best(ours), best(base)];
      const mb = bytes / 1024 / 1024;
      lines.push([
        label,
        rows,
        mb,
        rows / o.seconds,
        mb / o.seconds,
        o.seconds,
        peakRss(ours),
        b.seconds,
        peakRss(base),
        o.seconds / b.seconds,
      ]);
      const [om, bm] = [medianSeconds(ours), medianSeconds(base)];
      notes.push(`${label}: medians ${om.toFixed(2)} s vs ${bm.toFixed(2)} s (× ${(om / bm).toFixed(2)})`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return [
    'Ingest: monthly-return CSV → validated, curated Parquet, raw copy, report, ledger',
    `each run cold in its own process; best of ${RUNS} alternated runs per side (peak RSS: the highest run)`,
    table(
      [
        'file',
        'rows',
        'MB',
        'rows/s',
        'MB/s',
        'seconds',
        'peak RSS MB',
        'DuckDB s',
        'DuckDB RSS MB',
        '× DuckDB',
      ],
      lines,
    ),
    ...notes,
    'Targets: within 3× of DuckDB read_csv; peak RSS under 512 MB for the 50 MB file.',
  ].join('\n');
}
