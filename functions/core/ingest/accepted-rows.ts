// Accepted rows kept column by column in typed arrays: a 50 MB return is ~600,000 rows, and one
// JavaScript value per cell (a heap number per hours figure, a string per id) cost the garbage
// collector most of the ingest and kept peak memory near a gigabyte. Numbers go in growing typed
// arrays; strings become ids into a per-column dictionary of distinct values.
import type { FieldKind } from '../contracts/fields.ts';
import type { ColumnVector } from '../lake/parquet.ts';

const dayMs = 86_400_000;

type Store =
  | { kind: 'string'; ids: Int32Array; dictionary: string[]; known: Map<string, number> }
  | { kind: 'int' | 'date'; values: Int32Array; nulls: Uint8Array | null }
  | { kind: 'double' | 'timestamp'; values: Float64Array; nulls: Uint8Array | null }
  | { kind: 'boolean'; values: Uint8Array; nulls: Uint8Array | null };

function newStore(kind: FieldKind, capacity: number): Store {
  switch (kind) {
    case 'string':
      return { kind, ids: new Int32Array(capacity), dictionary: [], known: new Map() };
    case 'int':
    case 'date':
      return { kind, values: new Int32Array(capacity), nulls: null };
    case 'double':
    case 'timestamp':
      return { kind, values: new Float64Array(capacity), nulls: null };
    case 'boolean':
      return { kind, values: new Uint8Array(capacity), nulls: null };
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, capacity: number): T {
  const out = new (array.constructor as new (n: number) => T)(capacity);
  out.set(array);
  return out;
}

function internId(store: { dictionary: string[]; known: Map<string, number> }, value: string): number {
  let id = store.known.get(value);
  if (id === undefined) {
    id = store.dictionary.length;
    store.dictionary.push(value);
    store.known.set(value, id);
  }
  return id;
}

export class AcceptedRows {
  private readonly stores: Store[];
  private rowNumberValues = new Int32Array(1024);
  /** The partition of each row (an id into periodNames), when the table is partitioned by period. */
  private periodIds = new Int32Array(1024);
  private readonly periods = { dictionary: [] as string[], known: new Map<string, number>() };
  private count = 0;
  private capacity = 1024;

  /** `kinds` in columnNames order, as the curated schema stores them. */
  constructor(
    readonly columnNames: readonly string[],
    kinds: readonly FieldKind[],
  ) {
    this.stores = kinds.map((kind) => newStore(kind, this.capacity));
  }

  get length(): number {
    return this.count;
  }

  /** `values` in columnNames order, typed as the field coercers return them. */
  add(rowNumber: number, values: readonly unknown[], period: string | null): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.rowNumberValues[i] = rowNumber;
    this.periodIds[i] = period === null ? -1 : internId(this.periods, period);
    const stores = this.stores;
    for (let c = 0; c < stores.length; c++) {
      const store = stores[c]!;
      const value = values[c];
      if (store.kind === 'string') {
        store.ids[i] = value === null || value === undefined ? -1 : internId(store, value as string);
        continue;
      }
      if (value === null || value === undefined) {
        store.nulls ??= new Uint8Array(this.capacity);
        store.nulls[i] = 1;
        continue;
      }
      switch (store.kind) {
        case 'int':
        case 'double':
          store.values[i] = value as number;
          break;
        case 'boolean':
          store.values[i] = value ? 1 : 0;
          break;
        case 'date': {
          // 'YYYY-MM-DD' → days since epoch; the date is a calendar date, no time zone.
          const ms = typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : (value as Date).getTime();
          store.values[i] = Math.floor(ms / dayMs);
          break;
        }
        case 'timestamp':
          store.values[i] = value instanceof Date ? value.getTime() : Date.parse(String(value));
          break;
      }
    }
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.rowNumberValues = grown(this.rowNumberValues, capacity);
    this.periodIds = grown(this.periodIds, capacity);
    for (const store of this.stores) {
      if (store.kind === 'string') {
        store.ids = grown(store.ids, capacity);
      } else {
        (store as { values: Int32Array }).values = grown((store as { values: Int32Array }).values, capacity);
        if (store.nulls) store.nulls = grown(store.nulls, capacity);
      }
    }
    this.capacity = capacity;
  }

  /** Indices of rows grouped by period, in first-seen order; none when the table has no periods. */
  indicesByPeriod(): Map<string, Int32Array> {
    const names = this.periods.dictionary;
    const counts = new Int32Array(names.length);
    for (let i = 0; i < this.count; i++) if (this.periodIds[i]! >= 0) counts[this.periodIds[i]!]!++;
    const groups = names.map((_, p) => new Int32Array(counts[p]!));
    const filled = new Int32Array(names.length);
    for (let i = 0; i < this.count; i++) {
      const p = this.periodIds[i]!;
      if (p >= 0) groups[p]![filled[p]!++] = i;
    }
    return new Map(names.map((name, p) => [name, groups[p]!]));
  }

  /** Sender's row numbers of the rows at `indices` (every row when null). */
  rowNumbers(indices: Int32Array | null): Int32Array {
    return pick(this.rowNumberValues, this.count, indices);
  }

  /** The columns of the rows at `indices` (every row when null), ready to encode. */
  vectors(indices: Int32Array | null): Record<string, ColumnVector> {
    const out: Record<string, ColumnVector> = {};
    this.columnNames.forEach((name, c) => {
      const store = this.stores[c]!;
      if (store.kind === 'string') {
        out[name] = {
          type: 'string',
          ids: pick(store.ids, this.count, indices),
          dictionary: store.dictionary,
        };
      } else {
        out[name] = {
          type: store.kind,
          values: pick(store.values as Int32Array, this.count, indices),
          nulls: store.nulls ? pick(store.nulls, this.count, indices) : null,
        } as ColumnVector;
      }
    });
    return out;
  }
}

function pick<T extends Int32Array | Float64Array | Uint8Array>(
  array: T,
  count: number,
  indices: Int32Array | null,
): T {
  if (indices === null) return array.subarray(0, count) as T;
  const out = new (array.constructor as new (n: number) => T)(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = array[indices[k]!]!;
  return out;
}
