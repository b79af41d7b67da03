// One benchmark case, run in its own process by measure.ts. Prints one JSON line.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FsObjectStore } from '../functions/adapters/fs-object-store.ts';
import { fileSource } from '../functions/adapters/fs-source.ts';
import { contracts } from '../functions/domain/contracts/index.ts';
import { curatedSchema } from '../functions/lake/curated.ts';
import { encodeParquet } from '../functions/lake/parquet.ts';
import { parquetWasmReady } from '../functions/lake/parquet-wasm.ts';
import { ingestFile } from '../functions/pipeline/ingest/ingest-file.ts';

type Case = (args: string[]) => Promise<Record<string, number | string>>;

// Each case imports what only it uses, so a process's peak RSS holds no other side's modules
// (DuckDB's native library alone is ~100 MB): ingest is not billed for DuckDB, nor DuckDB for scoring.
const duckdb = () => import('@duckdb/node-api');
const scoring = () => import('../functions/domain/method/score.ts');
const published = () => import('../functions/domain/method/published.ts');

/**
 * A full collection before a timed span, so the garbage of generating the inputs is not billed
 * to whichever side runs next (both sides call it; needs --expose-gc, as measure.ts passes).
 */
function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Scoring inputs for a bench case: a national month, or a county's 24 months. */
async function benchInputs(scale: string) {
  const { nationalCountyInputs } = await import('../functions/sample/index.ts');
  return scale === 'national'
    ? nationalCountyInputs({ providers: 15_000, period: '2025-06' })
    : nationalCountyInputs({ providers: 80, period: '2025-12', months: 24 });
}

const cases: Record<string, Case> = {
  /** score SCALE: the engine on in-memory inputs; only scoring is timed, from a settled heap. */
  async score([scale]) {
    const inputs = await benchInputs(scale!);
    const { scoreProviders } = await scoring();
    const method = (await published()).publishedMethod();
    settleHeap();
    const start = performance.now();
    const results = scoreProviders(inputs, {
      asOf: new Date('2026-01-21T09:00:00Z'),
      method,
      ...(scale === 'national' ? { periods: ['2025-06'] } : {}),
    });
    return { timed_seconds: (performance.now() - start) / 1000, scorecards: results.scorecards.length };
  },
  /**
   * duckdb-kpis SCALE: the baseline SQL over the same monthly returns. The same span as `score`:
   * from inputs already in the engine's memory (a DuckDB table loaded from Parquet, untimed) to
   * result rows as JavaScript objects.
   */
  async 'duckdb-kpis'([scale]) {
    const inputs = await benchInputs(scale!);
    const { DuckDBInstance } = await duckdb();
    const { kpiBaselineSql } = await import('./kpi-baseline-sql.ts');
    const method = (await published()).publishedMethod();
    const dir = await mkdtemp(join(tmpdir(), 'carescore-bench-kpi-'));
    const file = join(dir, 'returns.parquet');
    const schema = curatedSchema(contracts['monthly-return']);
    await writeFile(file, encodeParquet(inputs.monthlyReturns as never, { ...schema, period: 'string' }));
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    const loadStart = performance.now();
    await conn.run(`CREATE TABLE r AS SELECT * FROM read_parquet('${file}')`);
    const loaded = performance.now();
    settleHeap();
    const start = performance.now();
    const reader = await conn.runAndReadAll(kpiBaselineSql(method, 'r'));
    const queried = performance.now();
    const rows = reader.getRowObjects();
    const end = performance.now();
    await rm(dir, { recursive: true, force: true });
    return {
      timed_seconds: (end - start) / 1000,
      load_seconds: (loaded - loadStart) / 1000,
      query_seconds: (queried - start) / 1000,
      rows_seconds: (end - queried) / 1000,
      area_rows: rows.length,
    };
  },
  /**
   * ingest-csv LAKE FILE PROVIDER: one monthly-return file into a lake that already has its
   * register. Timed once the Parquet codec is loaded, as an ingest Lambda's invocation is (its
   * init awaits the codec) and as DuckDB is timed once its library is loaded.
   */
  async 'ingest-csv'([lake, file, provider]) {
    await parquetWasmReady;
    const start = performance.now();
    const store = new FsObjectStore(lake!);
    const { submission } = await ingestFile(
      { store, now: () => new Date(), method: (await published()).publishedMethod() },
      {
        source: await fileSource(file!),
        type: 'monthly-return',
        submitter: provider!,
        receivedAt: new Date('2025-07-05T09:00:00Z'),
      },
    );
    return {
      timed_seconds: (performance.now() - start) / 1000,
      rows: submission.rows_accepted,
      rejected: submission.rows_rejected,
      status: submission.status,
    };
  },
  /** ingest-register LAKE FILE: set-up step, not measured. */
  async 'ingest-register'([lake, file]) {
    const store = new FsObjectStore(lake!);
    const { submission } = await ingestFile(
      { store, now: () => new Date(), method: (await published()).publishedMethod() },
      {
        source: await fileSource(file!),
        type: 'provider-register',
        submitter: 'council',
        receivedAt: new Date('2025-01-01T09:00:00Z'),
      },
    );
    return { rows: submission.rows_accepted };
  },
  /** duckdb-read-csv FILE: the baseline, DuckDB typing the same CSV into a table. */
  async 'duckdb-read-csv'([file]) {
    const { DuckDBInstance } = await duckdb();
    // Timed from here, as ingest is timed from after its modules load.
    const start = performance.now();
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}', header = true)`);
    const count = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
    return { timed_seconds: (performance.now() - start) / 1000, rows: Number(count.getRowObjects()[0]!.n) };
  },
};

const [kind, ...args] = process.argv.slice(2);
const run = cases[kind ?? ''];
if (!run) throw new Error(`unknown bench case ${kind}`);
const start = performance.now();
const detail = await run(args);
const seconds =
  typeof detail.timed_seconds === 'number' ? detail.timed_seconds : (performance.now() - start) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ name: kind, seconds, peakRssMb, detail })}\n`);
