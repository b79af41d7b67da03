import { describe, expect, it } from 'vitest';
import { sanitiseFileName } from '../../../functions/core/lake/keys.ts';
import { decodeParquet, encodeParquet, type TableSchema } from '../../../functions/core/lake/parquet.ts';
import { parquetInDuckDB } from '../../helpers/parquet-in-duckdb.ts';

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
    const parquet = await parquetInDuckDB(encodeParquet(rows, schema));
    expect(parquet.columnTypes).toEqual({
      id: 'VARCHAR',
      n: 'INTEGER',
      x: 'DOUBLE',
      ok: 'BOOLEAN',
      d: 'DATE',
      t: 'TIMESTAMP WITH TIME ZONE',
    });
    const values = await parquet.query(
      (file) => `SELECT CAST(d AS VARCHAR) AS d, n FROM ${file} WHERE id = 'a'`,
    );
    expect(values).toEqual([{ d: '2025-03-31', n: 1 }]);
    parquet.close();
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
