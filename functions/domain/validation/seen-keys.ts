// The business keys met so far in a file, for the duplicate-row check, held as numbers: a string
// per row (600,000 of them in a 50 MB return) was one of the largest things an ingest kept, and
// building it one of the costliest. Each key column's value gets an id (a string column's own
// dictionary id), and a key is the tuple of its columns' ids, kept in one open-addressing table of
// int32s.

export class SeenKeys {
  /** For each key column without ids of its own: its texts' ids. */
  private readonly textIds: (Map<string, number> | null)[];
  /** The key being looked up, as ids + 1 (0 marks an empty slot). */
  private readonly key: Int32Array;
  private readonly width: number;
  private slots: Int32Array;
  private size = 0;

  /**
   * `at`: the key's columns, by position in the row. `hasIds`: whether each of those columns
   * comes with ids already (a required string column's dictionary ids, never absent), which then
   * stand for its values.
   */
  constructor(
    private readonly at: readonly number[],
    hasIds: readonly boolean[],
  ) {
    this.width = at.length;
    this.textIds = hasIds.map((has) => (has ? null : new Map()));
    this.key = new Int32Array(this.width);
    this.slots = new Int32Array(1024 * this.width);
  }

  /**
   * Adds the row's key; true when it had not been met. `ids` are the row's ids by column, where
   * it has them; other parts are compared as String() of them.
   */
  add(row: readonly unknown[], ids: Int32Array): boolean {
    const key = this.key;
    for (let c = 0; c < this.width; c++) {
      const column = this.at[c]!;
      const texts = this.textIds[c]!;
      if (texts === null) {
        key[c] = ids[column]! + 1;
        continue;
      }
      const part = row[column];
      const text = typeof part === 'string' ? part : String(part);
      let id = texts.get(text);
      if (id === undefined) {
        id = texts.size;
        texts.set(text, id);
      }
      key[c] = id + 1;
    }
    const slots = this.slots;
    const slot = find(slots, key, 0, this.width);
    if (slots[slot] !== 0) return false;
    for (let c = 0; c < this.width; c++) slots[slot + c] = key[c]!;
    this.size++;
    // At most three quarters full, so that probes stay short; the table is several times larger
    // than the CPU cache, so a slot is the key itself, with nothing to follow elsewhere.
    if (this.size * 4 > (this.slots.length / this.width) * 3) this.grow();
    return true;
  }

  /**
   * Grows fourfold rather than twofold: each regrowth touches a new table that this VM's memory
   * makes dear (a 600,000-row return's table is 16 MB), so fewer, larger steps cost less.
   */
  private grow(): void {
    const { width } = this;
    const old = this.slots;
    this.slots = new Int32Array(old.length * 4);
    for (let k = 0; k < old.length; k += width) {
      if (old[k] === 0) continue;
      const at = find(this.slots, old, k, width);
      for (let c = 0; c < width; c++) this.slots[at + c] = old[k + c]!;
    }
  }
}

/**
 * Where the key at `key[from..from + width)` is in `slots`, or the empty slot where it would go.
 * Shared by lookups and regrowth, so that regrowth runs code already optimised.
 */
function find(slots: Int32Array, key: Int32Array, from: number, width: number): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < width; c++) h = Math.imul(h ^ key[from + c]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  const mask = slots.length / width - 1;
  let at = (h & mask) * width;
  for (;;) {
    if (slots[at] === 0) return at;
    let same = true;
    for (let c = 0; c < width; c++) {
      if (slots[at + c] !== key[from + c]) {
        same = false;
        break;
      }
    }
    if (same) return at;
    at += width;
    if (at === slots.length) at = 0;
  }
}
