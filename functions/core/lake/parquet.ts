// Parquet with explicit column types, so Glue/Athena and DuckDB see one stable schema whatever
// the values (Arquero would infer TINYINT for small counts). Arrow IPC via flechette, then
// parquet-wasm, which keeps DATE and TIMESTAMP logical types.
import {
  Batch,
  bool,
  Column,
  dateDay,
  float64,
  int32,
  TimeUnit,
  tableFromArrays,
  tableFromColumns,
  tableFromIPC,
  tableToIPC,
  timestamp,
  utf8,
} from '@uwdata/flechette';
import type { WriterProperties } from 'parquet-wasm/esm';
import { parquetWasm } from './parquet-wasm.ts';

export type ColumnType = 'string' | 'int' | 'double' | 'boolean' | 'date' | 'timestamp';
export type TableSchema = Record<string, ColumnType>;
export type Row = Record<string, unknown>;

const arrowType = {
  string: () => utf8(),
  int: () => int32(),
  double: () => float64(),
  boolean: () => bool(),
  date: () => dateDay(),
  timestamp: () => timestamp(TimeUnit.MILLISECOND, 'UTC'),
} as const;

const dayMs = 86_400_000;

function toArrowValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      // 'YYYY-MM-DD' → days since epoch; the date is a calendar date, no time zone.
      return typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : (value as Date).getTime();
    case 'timestamp':
      return value instanceof Date ? value.getTime() : Date.parse(String(value));
    default:
      return value;
  }
}

function fromArrowValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      return new Date(Math.round(Number(value) / dayMs) * dayMs).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(Number(value));
    case 'int':
      return Number(value);
    default:
      return value;
  }
}

export function encodeParquet(rows: readonly Row[], schema: TableSchema): Uint8Array {
  const columns: Record<string, unknown[]> = {};
  for (const name of Object.keys(schema)) columns[name] = rows.map((row) => row[name]);
  return encodeParquetColumns(columns, schema);
}

/** Column arrays in, Parquet out: the path for large batches, with no object per row. */
export function encodeParquetColumns(
  values: Record<string, readonly unknown[]>,
  schema: TableSchema,
): Uint8Array {
  const columns: Record<string, unknown[]> = {};
  const types: Record<string, ReturnType<(typeof arrowType)[ColumnType]>> = {};
  for (const [name, type] of Object.entries(schema)) {
    const column = values[name] ?? [];
    columns[name] =
      type === 'date' || type === 'timestamp' ? column.map((v) => toArrowValue(type, v)) : [...column];
    types[name] = arrowType[type]();
  }
  return writeIpc(arrowIpc(tableFromArrays(columns, { types })));
}

function arrowIpc(arrow: ReturnType<typeof tableFromColumns>): Uint8Array {
  const ipc = tableToIPC(arrow, { format: 'stream' });
  if (!ipc) throw new Error('Arrow IPC encoding produced nothing');
  return ipc;
}

function writerProperties(): WriterProperties {
  const parquet = parquetWasm();
  return new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).build();
}

function writeIpc(ipc: Uint8Array): Uint8Array {
  const parquet = parquetWasm();
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), writerProperties());
}

/**
 * One column held compactly, for large batches: numbers in typed arrays, strings as ids into a
 * dictionary of distinct values (each encoded to UTF-8 once, not once per row). `nulls`, when
 * present, is 1 where the value is null. Dates are days since the epoch; timestamps are ms.
 */
export type ColumnVector =
  | { type: 'string'; ids: Int32Array; dictionary: readonly string[] }
  | { type: 'int' | 'date'; values: Int32Array; nulls: Uint8Array | null }
  | { type: 'double' | 'timestamp'; values: Float64Array; nulls: Uint8Array | null }
  | { type: 'boolean'; values: Uint8Array; nulls: Uint8Array | null };

/**
 * Column vectors in, Parquet out, with the same Arrow table (so the same bytes) as
 * encodeParquetColumns would make from the same values, built straight into Arrow buffers:
 * strings are encoded to UTF-8 once per distinct value. A string id of -1 is null.
 */
export function encodeParquetVectors(
  length: number,
  vectors: Record<string, ColumnVector>,
  schema: TableSchema,
): Uint8Array {
  const columns: Record<string, Column<unknown>> = {};
  for (const [name, type] of Object.entries(schema)) {
    const vector = vectors[name];
    if (!vector || vector.type !== type) throw new Error(`column ${name} is not a ${type} vector`);
    columns[name] = new Column([vectorBatch(length, vector)]);
  }
  return writeIpc(arrowIpc(tableFromColumns(columns)));
}

/** Arrow validity bitmap (1 = valid) from null flags; empty when nothing is null, as flechette does. */
function validityOf(length: number, nulls: Uint8Array | null): { validity: Uint8Array; nullCount: number } {
  let nullCount = 0;
  if (nulls) for (let i = 0; i < length; i++) nullCount += nulls[i]!;
  if (nullCount === 0) return { validity: new Uint8Array(0), nullCount };
  const validity = new Uint8Array(padded(((length - 1) >> 3) + 1));
  for (let i = 0; i < length; i++) if (!nulls![i]) validity[i >> 3]! |= 1 << (i & 7);
  return { validity, nullCount };
}

/** Buffer sizes rounded up to 64 bits, as Arrow buffers are. */
function padded(bytes: number): number {
  return (bytes + 7) & ~7;
}

function vectorBatch(length: number, v: ColumnVector): Batch<unknown> {
  if (v.type === 'string') return stringBatch(length, v.ids, v.dictionary, utf8());
  const { validity, nullCount } = validityOf(length, v.nulls);
  let values: Int32Array | Float64Array | BigInt64Array | Uint8Array;
  if (v.type === 'int' || v.type === 'date' || v.type === 'double') {
    values = v.values.subarray(0, length);
  } else if (v.type === 'timestamp') {
    const ms = new BigInt64Array(length);
    for (let i = 0; i < length; i++) if (!v.nulls?.[i]) ms[i] = BigInt(v.values[i]!);
    values = ms;
  } else {
    const bits = new Uint8Array(padded(((length - 1) >> 3) + 1));
    for (let i = 0; i < length; i++) if (v.values[i] && !v.nulls?.[i]) bits[i >> 3]! |= 1 << (i & 7);
    values = bits;
  }
  return new Batch({ length, nullCount, type: arrowType[v.type](), validity, values });
}

const utf8Encoder = new TextEncoder();

function stringBatch(
  length: number,
  ids: Int32Array,
  dictionary: readonly string[],
  type: ReturnType<typeof utf8>,
): Batch<unknown> {
  const encoded = dictionary.map((s) => utf8Encoder.encode(s));
  let bytes = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id < 0) nullCount++;
    else bytes += encoded[id]!.length;
  }
  const offsets = new Int32Array(length + 1);
  const data = new Uint8Array(padded(bytes));
  const validity = nullCount > 0 ? new Uint8Array(padded(((length - 1) >> 3) + 1)) : new Uint8Array(0);
  let pos = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id >= 0) {
      const e = encoded[id]!;
      if (e.length === 1) data[pos] = e[0]!;
      else data.set(e, pos);
      pos += e.length;
      if (nullCount > 0) validity[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = pos;
  }
  return new Batch({ length, nullCount, type, validity, values: data, offsets });
}

/** Only the named columns of a Parquet file, each as an array: no object per row. */
export function decodeParquetColumns(bytes: Uint8Array, names: readonly string[]): unknown[][] {
  const ipc = parquetWasm().readParquet(bytes, { columns: [...names] }).intoIPCStream();
  const table = tableFromIPC(ipc, { useDate: false });
  return names.map((name) => {
    const column = table.getChild(name);
    if (!column) throw new Error(`the Parquet file has no column ${name}`);
    return column.toArray() as unknown[];
  });
}

export function decodeParquet(bytes: Uint8Array, schema: TableSchema): Row[] {
  const ipc = parquetWasm().readParquet(bytes).intoIPCStream();
  const table = tableFromIPC(ipc, { useDate: false });
  const rows = table.toArray() as Row[];
  const names = Object.keys(schema);
  return rows.map((row) => {
    const out: Row = {};
    for (const name of names) out[name] = fromArrowValue(schema[name]!, row[name]);
    return out;
  });
}
