// Large tables to Parquet a batch at a time: each batch of column vectors becomes Arrow buffers
// and is handed to parquet-wasm's streaming writer, so only one batch is ever held as Arrow in
// JavaScript and WebAssembly memory; the rows themselves stay compact (typed arrays, string ids).
// A whole 600,000-row partition held as one Arrow table, in JS and again in WebAssembly, was most
// of a 50 MB ingest's peak memory.
import { Batch, Column, tableFromColumns, type utf8 } from '@uwdata/flechette';
import { dateMs, dayMs, timestampMs } from '../domain/time/epoch.ts';
import type { ColumnBatch, ColumnVector } from '../domain/validation/column-batch.ts';
import { StringDictionary } from '../domain/validation/string-dictionary.ts';
import { arrowIpc, arrowType, type Row, type TableSchema, writerProperties } from './parquet.ts';
import { loadedParquetWasm, parquetWasm } from './parquet-wasm.ts';

export type { ColumnBatch, ColumnVector };

/**
 * Batches in, one Parquet file out, in the pieces the writer gives as it finishes each row group
 * (parquet.ts bounds their rows): callers stream them to the store, so a large file is neither held
 * whole nor copied into one buffer. At least one batch (it may be empty), each with every column.
 */
export async function* parquetFromBatches(
  batches: Iterable<ColumnBatch>,
  schema: TableSchema,
): AsyncGenerator<Uint8Array> {
  const parquet = await loadedParquetWasm();
  const iterator = batches[Symbol.iterator]();
  const first = iterator.next();
  if (first.done) throw new Error('parquetFromBatches needs at least one batch');
  let next: IteratorResult<ColumnBatch> = first;
  const input = new ReadableStream({
    pull(controller) {
      if (next.done) {
        controller.close();
        return;
      }
      const table = parquet.Table.fromIPCStream(arrowIpc(arrowTable(next.value, schema)));
      for (const batch of table.recordBatches()) controller.enqueue(batch);
      table.free();
      next = iterator.next();
    },
  });
  const properties = writerProperties(mostlyDistinct(first.value, schema));
  yield* (await parquet.transformParquetStream(input, properties)) as unknown as AsyncIterable<Uint8Array>;
}

/**
 * One batch, the whole file, to Parquet in one piece, with the writer settings parquetFromBatches
 * gives it: a small submission's rows (a monthly return's few dozen) written without a stream on
 * either side, whose setup cost more than the encoding in a back-load of thousands of files.
 */
export async function parquetOfBatch(batch: ColumnBatch, schema: TableSchema): Promise<Uint8Array> {
  const parquet = await loadedParquetWasm();
  const table = parquet.Table.fromIPCStream(arrowIpc(arrowTable(batch, schema)));
  return parquet.writeParquet(table, writerProperties(mostlyDistinct(batch, schema)));
}

/**
 * Rows in, Parquet out, in one piece, as encodeParquet writes them (the same types and writer
 * settings), but each column built as a vector first: a string column is its distinct values'
 * UTF-8 copied per row, not each row's value encoded again. A 1,600-provider year's results (400,000
 * KPI rows, their names and areas repeated on every row) spent 5 s encoding strings the other way.
 */
export function encodeRows(rows: readonly Row[], schema: TableSchema): Uint8Array {
  const vectors: Record<string, ColumnVector> = {};
  for (const [name, type] of Object.entries(schema)) vectors[name] = vectorOf(rows, name, type);
  const parquet = parquetWasm();
  const ipc = arrowIpc(arrowTable({ length: rows.length, vectors }, schema));
  return parquet.writeParquet(parquet.Table.fromIPCStream(ipc), writerProperties());
}

function vectorOf(rows: readonly Row[], name: string, type: TableSchema[string]): ColumnVector {
  const n = rows.length;
  if (type === 'string') {
    const dictionary = new StringDictionary();
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const value = rows[i]![name];
      ids[i] = value === null || value === undefined ? -1 : dictionary.idOf(String(value));
    }
    return { type, ids, dictionary };
  }
  let nulls: Uint8Array | null = null;
  const isNull = (i: number, value: unknown) => {
    if (value !== null && value !== undefined) return false;
    nulls ??= new Uint8Array(n);
    nulls[i] = 1;
    return true;
  };
  if (type === 'int' || type === 'date') {
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const value = rows[i]![name];
      if (!isNull(i, value)) values[i] = type === 'date' ? Math.round(dateMs(value) / dayMs) : Number(value);
    }
    return { type, values, nulls };
  }
  if (type === 'double' || type === 'timestamp') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = rows[i]![name];
      if (!isNull(i, value)) values[i] = type === 'timestamp' ? timestampMs(value) : Number(value);
    }
    return { type, values, nulls };
  }
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const value = rows[i]![name];
    if (!isNull(i, value)) values[i] = value ? 1 : 0;
  }
  return { type, values, nulls };
}

const sampleRows = 4096;

/**
 * Columns whose values mostly differ from row to row in the first rows (row numbers, hours):
 * they are written without a dictionary, which would only overflow its page limit and be dropped,
 * and building it was a sixth of a large write.
 */
function mostlyDistinct(batch: ColumnBatch, schema: TableSchema): string[] {
  const rows = Math.min(batch.length, sampleRows);
  const out: string[] = [];
  for (const name of Object.keys(schema)) {
    const vector = batch.vectors[name]!;
    const values = vector.type === 'string' ? vector.ids : vector.values;
    const seen = new Set<number>();
    for (let i = 0; i < rows; i++) seen.add(values[i]!);
    if (seen.size * 2 > rows) out.push(name);
  }
  return out;
}

function arrowTable(batch: ColumnBatch, schema: TableSchema) {
  const columns: Record<string, Column<unknown>> = {};
  for (const [name, type] of Object.entries(schema)) {
    const vector = batch.vectors[name];
    if (!vector || vector.type !== type) throw new Error(`column ${name} is not a ${type} vector`);
    columns[name] = new Column([vectorBatch(batch.length, vector)]);
  }
  return tableFromColumns(columns);
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
  if (v.type === 'string') return stringBatch(length, v.ids, v.dictionary, arrowType.string());
  const { validity, nullCount } = validityOf(length, v.nulls);
  let values: Int32Array | Float64Array | BigInt64Array | Uint8Array;
  if (v.type === 'int' || v.type === 'date' || v.type === 'double') {
    values = v.values.subarray(0, length);
  } else if (v.type === 'timestamp') {
    const ms = new BigInt64Array(length);
    // A BigInt is made only when the value changes: a timestamp column is often one instant.
    let last = Number.NaN;
    let big = 0n;
    for (let i = 0; i < length; i++) {
      if (v.nulls?.[i]) continue;
      const value = v.values[i]!;
      if (value !== last) {
        last = value;
        big = BigInt(value);
      }
      ms[i] = big;
    }
    values = ms;
  } else {
    const bits = new Uint8Array(padded(((length - 1) >> 3) + 1));
    for (let i = 0; i < length; i++) if (v.values[i] && !v.nulls?.[i]) bits[i >> 3]! |= 1 << (i & 7);
    values = bits;
  }
  return new Batch({ length, nullCount, type: arrowType[v.type](), validity, values });
}

/** Each row's bytes copied from the dictionary's UTF-8, byte by byte: values are short. */
function stringBatch(
  length: number,
  ids: Int32Array,
  dictionary: StringDictionary,
  type: ReturnType<typeof utf8>,
): Batch<unknown> {
  if (length > 0 && ids[0]! >= 0 && isConstant(ids, length)) {
    return constantStringBatch(
      length,
      dictionary.utf8.subarray(dictionary.start(ids[0]!), dictionary.end(ids[0]!)),
      type,
    );
  }
  let bytes = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id < 0) nullCount++;
    else bytes += dictionary.end(id) - dictionary.start(id);
  }
  const source = dictionary.utf8;
  const offsets = new Int32Array(length + 1);
  const data = new Uint8Array(padded(bytes));
  const validity = nullCount > 0 ? new Uint8Array(padded(((length - 1) >> 3) + 1)) : new Uint8Array(0);
  let pos = 0;
  for (let i = 0; i < length; i++) {
    const id = ids[i]!;
    if (id >= 0) {
      const end = dictionary.end(id);
      for (let k = dictionary.start(id); k < end; k++) data[pos++] = source[k]!;
      if (nullCount > 0) validity[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = pos;
  }
  return new Batch({ length, nullCount, type, validity, values: data, offsets });
}

function isConstant(ids: Int32Array, length: number): boolean {
  const first = ids[0]!;
  for (let i = 1; i < length; i++) if (ids[i] !== first) return false;
  return true;
}

/**
 * One value on every row (a submission's id and status, a provider's own id): its bytes written
 * once, then doubled by native copies, rather than copied byte by byte on each row, which was most
 * of the string bytes a large return's batches are made of.
 */
function constantStringBatch(
  length: number,
  value: Uint8Array,
  type: ReturnType<typeof utf8>,
): Batch<unknown> {
  const size = value.byteLength;
  const data = new Uint8Array(padded(size * length));
  data.set(value);
  for (let filled = size; filled < size * length; filled *= 2) {
    data.copyWithin(filled, 0, Math.min(filled, size * length - filled));
  }
  const offsets = new Int32Array(length + 1);
  for (let i = 1; i <= length; i++) offsets[i] = i * size;
  return new Batch({ length, nullCount: 0, type, validity: new Uint8Array(0), values: data, offsets });
}
