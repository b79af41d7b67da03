// Parquet with explicit column types, so Glue/Athena and DuckDB see one stable schema whatever
// the values (Arquero would infer TINYINT for small counts). Arrow IPC via flechette, then
// parquet-wasm, which keeps DATE and TIMESTAMP logical types.
import {
  bool,
  dateDay,
  float64,
  int32,
  TimeUnit,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  timestamp,
  utf8,
} from '@uwdata/flechette';
import * as parquet from 'parquet-wasm/node';

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
  const ipc = tableToIPC(tableFromArrays(columns, { types }), { format: 'stream' });
  if (!ipc) throw new Error('Arrow IPC encoding produced nothing');
  const table = parquet.Table.fromIPCStream(ipc);
  const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).build();
  return parquet.writeParquet(table, props);
}

export function decodeParquet(bytes: Uint8Array, schema: TableSchema): Row[] {
  const ipc = parquet.readParquet(bytes).intoIPCStream();
  const table = tableFromIPC(ipc, { useDate: false });
  const rows = table.toArray() as Row[];
  const names = Object.keys(schema);
  return rows.map((row) => {
    const out: Row = {};
    for (const name of names) out[name] = fromArrowValue(schema[name]!, row[name]);
    return out;
  });
}
