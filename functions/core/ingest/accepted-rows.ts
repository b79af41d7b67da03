// Accepted rows kept column by column: a 50 MB return is ~600,000 rows, and one object per row
// would cost gigabytes; typed columns with interned short strings cost a tenth of that.

export class AcceptedRows {
  readonly columns = new Map<string, unknown[]>();
  readonly rowNumbers: number[] = [];
  /** The partition of each row, when the table is partitioned by period. */
  readonly periods: string[] = [];
  private readonly interned = new Map<string, string>();

  constructor(readonly columnNames: readonly string[]) {
    for (const name of columnNames) this.columns.set(name, []);
  }

  get length(): number {
    return this.rowNumbers.length;
  }

  add(rowNumber: number, values: Record<string, unknown>, period: string | null): void {
    this.rowNumbers.push(rowNumber);
    if (period !== null) this.periods.push(this.intern(period));
    for (const name of this.columnNames) {
      const value = values[name];
      this.columns
        .get(name)!
        .push(typeof value === 'string' && value.length <= 64 ? this.intern(value) : value);
    }
  }

  /** Repeated ids and codes share one string instead of one per row. */
  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(value, value);
    return value;
  }

  /** Rows as objects; only for small council feeds that are merged with the current table. */
  toObjects(): Record<string, unknown>[] {
    return this.rowNumbers.map((_, i) => {
      const row: Record<string, unknown> = {};
      for (const name of this.columnNames) row[name] = this.columns.get(name)![i];
      return row;
    });
  }

  /** Indices of rows grouped by period, in first-seen order. */
  indicesByPeriod(): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    this.periods.forEach((period, i) => {
      const group = groups.get(period);
      if (group) group.push(i);
      else groups.set(period, [i]);
    });
    return groups;
  }
}
