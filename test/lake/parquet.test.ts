import { describe, expect, it } from 'vitest';
import { sanitiseFileName } from '../../functions/lake/keys.ts';
import {
  decodeParquet,
  decodeParquetColumns,
  encodeParquet,
  type TableSchema,
} from '../../functions/lake/parquet.ts';
import { parquetInDuckDB } from '../helpers/parquet-in-duckdb.ts';

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

  it('decodes only the named columns, to the same values as whole rows, in runs, nulls and any script', async () => {
    const idSchema: TableSchema = { provider_id: 'string', branch_id: 'string', n: 'int' };
    const providers = ['P001', 'P001', 'P001', 'P002', null, 'P002', 'Prov-é', 'Prov-é', 'P001', ''];
    const idRows = providers.map((provider_id, i) => ({
      provider_id,
      branch_id: i === 7 ? '数据-7' : `1-${1_000_000_000 + i}`,
      n: i,
    }));
    const bytes = encodeParquet(idRows, idSchema);
    const [providerIds, branchIds] = await decodeParquetColumns(bytes, ['provider_id', 'branch_id']);
    const whole = decodeParquet(bytes, idSchema);
    expect(providerIds).toEqual(whole.map((r) => r.provider_id));
    expect(branchIds).toEqual(whole.map((r) => r.branch_id));
    expect(providerIds).toEqual(providers);
    await expect(decodeParquetColumns(bytes, ['nope'])).rejects.toThrow();
  });

  it('decodes ASCII ids in runs as the same values they were written as', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => ({
      provider_id: `P${Math.floor(i / 7)}`,
      branch_id: `B${i}`,
    }));
    const bytes = encodeParquet(ids, { provider_id: 'string', branch_id: 'string' });
    const [providerIds, branchIds] = await decodeParquetColumns(bytes, ['provider_id', 'branch_id']);
    expect(providerIds).toEqual(ids.map((r) => r.provider_id));
    expect(branchIds).toEqual(ids.map((r) => r.branch_id));
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
