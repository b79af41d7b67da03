import { describe, expect, it } from 'vitest';
import { StringDictionary } from '../../functions/domain/validation/string-dictionary.ts';
import {
  decodeParquet,
  encodeParquet,
  type Row,
  rowGroupRows,
  type TableSchema,
} from '../../functions/lake/parquet.ts';
import {
  type ColumnBatch,
  type ColumnVector,
  encodeRows,
  parquetFromBatches,
} from '../../functions/lake/parquet-stream.ts';
import { parquetInDuckDB } from '../helpers/parquet-in-duckdb.ts';

const schema: TableSchema = {
  id: 'string',
  n: 'int',
  x: 'double',
  ok: 'boolean',
  d: 'date',
  t: 'timestamp',
  seq: 'int',
};
const dayMs = 86_400_000;
const names = ['a', 'Café', '£ sterling', '数据', ''];

/** Row i of the test table: repeating values, distinct `seq`, and a null in every column now and then. */
function rowAt(i: number): Row {
  const isNull = i % 7 === 3;
  return {
    id: isNull ? null : names[i % names.length]!,
    n: isNull ? null : i % 11,
    x: isNull ? null : (i % 13) + 0.25,
    ok: isNull ? null : i % 2 === 0,
    d: isNull ? null : new Date((20_000 + (i % 30)) * dayMs).toISOString().slice(0, 10),
    t: isNull ? null : new Date(1_750_000_000_000 + (i % 5) * 1000),
    seq: i,
  };
}

/** Rows from..to as a batch of column vectors, all sharing one string dictionary. */
function batchOf(from: number, to: number, dictionary: StringDictionary): ColumnBatch {
  const length = to - from;
  const nulls = new Uint8Array(length);
  const ids = new Int32Array(length);
  const n = new Int32Array(length);
  const x = new Float64Array(length);
  const ok = new Uint8Array(length);
  const d = new Int32Array(length);
  const t = new Float64Array(length);
  const seq = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    const row = rowAt(from + k);
    seq[k] = row.seq as number;
    if (row.id === null) {
      nulls[k] = 1;
      ids[k] = -1;
      continue;
    }
    ids[k] = dictionary.idOf(row.id as string);
    n[k] = row.n as number;
    x[k] = row.x as number;
    ok[k] = row.ok ? 1 : 0;
    d[k] = Date.parse(`${row.d as string}T00:00:00Z`) / dayMs;
    t[k] = (row.t as Date).getTime();
  }
  const vectors: Record<string, ColumnVector> = {
    id: { type: 'string', ids, dictionary },
    n: { type: 'int', values: n, nulls },
    x: { type: 'double', values: x, nulls },
    ok: { type: 'boolean', values: ok, nulls },
    d: { type: 'date', values: d, nulls },
    t: { type: 'timestamp', values: t, nulls },
    seq: { type: 'int', values: seq, nulls: null },
  };
  return { length, vectors };
}

function batches(rows: number, size: number): ColumnBatch[] {
  const dictionary = new StringDictionary();
  const out: ColumnBatch[] = [];
  for (let from = 0; from < rows; from += size)
    out.push(batchOf(from, Math.min(rows, from + size), dictionary));
  return out;
}

/** The whole file, from the pieces the writer gives. */
async function encodeParquetBatches(
  batches: Iterable<ColumnBatch>,
  schema: TableSchema,
): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const piece of parquetFromBatches(batches, schema)) pieces.push(piece);
  return Buffer.concat(pieces);
}

describe('Parquet written a batch at a time', () => {
  const rows = 5000;
  const expected = Array.from({ length: rows }, (_, i) => rowAt(i));

  it('writes rows column by column (encodeRows) to the very bytes encodeParquet writes, empty or not', () => {
    for (const some of [expected, expected.slice(0, 1), []]) {
      const bytes = encodeRows(some, schema);
      expect(Buffer.from(bytes).equals(Buffer.from(encodeParquet(some, schema)))).toBe(true);
      expect(decodeParquet(bytes, schema)).toEqual(some);
    }
  });

  it('decodes to the same rows as the whole table written at once, however it is batched', async () => {
    const whole = decodeParquet(encodeParquet(expected, schema), schema);
    expect(whole).toEqual(expected);
    for (const size of [rows, 1000, 997, 1]) {
      const bytes = await encodeParquetBatches(batches(size === 1 ? 50 : rows, size), schema);
      expect(decodeParquet(bytes, schema), `batches of ${size}`).toEqual(
        size === 1 ? expected.slice(0, 50) : whole,
      );
    }
  });

  it('writes the declared types, which DuckDB reads', async () => {
    const parquet = await parquetInDuckDB(await encodeParquetBatches(batches(rows, 1024), schema));
    expect(parquet.columnTypes).toEqual({
      id: 'VARCHAR',
      n: 'INTEGER',
      x: 'DOUBLE',
      ok: 'BOOLEAN',
      d: 'DATE',
      t: 'TIMESTAMP WITH TIME ZONE',
      seq: 'INTEGER',
    });
    const summary = await parquet.query(
      (file) => `SELECT count(*)::INTEGER AS rows, count(id)::INTEGER AS ids, sum(seq)::DOUBLE AS seqs,
        CAST(max(d) AS VARCHAR) AS last_day, max(id) AS top FROM ${file}`,
    );
    const present = expected.filter((r) => r.id !== null);
    expect(summary).toEqual([
      {
        rows,
        ids: present.length,
        seqs: (rows * (rows - 1)) / 2,
        last_day: present
          .map((r) => r.d as string)
          .sort()
          .at(-1),
        top: '数据',
      },
    ]);
    parquet.close();
  });

  it('gives a large table out a row group at a time, which DuckDB reads back whole', async () => {
    const many = rowGroupRows * 2 + 10;
    const pieces: Uint8Array[] = [];
    for await (const piece of parquetFromBatches(batches(many, 16_384), schema)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    const parquet = await parquetInDuckDB(Buffer.concat(pieces));
    expect(
      await parquet.query(
        (file) => `SELECT count(*)::INTEGER AS rows, sum(seq)::DOUBLE AS seqs FROM ${file}`,
      ),
    ).toEqual([{ rows: many, seqs: (many * (many - 1)) / 2 }]);
    // The same file through DuckDB's metadata reader: `file` is read_parquet('…').
    const groups = await parquet.query(
      (file) =>
        `SELECT count(DISTINCT row_group_id)::INTEGER AS groups FROM ${file.replace('read_parquet', 'parquet_metadata')}`,
    );
    expect(groups).toEqual([{ groups: 3 }]);
    parquet.close();
  });

  it('writes a string column holding one value on every row (filled, not copied row by row)', async () => {
    const dictionary = StringDictionary.of(['数据 sub_0123', '', 'x']);
    const oneSchema: TableSchema = { id: 'string', seq: 'int' };
    const constant = (id: number, length: number): ColumnBatch => ({
      length,
      vectors: {
        id: { type: 'string', ids: new Int32Array(length).fill(id), dictionary },
        seq: { type: 'int', values: Int32Array.from({ length }, (_, i) => i), nulls: null },
      },
    });
    for (const [id, length] of [
      [0, 1000],
      [0, 3],
      [1, 17],
      [2, 1],
      [-1, 5],
    ] as const) {
      const rows = decodeParquet(await encodeParquetBatches([constant(id, length)], oneSchema), oneSchema);
      const value = id < 0 ? null : ['数据 sub_0123', '', 'x'][id];
      expect(rows, `id ${id} × ${length}`).toEqual(Array.from({ length }, (_, seq) => ({ id: value, seq })));
    }
  });

  it('refuses to write no batches at all', async () => {
    await expect(encodeParquetBatches([], schema)).rejects.toThrow('at least one batch');
  });
});
