// The earliest month of the monthly returns committed so far, kept across the files of one run (a
// manifest back-load): finding it lists the whole curated table, which for every file of a large
// back-load would cost more than ingesting it. Only the back-dated notice depends on it.
export class FirstMonthSoFar {
  /** undefined until first read from the lake; null when the lake has no committed return. */
  private known: string | null | undefined;

  async get(readFromLake: () => Promise<string | null>): Promise<string | null> {
    if (this.known === undefined) this.known = await readFromLake();
    return this.known;
  }

  /** A monthly return with these accepted months has committed. */
  committed(periods: readonly string[]): void {
    if (this.known === undefined) return;
    for (const p of periods) if (this.known === null || p < this.known) this.known = p;
  }
}
