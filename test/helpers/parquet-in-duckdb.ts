// A Parquet file as DuckDB (and so Athena, which reads the same logical types) sees it: its
// column types, and rows from a query over it, where `file` in the SQL stands for the file.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface ParquetInDuckDB {
  columnTypes: Record<string, unknown>;
  query(sql: (file: string) => string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export async function parquetInDuckDB(bytes: Uint8Array): Promise<ParquetInDuckDB> {
  const file = join(await mkdtemp(join(tmpdir(), 'carescore-pq-')), 't.parquet');
  await writeFile(file, bytes);
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const query = async (sql: (file: string) => string) =>
    (await conn.runAndReadAll(sql(`read_parquet('${file}')`))).getRowObjects();
  const described = await query((f) => `DESCRIBE SELECT * FROM ${f}`);
  return {
    columnTypes: Object.fromEntries(described.map((r) => [r.column_name, r.column_type])),
    query,
    close: () => conn.closeSync(),
  };
}
