// Parquet with explicit column types, so Glue/Athena and DuckDB see one stable schema whatever
// the values (Arquero would infer TINYINT for small counts). Arrow IPC via flechette, then
// parquet-wasm, which keeps DATE and TIMESTAMP logical types.
import {
  bool,
  type Column,
  dateDay,
  float64,
  int32,
  TimeUnit,
  Type,
  tableFromArrays,
  type tableFromColumns,
  tableFromIPC,
  tableToIPC,
  timestamp,
  utf8,
} from '@uwdata/flechette';
import type { WriterProperties } from 'parquet-wasm/esm';
import { dateMs, dayMs, timestampMs } from '../domain/time/epoch.ts';
import { loadedParquetWasm, parquetWasm } from './parquet-wasm.ts';

export type ColumnType = 'string' | 'int' | 'double' | 'boolean' | 'date' | 'timestamp';
export type TableSchema = Record<string, ColumnType>;
export type Row = Record<string, unknown>;

export const arrowType = {
  string: () => utf8(),
  int: () => int32(),
  double: () => float64(),
  boolean: () => bool(),
  date: () => dateDay(),
  timestamp: () => timestamp(TimeUnit.MILLISECOND, 'UTC'),
} as const;

function toArrowValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      return dateMs(value);
    case 'timestamp':
      return timestampMs(value);
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

/**
 * Rows in, Parquet out, in one piece: for small tables (results, council feeds); large ones are
 * written a batch at a time (parquet-stream.ts).
 */
export function encodeParquet(rows: readonly Row[], schema: TableSchema): Uint8Array {
  const columns: Record<string, unknown[]> = {};
  const types: Record<string, ReturnType<(typeof arrowType)[ColumnType]>> = {};
  for (const [name, type] of Object.entries(schema)) {
    columns[name] = rows.map((row) => toArrowValue(type, row[name]));
    types[name] = arrowType[type]();
  }
  return writeIpc(arrowIpc(tableFromArrays(columns, { types })));
}

export function arrowIpc(arrow: ReturnType<typeof tableFromColumns>): Uint8Array {
  const ipc = tableToIPC(arrow, { format: 'stream' });
  if (!ipc) throw new Error('Arrow IPC encoding produced nothing');
  return ipc;
}

/**
 * Rows per row group. The writer holds a whole row group in WebAssembly memory before it gives it
 * out, so this bounds that memory (a 600,000-row return in one row group grew it to 65 MB, every
 * page of it fresh memory to touch) at the cost of a dictionary per group (~2% larger files).
 */
export const rowGroupRows = 131_072;

/** Snappy, row groups of at most rowGroupRows, and a dictionary for every column but `plainColumns`. */
export function writerProperties(plainColumns: readonly string[] = []): WriterProperties {
  const parquet = parquetWasm();
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.SNAPPY)
    .setMaxRowGroupSize(rowGroupRows);
  for (const column of plainColumns) builder = builder.setColumnDictionaryEnabled(column, false);
  return builder.build();
}

function writeIpc(ipc: Uint8Array): Uint8Array {
  const parquet = parquetWasm();
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), writerProperties());
}

/**
 * Only the named columns of a Parquet file, each as an array: no object per row. Read through
 * ParquetFile, as readParquet decodes every column whatever `columns` says.
 */
export async function decodeParquetColumns(
  bytes: Uint8Array,
  names: readonly string[],
): Promise<unknown[][]> {
  const file = await (await loadedParquetWasm()).ParquetFile.fromFile(
    new Blob([bytes as Uint8Array<ArrayBuffer>]),
  );
  const ipc = (await file.read({ columns: [...names] })).intoIPCStream();
  file.free();
  const table = tableFromIPC(ipc, { useDate: false });
  return names.map((name) => {
    const column = table.getChild(name);
    if (!column) throw new Error(`the Parquet file has no column ${name}`);
    return column.type.typeId === Type.Utf8
      ? stringsOf(column as Column<string>)
      : (column.toArray() as unknown[]);
  });
}

const utf8Decoder = new TextDecoder();

/**
 * A UTF-8 column's values, with no decoder call per value: a national register's ids are a
 * quarter of a million strings, and one call each took most of loading it. A batch that decodes
 * to one character per byte (ASCII, as ids are) is decoded once and each value sliced from that
 * text, byte offsets being character offsets; a value equal to the one before (a register's
 * provider ids come in runs) is the same string, not a copy. Other batches are decoded value by
 * value.
 */
function stringsOf(column: Column<string>): (string | null)[] {
  const out: (string | null)[] = [];
  for (const batch of column.data) {
    const offsets = batch.offsets as Int32Array;
    const values = batch.values as Uint8Array;
    const from = offsets[0]!;
    const to = offsets[batch.length]!;
    const text = utf8Decoder.decode(values.subarray(from, to));
    if (text.length !== to - from) {
      const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      for (let i = 0; i < batch.length; i++) {
        out.push(batch.isValid(i) ? bytes.toString('utf8', offsets[i], offsets[i + 1]) : null);
      }
      continue;
    }
    let previous = '';
    for (let i = 0; i < batch.length; i++) {
      if (!batch.isValid(i)) {
        out.push(null);
        continue;
      }
      const start = offsets[i]! - from;
      const end = offsets[i + 1]! - from;
      if (end - start !== previous.length || !text.startsWith(previous, start)) {
        previous = text.slice(start, end);
      }
      out.push(previous);
    }
  }
  return out;
}

/**
 * Every row of a Parquet file, with the schema's columns (null where the file lacks one). Read a
 * column at a time, then put together row by row: Arrow's own row objects, one per row and each
 * value looked up through its batch, were most of the time a 1,600-provider county's results took
 * to read.
 */
export function decodeParquet(bytes: Uint8Array, schema: TableSchema, where?: RowFilter): Row[] {
  const ipc = parquetWasm().readParquet(bytes).intoIPCStream();
  const table = tableFromIPC(ipc, { useDate: false });
  const names = Object.keys(schema);
  const columns = names.map((name) => {
    const column = table.getChild(name);
    return column ? valuesOf(column as Column<unknown>, schema[name]!) : null;
  });
  let kept: ArrayLike<unknown> | null = null;
  if (where) {
    const at = names.indexOf(where.column);
    if (at < 0) throw new Error(`the schema has no column ${where.column} to filter rows by`);
    kept = columns[at] ?? new Array(table.numRows).fill(null);
  }
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    if (kept && where && !where.values.has(kept[i])) continue;
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c] ? columns[c]![i] : null;
    rows.push(row);
  }
  return rows;
}

/** Rows whose `column` holds one of `values` (decodeParquet makes no object for any other row). */
export interface RowFilter {
  column: string;
  values: ReadonlySet<unknown>;
}

/** A column's values as the rows hold them (null where Arrow has none). */
function valuesOf(column: Column<unknown>, type: ColumnType): ArrayLike<unknown> {
  if (column.type.typeId === Type.Utf8) return stringsOf(column as Column<string>);
  const values = column.toArray() as ArrayLike<unknown>;
  // A typed array (a number column without nulls) holds the values as they are.
  if (!Array.isArray(values) && (type === 'int' || type === 'double')) return values;
  // A value equal to the one before is the same Date or text, not a copy: a submission's rows share
  // one received time, and a 1,600-provider year held 800,000 Dates.
  const out = new Array<unknown>(values.length);
  let previous: unknown;
  let previousValue: unknown;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i === 0 || value !== previous) {
      previous = value;
      previousValue = fromArrowValue(type, value);
    }
    out[i] = previousValue;
  }
  return out;
}
