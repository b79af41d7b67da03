// The local QueryEngine: every view compiles on an empty lake, the dialect rewrite table does only
// what it says, values come back as plain JS, and `carescore query` prints each format.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckDbRewrites, toDuckDbDialect } from '../../functions/adapters/duckdb-dialect.ts';
import { DuckDbQueryEngine, oneSentence } from '../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { UsageError, UserFacingError } from '../../functions/cli/args.ts';
import { formatRows, queryCommand } from '../../functions/cli/commands/query.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { curatedSchema } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { encodeParquet } from '../../functions/lake/parquet.ts';
import { resultsTables } from '../../functions/lake/results-tables.ts';
import { loadViews, viewNames } from '../../functions/lake/views.ts';
import { QueryError } from '../../functions/pipeline/ports.ts';

let lake: string;
beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'carescore-duckdb-'));
});
afterAll(async () => {
  if (lake) await rm(lake, { recursive: true, force: true });
});

describe('DuckDbQueryEngine on an empty lake', () => {
  for (const [label, dir] of [
    ['an empty directory', () => lake],
    ['a directory that does not exist yet', () => join(lake, 'not-yet')],
  ] as const) {
    it(`creates every view over ${label}, each selectable with zero rows`, async () => {
      const engine = await DuckDbQueryEngine.open(dir());
      try {
        await engine.createViews();
        const created = await engine.query(
          "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY view_name",
        );
        expect(created.map((r) => r.view_name)).toEqual([...viewNames].sort());
        for (const view of viewNames) expect(await engine.query(`SELECT * FROM ${view}`), view).toEqual([]);
      } finally {
        await engine.close();
      }
    });
  }

  it('gives the empty base tables their typed columns', async () => {
    const engine = await DuckDbQueryEngine.open(lake);
    try {
      const columns = await engine.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'sanctions' ORDER BY ordinal_position",
      );
      expect(columns.slice(0, 8)).toEqual([
        { column_name: 'sanction_id', data_type: 'VARCHAR' },
        { column_name: 'provider_id', data_type: 'VARCHAR' },
        { column_name: 'type', data_type: 'VARCHAR' },
        { column_name: 'level', data_type: 'INTEGER' },
        { column_name: 'trigger', data_type: 'VARCHAR' },
        { column_name: 'evidenced_on', data_type: 'DATE' },
        { column_name: 'action_plan_received_on', data_type: 'DATE' },
        { column_name: 'lifted_on', data_type: 'DATE' },
      ]);
      const partitioned = await engine.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'monthly_return' AND column_name = 'period'",
      );
      expect(partitioned).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });

  it('returns plain JS values', async () => {
    const engine = await DuckDbQueryEngine.open(lake);
    try {
      expect(
        await engine.query(
          `SELECT 42::BIGINT AS n, 9007199254740993::BIGINT AS big, 1.5::DOUBLE AS x, 2.25::DECIMAL(5, 2) AS dec,
            true AS yes, NULL AS nothing, DATE '2025-03-31' AS d, TIMESTAMP '2025-03-31 23:30:00' AS t, 'a' AS s`,
        ),
      ).toEqual([
        {
          n: 42,
          big: '9007199254740993',
          x: 1.5,
          dec: 2.25,
          yes: true,
          nothing: null,
          d: '2025-03-31',
          t: new Date('2025-03-31T23:30:00Z'),
          s: 'a',
        },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('reports bad SQL as a QueryError of one line, and reads nothing outside the lake', async () => {
    const engine = await DuckDbQueryEngine.open(lake);
    try {
      await engine.createViews();
      const error = await engine.query('SELECT * FROM v_scorecard').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).message).toMatch(
        /^Catalog Error: Table with name v_scorecard does not exist/,
      );
      expect((error as QueryError).message).not.toContain('\n');
      await expect(engine.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error/);
    } finally {
      await engine.close();
    }
  });

  it('writes nothing anywhere: COPY, ATTACH, EXPORT and the like are refused before they run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carescore-readonly-'));
    const elsewhere = await mkdtemp(join(tmpdir(), 'carescore-elsewhere-'));
    await mkdir(join(dir, 'ledger'));
    const engine = await DuckDbQueryEngine.open(dir);
    try {
      await engine.createViews();
      for (const sql of [
        `COPY (SELECT 1) TO '${join(dir, 'ledger', 'x.json')}'`,
        `ATTACH '${join(dir, 'x.db')}'`,
        `COPY (SELECT 1) TO '${join(elsewhere, 'elsewhere.csv')}'`,
        `EXPORT DATABASE '${join(dir, 'export')}'`,
        `SELECT 1; COPY (SELECT 2) TO '${join(dir, 'y.csv')}'`,
        'CREATE TABLE t AS SELECT 1',
        "SET allowed_directories = ['/']",
      ]) {
        const error = await engine.query(sql).catch((e: unknown) => e);
        expect(error, sql).toBeInstanceOf(QueryError);
        expect((error as QueryError).message, sql).toMatch(
          /^only SELECT statements .* may run, because a query never writes/,
        );
      }
      expect(await readdir(dir, { recursive: true })).toEqual(['ledger']);
      expect(await readdir(elsewhere)).toEqual([]);
      // Reading still works: views and DESCRIBE; a typo is still a parser error.
      expect(await engine.query('SELECT count(*) AS n FROM v_submissions')).toEqual([{ n: 0 }]);
      expect((await engine.query('DESCRIBE v_submissions')).length).toBeGreaterThan(0);
      await expect(engine.query('SELEC 1')).rejects.toThrow(/^Parser Error: syntax error at or near "SELEC"/);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('keeps the first paragraph of a DuckDB message, on one line', () => {
    expect(
      oneSentence(new Error('Parser Error: syntax error at or near "FORM"\n\nLINE 1: SELECT 1 FORM x\n  ^')),
    ).toBe('Parser Error: syntax error at or near "FORM"');
    expect(oneSentence(new Error('Catalog Error: no such table!\nDid you mean "v_x"?\n\nLINE 1:'))).toBe(
      'Catalog Error: no such table! Did you mean "v_x"?',
    );
  });
});

describe('a lake whose path has glob characters', () => {
  /** A lake holding one provider, in a partitioned results table, a flat curated table and the ledger. */
  async function writeLake(dir: string, provider_id: string): Promise<void> {
    const store = new FsObjectStore(dir);
    const scorecard = Object.fromEntries(Object.keys(resultsTables.scorecards).map((c) => [c, null]));
    await store.put(
      keys.resultsPartition('scorecards', '2025-01'),
      encodeParquet([{ ...scorecard, provider_id, overall_rating: 'Good' }], resultsTables.scorecards),
    );
    const register = contracts['provider-register'];
    const row = Object.fromEntries(Object.keys(curatedSchema(register)).map((c) => [c, null]));
    await store.put(
      keys.curatedTable(register.table, 'data'),
      encodeParquet([{ ...row, provider_id, provider_name: `${provider_id} Care` }], curatedSchema(register)),
    );
    await store.put(
      keys.ledger(`sub_${provider_id}`),
      `${JSON.stringify({ submission_id: `sub_${provider_id}` })}\n`,
    );
  }

  it('reads its own files, not a sibling lake the path would match as a pattern', async () => {
    const parent = join(lake, 'globbed');
    // 'lake1ab' matches the pattern 'lake[1]?*' but is another lake.
    await writeLake(join(parent, 'lake1ab'), 'SIBLING');
    await writeLake(join(parent, 'lake[1]?*'), 'OWN');
    const engine = await DuckDbQueryEngine.open(join(parent, 'lake[1]?*'));
    try {
      await engine.createViews();
      expect(await engine.query('SELECT provider_id FROM v_scorecards')).toEqual([{ provider_id: 'OWN' }]);
      expect(await engine.query('SELECT provider_id FROM provider_register')).toEqual([
        { provider_id: 'OWN' },
      ]);
      expect(await engine.query('SELECT submission_id FROM v_submissions')).toEqual([
        { submission_id: 'sub_OWN' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('reads only period=YYYY-MM partitions: a folder of other files under a table is not part of it', async () => {
    const dir = join(lake, 'nested');
    await writeLake(dir, 'OWN');
    // Another lake's results copied one level down, where a period folder would be (CONTRACTS §3).
    await writeLake(join(dir, 'results', 'scorecards', 'other'), 'NESTED');
    const store = new FsObjectStore(dir);
    const nested = await store.get(
      `results/scorecards/other/${keys.resultsPartition('scorecards', '2025-01')}`,
    );
    await store.put('results/scorecards/stray/part.parquet', nested!);
    const engine = await DuckDbQueryEngine.open(dir);
    try {
      await engine.createViews();
      expect(await engine.query('SELECT provider_id FROM v_scorecards')).toEqual([{ provider_id: 'OWN' }]);
    } finally {
      await engine.close();
    }
  });
});

describe('dialect rewrite table', () => {
  it('is small, and every entry says why', () => {
    expect(duckDbRewrites.length).toBeLessThanOrEqual(3);
    for (const rule of duckDbRewrites) expect(rule.why.length).toBeGreaterThan(10);
  });

  it.each([
    ["array_join(array_agg(x ORDER BY x), ', ')", "array_to_string(array_agg(x ORDER BY x), ', ')"],
    ['ARRAY_JOIN (a, b)', 'array_to_string (a, b)'],
    ['my_array_join(a, b)', 'my_array_join(a, b)'],
    ['SELECT array_join FROM t', 'SELECT array_join FROM t'],
    ['SELECT 1', 'SELECT 1'],
  ])('%s → %s', (input, output) => {
    expect(toDuckDbDialect(input)).toBe(output);
  });

  it('gives the sorted list Trino would', async () => {
    const engine = await DuckDbQueryEngine.open(lake);
    try {
      const sql = toDuckDbDialect(
        "SELECT array_join(array_agg(x ORDER BY x), ', ') AS l FROM (VALUES ('b'), ('c'), ('a')) t(x)",
      );
      expect(await engine.query(sql)).toEqual([{ l: 'a, b, c' }]);
    } finally {
      await engine.close();
    }
  });

  it('changes nothing else in the view files', () => {
    for (const view of loadViews()) {
      expect(toDuckDbDialect(view.sql)).toBe(view.sql.replace(/\barray_join\(/g, 'array_to_string('));
    }
  });
});

describe('carescore query', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    // As main.ts hands it over: --format taken out of the operands, its default filled in.
    const at = argv.indexOf('--format');
    const format = at >= 0 ? argv[at + 1]! : 'table';
    const positionals = argv.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
    const code = await queryCommand(
      { values: { lake, format }, positionals },
      {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      },
    );
    return { code, out: out.join('\n'), err };
  };
  const sample =
    "SELECT * FROM (VALUES ('=cmd', 1.5, DATE '2025-03-01'), ('plain', 12, NULL)) t(label, n, d)";

  it('--format json prints an array of row objects', async () => {
    const { code, out } = await run(sample, '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { label: '=cmd', n: 1.5, d: '2025-03-01' },
      { label: 'plain', n: 12, d: null },
    ]);
  });

  it('--format json prints [] for no rows', async () => {
    expect((await run('SELECT * FROM v_alerts', '--format', 'json')).out).toBe('[]');
  });

  it('--format csv neutralises formulas', async () => {
    const { out } = await run(sample, '--format', 'csv');
    expect(out.split('\r\n')).toEqual(['label,n,d', "'=cmd,1.5,2025-03-01", 'plain,12,']);
  });

  it('prints an aligned table by default', async () => {
    const { out } = await run(sample);
    expect(out.split('\n')).toEqual([
      'label    n  d',
      '-----  ---  ----------',
      '=cmd   1.5  2025-03-01',
      'plain   12',
      '(2 rows)',
    ]);
  });

  it('formats an empty result', () => {
    expect(formatRows([], 'table')).toEqual(['(0 rows)']);
    expect(formatRows([], 'csv')).toEqual([]);
  });

  it('turns SQL errors into one user-facing sentence', async () => {
    const error = await run('SELECT * FROM nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toMatch(
      /^The query failed: Catalog Error: Table with name nowhere does not exist/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects a missing SQL argument or an unknown format as usage errors', async () => {
    await expect(run()).rejects.toBeInstanceOf(UsageError);
    await expect(run('SELECT 1', '--format', 'xml')).rejects.toBeInstanceOf(UsageError);
  });
});
