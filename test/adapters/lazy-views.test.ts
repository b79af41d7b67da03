// `query` creates only the tables and views a statement reads: each view gives the same rows as with
// every table and view created up front, a broken file under a table the statement does not read
// cannot fail it, and statements that read the catalogue still see everything.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../functions/adapters/duckdb-query-engine.ts';
import { baseTables } from '../../functions/lake/base-tables.ts';
import { loadViews, namesReferenced, viewDependencies, viewNames } from '../../functions/lake/views.ts';
import { buildFixtureLake } from '../queries/fixture-lake.ts';

let lake: string;
beforeAll(async () => {
  lake = await buildFixtureLake();
});
afterAll(async () => {
  if (lake) await rm(lake, { recursive: true, force: true });
});

/** Rows in a fixed order: a view without ORDER BY may give them in any. */
const sorted = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

async function withEngine<T>(dir: string, use: (engine: DuckDbQueryEngine) => Promise<T>): Promise<T> {
  const engine = await DuckDbQueryEngine.open(dir);
  try {
    await engine.createViews();
    return await use(engine);
  } finally {
    await engine.close();
  }
}

describe('lazy views', () => {
  it('give every view the same rows as with every table and view created first', async () => {
    const tables = baseTables().map((t) => t.name);
    const everything = await withEngine(lake, async (engine) => {
      // A catalogue read creates every table and view, as open() and createViews() did before.
      await engine.query('SELECT count(*) FROM duckdb_views()');
      const rows: Record<string, unknown> = {};
      for (const name of [...viewNames, ...tables])
        rows[name] = sorted(await engine.query(`SELECT * FROM ${name}`));
      return rows;
    });
    for (const name of [...viewNames, ...tables]) {
      const alone = await withEngine(lake, (engine) => engine.query(`SELECT * FROM ${name}`));
      expect(sorted(alone), name).toEqual(everything[name]);
      if (viewNames.includes(name as never)) expect(alone.length, name).toBeGreaterThan(0);
    }
  });

  it('does not read a table the statement does not need: a broken file elsewhere cannot fail it', async () => {
    // Not a Parquet file: creating the sanctions table (reading its files' metadata) fails.
    await writeFile(join(lake, 'curated', 'sanctions', 'broken.parquet'), 'not parquet');
    try {
      await withEngine(lake, async (engine) => {
        expect((await engine.query('SELECT provider_id FROM v_scorecards')).length).toBeGreaterThan(0);
        // A view that does read it says so.
        await expect(engine.query('SELECT * FROM v_action_list')).rejects.toThrow(/sanctions|parquet/i);
      });
    } finally {
      await rm(join(lake, 'curated', 'sanctions', 'broken.parquet'));
    }
  });

  it('lists every table and view to a statement that reads the catalogue', async () => {
    await withEngine(lake, async (engine) => {
      const shown = (await engine.query('SHOW TABLES')).map((r) => r.name);
      expect(shown).toEqual(expect.arrayContaining([...viewNames, ...baseTables().map((t) => t.name)]));
    });
  });

  it('suggests the nearest name for a misspelt one, as with everything created', async () => {
    await withEngine(lake, async (engine) => {
      await expect(engine.query('SELECT * FROM v_scorecard')).rejects.toThrow(/Did you mean "v_scorecards/);
    });
  });
});

describe('namesReferenced', () => {
  const known = ['v_alerts', 'alerts', 'provider_register', 'v_scorecards'];
  it.each([
    ['SELECT * FROM v_alerts', ['v_alerts']],
    [
      'select * from "V_ALERTS" a join main.provider_register r using (provider_id)',
      ['v_alerts', 'provider_register'],
    ],
    ['SELECT 1 -- v_scorecards', ['v_scorecards']],
    ['SELECT 1', []],
    ['DESCRIBE v_alerts', ['v_alerts']],
  ])('%s → %j', (sql, names) => {
    expect(namesReferenced(sql, known)).toEqual(new Set(names));
  });

  it.each([
    'SHOW TABLES',
    'DESCRIBE',
    'SELECT * FROM information_schema.tables',
    'SELECT * FROM duckdb_columns()',
    "FROM query_table('v_' || 'alerts')",
    "FROM query('SELECT * FROM ' || 'alerts')",
  ])('%s reads the catalogue or runs a name: all', (sql) => {
    expect(namesReferenced(sql, known)).toBe('all');
  });

  it('reads each view file for the views and tables it needs', () => {
    const needs = viewDependencies(
      loadViews(),
      baseTables().map((t) => t.name),
    );
    expect(needs.get('v_scorecard_latest')).toEqual(new Set(['v_scorecards', 'v_month_completeness']));
    expect(needs.get('v_scorecards')).toEqual(new Set(['scorecards', 'provider_register']));
  });
});
