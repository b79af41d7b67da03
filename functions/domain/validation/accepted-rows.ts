// Accepted rows kept column by column in typed arrays: a 50 MB return is ~600,000 rows, and one
// JavaScript value per cell (a heap number per hours figure, a string per id) cost the garbage
// collector most of the ingest and kept peak memory near a gigabyte. Rows fill fixed-size blocks,
// so nothing is copied as they accumulate, and a block is a Parquet batch as it stands; strings
// become ids into a per-column dictionary of distinct values.

import type { FieldKind } from '../contracts/fields.ts';
import { dateMs, dayMs, timestampMs } from '../time/epoch.ts';
import type { ColumnBatch, ColumnVector } from './column-batch.ts';
import { StringDictionary } from './string-dictionary.ts';

const blockBits = 14;
/** Rows per block, and so at most per batch written to Parquet. */
export const blockRows = 1 << blockBits;
/**
 * The first block starts this small and doubles until full: most files are a few hundred rows,
 * and allocating full blocks for each of a thousand small files cost more than validating them.
 */
const firstBlockRows = 256;

type ColumnBlock =
  | { kind: 'string'; ids: Int32Array }
  | { kind: 'int' | 'date'; values: Int32Array; nulls: Uint8Array | null }
  | { kind: 'double' | 'timestamp'; values: Float64Array; nulls: Uint8Array | null }
  | { kind: 'boolean'; values: Uint8Array; nulls: Uint8Array | null };

interface Block {
  rowNumbers: Int32Array;
  /** The partition of each row (an id into `periodNames`), when the table is partitioned by period. */
  periodIds: Int32Array;
  columns: ColumnBlock[];
}

function newColumnBlock(kind: FieldKind, rows: number): ColumnBlock {
  switch (kind) {
    case 'string':
      return { kind, ids: new Int32Array(rows) };
    case 'int':
    case 'date':
      return { kind, values: new Int32Array(rows), nulls: null };
    case 'double':
    case 'timestamp':
      return { kind, values: new Float64Array(rows), nulls: null };
    case 'boolean':
      return { kind, values: new Uint8Array(rows), nulls: null };
  }
}

function newBlock(kinds: readonly FieldKind[], rows: number): Block {
  return {
    rowNumbers: new Int32Array(rows),
    periodIds: new Int32Array(rows),
    columns: kinds.map((kind) => newColumnBlock(kind, rows)),
  };
}

/** A copy of `array` with room for `rows`. */
function widened<T extends Int32Array | Float64Array | Uint8Array>(array: T, rows: number): T {
  const wider = new (array.constructor as new (length: number) => T)(rows);
  wider.set(array);
  return wider;
}

/** Doubles a block's room (never past blockRows), keeping its rows. */
function grow(block: Block): void {
  const rows = Math.min(blockRows, block.rowNumbers.length * 2);
  block.rowNumbers = widened(block.rowNumbers, rows);
  block.periodIds = widened(block.periodIds, rows);
  for (const column of block.columns) {
    if (column.kind === 'string') {
      column.ids = widened(column.ids, rows);
      continue;
    }
    column.values = widened(column.values as Int32Array, rows);
    if (column.nulls) column.nulls = widened(column.nulls, rows);
  }
}

/** One batch of accepted rows: their columns, and the sender's row number of each. */
export interface AcceptedBatch extends ColumnBatch {
  rowNumbers: Int32Array;
}

export class AcceptedRows {
  private readonly blocks: Block[] = [];
  private readonly dictionaries: (StringDictionary | null)[];
  private readonly periodNames: string[] = [];
  private readonly periodIds = new Map<string, number>();
  private count = 0;

  /** `kinds` in columnNames order, as the curated schema stores them. */
  constructor(
    readonly columnNames: readonly string[],
    private readonly kinds: readonly FieldKind[],
  ) {
    this.dictionaries = kinds.map((kind) => (kind === 'string' ? new StringDictionary() : null));
  }

  get length(): number {
    return this.count;
  }

  /** The id of a value of string column `c` in its dictionary; the value is added if it is new. */
  stringId(c: number, value: string): number {
    return this.dictionaries[c]!.idOf(value);
  }

  /**
   * `values` in columnNames order, typed as the field coercers return them; `ids` has the string
   * columns' values as stringId() gave them (-1 for null).
   */
  add(rowNumber: number, values: readonly unknown[], ids: Int32Array, period: string | null): void {
    const i = this.count & (blockRows - 1);
    if (i === 0)
      this.blocks.push(newBlock(this.kinds, this.blocks.length === 0 ? firstBlockRows : blockRows));
    this.count++;
    const block = this.blocks[this.blocks.length - 1]!;
    if (i === block.rowNumbers.length) grow(block);
    block.rowNumbers[i] = rowNumber;
    block.periodIds[i] = period === null ? -1 : this.periodId(period);
    const columns = block.columns;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      const value = values[c];
      if (column.kind === 'string') {
        column.ids[i] = ids[c]!;
        continue;
      }
      if (value === null || value === undefined) {
        column.nulls ??= new Uint8Array(block.rowNumbers.length);
        column.nulls[i] = 1;
        continue;
      }
      switch (column.kind) {
        case 'int':
        case 'double':
          column.values[i] = value as number;
          break;
        case 'boolean':
          column.values[i] = value ? 1 : 0;
          break;
        case 'date':
          column.values[i] = Math.floor(dateMs(value) / dayMs);
          break;
        case 'timestamp':
          column.values[i] = timestampMs(value);
          break;
      }
    }
  }

  private periodId(period: string): number {
    let id = this.periodIds.get(period);
    if (id === undefined) {
      id = this.periodNames.length;
      this.periodNames.push(period);
      this.periodIds.set(period, id);
    }
    return id;
  }

  /** Indices of rows grouped by period, in first-seen order; none when the table has no periods. */
  indicesByPeriod(): Map<string, Int32Array> {
    const names = this.periodNames;
    const counts = new Int32Array(names.length);
    this.forEachPeriodId((_, p) => counts[p]!++);
    const groups = names.map((_, p) => new Int32Array(counts[p]!));
    const filled = new Int32Array(names.length);
    this.forEachPeriodId((i, p) => {
      groups[p]![filled[p]!++] = i;
    });
    return new Map(names.map((name, p) => [name, groups[p]!]));
  }

  private forEachPeriodId(visit: (row: number, period: number) => void): void {
    for (let i = 0; i < this.count; i++) {
      const p = this.blocks[i >> blockBits]!.periodIds[i & (blockRows - 1)]!;
      if (p >= 0) visit(i, p);
    }
  }

  /** The rows at `indices` (every row when null), in order, in batches of at most blockRows. */
  *batches(indices: Int32Array | null): Generator<AcceptedBatch> {
    if (indices === null) {
      for (let b = 0; b < this.blocks.length; b++) {
        const block = this.blocks[b]!;
        const length = Math.min(blockRows, this.count - b * blockRows);
        yield this.batch(length, (get) => leading(get(block), length));
      }
      return;
    }
    for (let from = 0; from < indices.length; from += blockRows) {
      const slice = indices.subarray(from, Math.min(indices.length, from + blockRows));
      yield this.batch(slice.length, (get) => gathered(this.blocks.map(get), slice));
    }
  }

  private batch(length: number, take: Take): AcceptedBatch {
    const vectors: Record<string, ColumnVector> = {};
    this.columnNames.forEach((name, c) => {
      const kind = this.kinds[c]!;
      if (kind === 'string') {
        const ids = take((block) => (block.columns[c] as { ids: Int32Array }).ids)!;
        vectors[name] = { type: 'string', ids, dictionary: this.dictionaries[c]! };
      } else {
        const values = take((block) => (block.columns[c] as { values: Int32Array }).values)!;
        const nulls = take((block) => (block.columns[c] as { nulls: Uint8Array | null }).nulls);
        vectors[name] = { type: kind, values, nulls } as ColumnVector;
      }
    });
    return { length, vectors, rowNumbers: take((block) => block.rowNumbers)! };
  }
}

type TypedArray = Int32Array | Float64Array | Uint8Array;

/** One array of a batch, from the matching array of each block (null where a block has none). */
type Take = <T extends TypedArray>(get: (block: Block) => T | null) => T | null;

function leading<T extends TypedArray>(array: T | null, length: number): T | null {
  return array === null ? null : (array.subarray(0, length) as T);
}

/** The values at `indices` across blocks' arrays; null when no block has the array. */
function gathered<T extends TypedArray>(arrays: (T | null)[], indices: Int32Array): T | null {
  const some = arrays.find((a) => a !== null);
  if (!some) return null;
  const out = new (some.constructor as new (n: number) => T)(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const array = arrays[i >> blockBits];
    if (array) out[k] = array[i & (blockRows - 1)]!;
  }
  return out;
}
