// One benchmark case, run in its own process by measure.ts. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { FsObjectStore } from '../functions/adapters/fs-object-store.ts';
import { fileSource } from '../functions/adapters/fs-source.ts';
import { ingestFile } from '../functions/core/ingest/ingest-file.ts';

type Case = (args: string[]) => Promise<Record<string, number | string>>;

const cases: Record<string, Case> = {
  /** ingest-csv LAKE FILE PROVIDER: one monthly-return file into a lake that already has its register. */
  async 'ingest-csv'([lake, file, provider]) {
    const store = new FsObjectStore(lake!);
    const { submission } = await ingestFile(
      { store, now: () => new Date() },
      {
        source: await fileSource(file!),
        type: 'monthly-return',
        submitter: provider!,
        receivedAt: new Date('2025-07-05T09:00:00Z'),
      },
    );
    return { rows: submission.rows_accepted, rejected: submission.rows_rejected, status: submission.status };
  },
  /** ingest-register LAKE FILE: set-up step, not measured. */
  async 'ingest-register'([lake, file]) {
    const store = new FsObjectStore(lake!);
    const { submission } = await ingestFile(
      { store, now: () => new Date() },
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
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}', header = true)`);
    const count = await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
    return { rows: Number(count.getRowObjects()[0]!.n) };
  },
};

const [kind, ...args] = process.argv.slice(2);
const run = cases[kind ?? ''];
if (!run) throw new Error(`unknown bench case ${kind}`);
const start = performance.now();
const detail = await run(args);
const seconds = (performance.now() - start) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ name: kind, seconds, peakRssMb, detail })}\n`);
