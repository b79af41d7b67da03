// Accepted rows kept column by column: a 50 MB return is ~600,000 rows, and one object per row
// would cost gigabytes; plain columns with interned short strings cost a fraction of that.

export class AcceptedRows {
  /** One array per column, in columnNames order. */
  readonly columns: unknown[][];
  readonly rowNumbers: number[] = [];
  /** The partition of each row, when the table is partitioned by period. */
  readonly periods: string[] = [];
  private readonly interned = new Map<string, string>();

  constructor(readonly columnNames: readonly string[]) {
    this.columns = columnNames.map(() => []);
  }

  get length(): number {
    return this.rowNumbers.length;
  }

  /** `values` in columnNames order. */
  add(rowNumber: number, values: readonly unknown[], period: string | null): void {
    this.rowNumbers.push(rowNumber);
    if (period !== null) this.periods.push(this.intern(period));
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const value = values[i];
      columns[i]!.push(typeof value === 'string' && value.length <= 64 ? this.intern(value) : value);
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
      this.columnNames.forEach((name, c) => {
        row[name] = this.columns[c]![i];
      });
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
