// One input table's rows grouped by a small integer key (a provider's or a CQC location's
// ordinal) with Arquero's groupby: each group's row positions (its partition), in input order.
// A provider is then scored from its own slices and never by scanning every row.
import * as aq from 'arquero';

export class GroupedRows<R> {
  /** Key → its rows' positions in `rows`; undefined when the key has no rows. */
  private readonly byKey: (ArrayLike<number> | undefined)[];

  /** @param keyOf the row's key (0 … keys − 1), or −1 to leave the row out. */
  constructor(
    private readonly rows: readonly R[],
    keys: number,
    keyOf: (row: R) => number,
  ) {
    const key = rows.map(keyOf);
    this.byKey = new Array(keys);
    if (rows.length === 0) return;
    for (const part of aq.table({ key }).groupby('key').partitions()) {
      const k = key[part[0]!]!;
      if (k >= 0) this.byKey[k] = part;
    }
  }

  /** How many rows the key has. */
  count(key: number): number {
    return this.byKey[key]?.length ?? 0;
  }

  /** The key's i-th row (0 ≤ i < count). */
  at(key: number, i: number): R {
    return this.rows[this.byKey[key]![i]!]!;
  }

  /** The key's rows, in input order (a new array). */
  of(key: number): R[] {
    const part = this.byKey[key];
    const out: R[] = [];
    if (part) for (let i = 0; i < part.length; i++) out.push(this.rows[part[i]!]!);
    return out;
  }
}
