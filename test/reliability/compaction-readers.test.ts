// While a compaction runs (it writes its file, then deletes the files it folded in), every reader
// sees each submission's rows once, at every step, on the local lake and on S3: the lake's own
// readers (readFrom), the local engine's tables, and the SQL Athena runs (each provider-return
// table's `<table>_once` view over every file, as the Glue table lists them), run here by DuckDB
// over the very objects the store holds after each step. The files as they are (what Athena's
// table shows) do hold some rows twice mid-compaction, so the checks can fail.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { baseTables, baseViews } from '../../functions/lake/base-tables.ts';
import { compactLake } from '../../functions/lake/compaction.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { FaultyStore, InjectedFaultError } from '../helpers/faulty-store.ts';
import { useLocalAws } from '../helpers/fauxqs.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { buildCompactionLake } from './lake-fixture.ts';

const aws = useLocalAws();
let scratch: string;
let base: MemoryObjectStore;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'carescore-compaction-readers-'));
  base = await buildCompactionLake();
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

let lakes = 0;
const stores: Record<string, () => Promise<ObjectStore>> = {
  'the local lake': async () => new FsObjectStore(join(scratch, `fs-${++lakes}`)),
  S3: async () => new S3ObjectStore({ client: aws().s3, bucket: aws().createBucket('lake') }),
};

async function filled(kind: string): Promise<ObjectStore> {
  const store = await stores[kind]!();
  for (const [key, bytes] of base.objects) await store.put(key, bytes);
  return store;
}

/** The store's objects as a local lake folder: what Athena or DuckDB would read after this step. */
async function snapshot(store: ObjectStore): Promise<string> {
  const dir = join(scratch, `snapshot-${++lakes}`);
  for (const { key } of await store.list('')) {
    const bytes = await store.get(key);
    if (!bytes) continue;
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), bytes);
  }
  return dir;
}

const sorted = (rows: readonly unknown[]) =>
  rows.map((r) => JSON.stringify(r, (_k, v) => (v instanceof Date ? v.toISOString() : v))).sort();

const provider = baseTables().filter((t) => t.compacted);

/** What Athena shows: each Glue table is every file under its folder; then the `_once` views. */
async function athenaReads(dir: string): Promise<Record<string, string[]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const table of provider) {
      const typed = Object.entries(table.columns).map(
        ([name, type]) =>
          `CAST(NULL AS ${type === 'string' ? 'VARCHAR' : type === 'int' ? 'INTEGER' : type === 'timestamp' ? 'TIMESTAMP' : type === 'date' ? 'DATE' : type === 'boolean' ? 'BOOLEAN' : 'DOUBLE'}) AS ${name}`,
      );
      const files = join(dir, table.prefix, 'period=*', '*.parquet');
      const empty = `SELECT ${typed.join(', ')} WHERE false`;
      const any = (await readdir(join(dir, table.prefix), { recursive: true }).catch(() => [])).some((f) =>
        f.endsWith('.parquet'),
      );
      await connection.run(
        any
          ? `CREATE VIEW ${table.name} AS SELECT * FROM read_parquet('${files}', hive_partitioning = true, hive_types = {'period': VARCHAR}, union_by_name = true) UNION ALL BY NAME ${empty}`
          : `CREATE VIEW ${table.name} AS ${empty}`,
      );
    }
    // The ledger's Glue table: one JSON record per committed submission (the views read only those).
    const ledger = baseTables().find((t) => t.layout === 'json')!;
    await connection.run(
      `CREATE VIEW ${ledger.name} AS SELECT submission_id FROM read_json_auto('${join(dir, ledger.prefix, '*.json')}')`,
    );
    for (const view of baseViews()) await connection.run(view.sql);
    const out: Record<string, string[]> = {};
    for (const name of [...provider.map((t) => t.name), ...baseViews().map((v) => v.name)]) {
      const reader = await connection.runAndReadAll(`SELECT * EXCLUDE (compacted_in) FROM ${name}`);
      out[name] = sorted(reader.getRowObjectsJson());
    }
    return out;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What the local engine shows: the tables and the `_once` views. */
async function engineReads(dir: string): Promise<Record<string, string[]>> {
  const engine = await DuckDbQueryEngine.open(dir);
  try {
    await engine.createViews();
    const out: Record<string, string[]> = {};
    for (const name of [...provider.map((t) => t.name), ...baseViews().map((v) => v.name)]) {
      const rows = await engine.query(`SELECT * EXCLUDE (compacted_in) FROM ${name}`);
      out[name] = sorted(rows);
    }
    return out;
  } finally {
    await engine.close();
  }
}

describe('each provider-return table view', () => {
  it('is valid Trino SQL (Athena engine v3), one per provider-return table', () => {
    const trino = new TrinoSQL();
    expect(baseViews().map((v) => v.name)).toEqual(['monthly_return_once', 'self_assessment_once']);
    for (const view of baseViews()) expect(trino.validate(view.sql)).toEqual([]);
  });
});

describe.each(Object.keys(stores))('a compaction on %s, stopped at every step', (kind) => {
  it('leaves every reader, Athena included, each submission’s rows once', async () => {
    const whole = await filled(kind);
    const before = await snapshot(whole);
    const rowsBefore = sorted(await readCurated(whole, contracts['monthly-return']));
    const athenaBefore = await athenaReads(before);
    const engineBefore = await engineReads(before);
    const once = athenaBefore.monthly_return_once!;
    expect(once.length).toBeGreaterThan(3);
    expect(athenaBefore.monthly_return).toEqual(once);
    // The local engine's table and its view, Athena's view: as many rows.
    expect(engineBefore.monthly_return).toHaveLength(once.length);
    expect(engineBefore.monthly_return_once).toEqual(engineBefore.monthly_return);

    const clean = new FaultyStore(await filled(kind));
    await compactLake(clean);
    const steps = clean.steps.length;
    expect(clean.steps[0]).toMatch(/^put curated\/\w+\/period=[\d-]+\/compacted-/);
    expect(clean.steps.some((s) => s.startsWith('delete '))).toBe(true);

    let doubledOnAthenaTable = 0;
    for (let at = 1; at <= steps + 1; at++) {
      const store = await filled(kind);
      const faulty = new FaultyStore(store, { fault: { at, mode: 'dies' } });
      const run = compactLake(faulty);
      if (at <= steps) await expect(run).rejects.toBeInstanceOf(InjectedFaultError);
      else await run;
      const dir = await snapshot(store);
      const athena = await athenaReads(dir);
      const engine = await engineReads(dir);
      const where = `${kind}, stopped at step ${at} of ${steps} (${clean.steps[at - 1] ?? 'none: ran to the end'})`;
      expect(sorted(await readCurated(store, contracts['monthly-return'])), where).toEqual(rowsBefore);
      for (const view of baseViews()) {
        expect(athena[view.name], `Athena ${view.name}, ${where}`).toEqual(athenaBefore[view.name]);
        expect(engine[view.name], `local ${view.name}, ${where}`).toEqual(engineBefore[view.name]);
      }
      for (const table of provider)
        expect(engine[table.name], `local ${table.name}, ${where}`).toEqual(engineBefore[table.name]);
      if (athena.monthly_return!.length > once.length) doubledOnAthenaTable += 1;
    }
    // Between writing its file and deleting the ones it folded in, the files hold rows twice.
    expect(doubledOnAthenaTable).toBeGreaterThan(0);
  }, 120_000);
});
