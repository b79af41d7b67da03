import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { sanitiseFileName } from '../../../functions/core/lake/keys.ts';
import { decodeParquet, encodeParquet, type TableSchema } from '../../../functions/core/lake/parquet.ts';

const schema: TableSchema = { id: 'string', n: 'int', x: 'double', ok: 'boolean', d: 'date', t: 'timestamp' };
const rows = [
  { id: 'a', n: 1, x: 1.25, ok: true, d: '2025-03-31', t: new Date('2025-03-30T00:30:00Z') },
  { id: null, n: null, x: null, ok: null, d: null, t: null },
];

describe('Parquet codec', () => {
  it('round-trips every column type, nulls included', () => {
    expect(decodeParquet(encodeParquet(rows, schema), schema)).toEqual(rows);
  });

  it('writes the declared types that DuckDB (and Athena) read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carescore-pq-'));
    const file = join(dir, 't.parquet');
    await writeFile(file, encodeParquet(rows, schema));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const types = Object.fromEntries(reader.getRowObjects().map((r) => [r.column_name, r.column_type]));
    expect(types).toEqual({
      id: 'VARCHAR',
      n: 'INTEGER',
      x: 'DOUBLE',
      ok: 'BOOLEAN',
      d: 'DATE',
      t: 'TIMESTAMP WITH TIME ZONE',
    });
    const values = await conn.runAndReadAll(
      `SELECT CAST(d AS VARCHAR) AS d, n FROM read_parquet('${file}') WHERE id = 'a'`,
    );
    expect(values.getRowObjects()).toEqual([{ d: '2025-03-31', n: 1 }]);
    conn.closeSync();
  });
});

describe('file names are data, never paths', () => {
  it('sanitises names to letters, digits, dot, dash and underscore, at most 100 characters', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(sanitiseFileName('Return March 2025 (final).csv')).toBe('Return_March_2025_final_.csv');
    expect(sanitiseFileName('...')).toBe('file');
    expect(sanitiseFileName('Café–Résumé.csv')).toBe('Cafe_Resume.csv');
    expect(sanitiseFileName(`${'a'.repeat(300)}.csv`)).toHaveLength(100);
  });
});
