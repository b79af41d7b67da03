// One table's rows grouped by a small integer key (a provider's or a CQC location's ordinal), in
// input order, as row positions in typed arrays: a national run has hundreds of thousands of
// rows, and a list object per key, kept for the whole run, costs more in garbage collection than
// the grouping itself.

export class RowGroups<R> {
  /** Key → its first slot in `order`; the last entry is the end. */
  private readonly start: Int32Array;
  /** Row positions, key by key. */
  private readonly order: Int32Array;

  /** @param keyOf the row's key (0 … keys − 1), or −1 to leave the row out. */
  constructor(
    private readonly rows: readonly R[],
    keys: number,
    keyOf: (row: R) => number,
  ) {
    const rowKeys = new Int32Array(rows.length);
    const start = new Int32Array(keys + 1);
    for (let i = 0; i < rows.length; i++) {
      const k = keyOf(rows[i]!);
      rowKeys[i] = k;
      if (k >= 0) start[k + 1]!++;
    }
    for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
    const next = start.slice(0, keys);
    const order = new Int32Array(start[keys]!);
    for (let i = 0; i < rows.length; i++) {
      const k = rowKeys[i]!;
      if (k >= 0) order[next[k]!++] = i;
    }
    this.start = start;
    this.order = order;
  }

  /** How many rows the key has. */
  count(key: number): number {
    return this.start[key + 1]! - this.start[key]!;
  }

  /** The key's i-th row (0 ≤ i < count). */
  at(key: number, i: number): R {
    return this.rows[this.order[this.start[key]! + i]!]!;
  }

  /** The key's rows, in input order (a new array). */
  of(key: number): R[] {
    const out: R[] = [];
    for (let k = this.start[key]!; k < this.start[key + 1]!; k++) out.push(this.rows[this.order[k]!]!);
    return out;
  }
}
