// The views and base tables give the same rows before a compaction, after it, and when it stopped
// between writing its file and deleting what that file holds (DuckDB reads each submission's rows
// from one file, as the lake's own readers do).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { baseTables } from '../../functions/lake/base-tables.ts';
import { compactLake } from '../../functions/lake/compaction.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import { viewNames } from '../../functions/lake/views.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { FaultyStore, InjectedFaultError } from '../helpers/faulty-store.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { asOf, buildBaseLake, ingestResubmission } from '../reliability/lake-fixture.ts';

let root: string;
let base: MemoryObjectStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'carescore-compacted-views-'));
  base = await buildBaseLake();
  await ingestResubmission(base);
  await scoreLake(base, { asOf, method: publishedMethod('v1') });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function lakeAt(name: string): Promise<FsObjectStore> {
  const store = new FsObjectStore(join(root, name));
  for (const [key, bytes] of base.objects) await store.put(key, bytes);
  return store;
}

/** Every view and base table, its rows in a fixed order. */
async function everything(dir: string): Promise<Record<string, string[]>> {
  const engine = await DuckDbQueryEngine.open(dir);
  try {
    await engine.createViews();
    const out: Record<string, string[]> = {};
    for (const name of [...viewNames, ...baseTables().map((t) => t.name)]) {
      // compacted_in says which file a row was read from: it changes with the compaction.
      out[name] = (await engine.query(`SELECT * FROM ${name}`))
        .map(({ compacted_in: _file, ...r }) => JSON.stringify(r))
        .sort();
    }
    return out;
  } finally {
    await engine.close();
  }
}

describe('views over a compacted lake', () => {
  it('give the same rows before, after and in the middle of a compaction', async () => {
    const store = await lakeAt('whole');
    const before = await everything(store.root);
    expect(before.monthly_return!.length).toBeGreaterThan(3);
    expect(before.v_scorecards!.length).toBeGreaterThan(0);

    const done = await compactLake(store);
    expect(done.length).toBeGreaterThan(0);
    expect(await everything(store.root)).toEqual(before);

    // Stopped after writing its first compacted file, before deleting the files it holds.
    const half = await lakeAt('half');
    const firstDelete = new FaultyStore(half, { fault: { at: 2, mode: 'dies' } });
    await expect(compactLake(firstDelete)).rejects.toBeInstanceOf(InjectedFaultError);
    expect(firstDelete.steps[0]).toMatch(/^put curated\/monthly_return\/period=.*\/compacted-/);
    expect(firstDelete.steps[1]).toMatch(/^delete /);
    expect(await everything(half.root)).toEqual(before);

    // Any other file under the table is read whole, by DuckDB as by the lake's readers, so audit
    // and a query both show a copy's rows twice.
    const own = (await half.list('curated/monthly_return/')).find((o) => /\/sub_\w+\.parquet$/.test(o.key))!;
    await half.put(own.key.replace('.parquet', '-copy.parquet'), (await half.get(own.key))!);
    const rows = await readCurated(half, contracts['monthly-return']);
    expect(rows.length).toBeGreaterThan(before.monthly_return!.length);
    expect((await everything(half.root)).monthly_return).toHaveLength(rows.length);
  });
});
