// The distinct strings of a column, each with an id and kept once as UTF-8: a column of 600,000
// rows is written to Arrow by copying each row's bytes, with no string encoded per row.

const encoder = new TextEncoder();

export class StringDictionary {
  private readonly idsByValue = new Map<string, number>();
  private bytes = new Uint8Array(4096);
  /** Where each entry's bytes end; entry i starts where entry i - 1 ends. */
  private ends = new Int32Array(256);
  private count = 0;
  private byteLength = 0;

  static of(values: readonly string[]): StringDictionary {
    const dictionary = new StringDictionary();
    for (const value of values) dictionary.idOf(value);
    return dictionary;
  }

  /** The last value asked for, and its id: a column often repeats its value from row to row. */
  private lastValue: string | null = null;
  private lastId = -1;

  /** The value's id, adding it if it is new. */
  idOf(value: string): number {
    if (value === this.lastValue) return this.lastId;
    const known = this.idsByValue.get(value);
    const id = known === undefined ? this.append(value) : known;
    this.lastValue = value;
    this.lastId = id;
    return id;
  }

  private append(value: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const need = this.byteLength + value.length * 3;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.byteLength));
      this.bytes = grown;
    }
    if (this.count === this.ends.length) {
      const grown = new Int32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    let at = this.byteLength;
    let ascii = true;
    for (let k = 0; k < value.length; k++) {
      const c = value.charCodeAt(k);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      this.bytes[at + k] = c;
    }
    at += ascii ? value.length : encoder.encodeInto(value, this.bytes.subarray(at)).written;
    const id = this.count++;
    this.ends[id] = at;
    this.byteLength = at;
    this.idsByValue.set(value, id);
    return id;
  }

  /** Every entry's UTF-8 bytes, one after another. */
  get utf8(): Uint8Array {
    return this.bytes;
  }

  start(id: number): number {
    return id === 0 ? 0 : this.ends[id - 1]!;
  }

  end(id: number): number {
    return this.ends[id]!;
  }
}
