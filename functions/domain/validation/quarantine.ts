// Rejected rows are kept, with their reasons, as a CSV the sender can open and correct.
// Each rejected row is kept only as its CSV line (its cells under the file's own columns) from
// the moment it is rejected: a file of a million bad rows must not hold a million Maps of cells.
// Cells under columns the file's header does not have (values beyond the header) are rare and
// kept aside, since the quarantine's header, which names them, is known only at the end.

import type { RawRow } from '../formats/index.ts';
import { csvCell, safeCsvLine } from '../formats/write-csv.ts';

/** Rejected rows' lines, encoded as UTF-8 together, with where each line ends. */
interface Block {
  bytes: Uint8Array;
  ends: Int32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const blockChars = 1 << 20;

export class Quarantine {
  private readonly blocks: Block[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private count = 0;
  private readonly fileColumnSet: Set<string>;
  /** Cells under columns beyond the file's header, by row index; rare. */
  private readonly extras = new Map<number, Map<string, unknown>>();
  /** Those columns, in the order first met. */
  private readonly extraColumns: string[] = [];

  constructor(private readonly fileColumns: readonly string[]) {
    this.fileColumnSet = new Set(fileColumns);
  }

  get length(): number {
    return this.count;
  }

  add(raw: RawRow, reasons: readonly string[]): void {
    const width = this.fileColumns.length;
    const parts: string[] = new Array(width + 2);
    parts[0] = String(raw.rowNumber);
    parts[1] = csvCell(reasons.join('; '));
    const fields = raw.fields;
    if (fields !== undefined && fields.length <= width) {
      for (let k = 0; k < width; k++) parts[k + 2] = k < fields.length ? csvCell(fields[k]!) : '';
    } else {
      const cells = raw.cells;
      for (let k = 0; k < width; k++) parts[k + 2] = csvCell(cells.get(this.fileColumns[k]!) ?? null);
      for (const [c, v] of cells) {
        if (this.fileColumnSet.has(c)) continue;
        let extra = this.extras.get(this.count);
        if (!extra) {
          extra = new Map();
          this.extras.set(this.count, extra);
        }
        extra.set(c, v);
        if (!this.extraColumns.includes(c)) this.extraColumns.push(c);
      }
    }
    // join, not +=: a string built by += is a tree of pieces, several times its size.
    const line = parts.join(',');
    this.pending.push(line);
    this.pendingChars += line.length;
    this.count += 1;
    if (this.pendingChars >= blockChars) this.seal();
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    const ends = new Int32Array(this.pending.length);
    // UTF-8 takes at most 3 bytes per UTF-16 unit; each line is encoded where the last ended.
    const bytes = new Uint8Array(this.pendingChars * 3);
    let end = 0;
    this.pending.forEach((line, i) => {
      end += encoder.encodeInto(line, bytes.subarray(end)).written;
      ends[i] = end;
    });
    this.blocks.push({ bytes: bytes.slice(0, end), ends });
    this.pending = [];
    this.pendingChars = 0;
  }

  /** The quarantine CSV, in pieces of about 1 MB, so it is never one string in memory. */
  async *csv(): AsyncGenerator<Uint8Array> {
    this.seal();
    const extra = this.extraColumns;
    yield encoder.encode(safeCsvLine(['row_number', 'reasons', ...this.fileColumns, ...extra]));
    let row = 0;
    for (const block of this.blocks) {
      if (extra.length === 0) {
        // Lines are kept without their CRLF, so that cells under extra columns can follow them.
        const bytes = block.bytes;
        const out = new Uint8Array(bytes.length + 2 * block.ends.length);
        let from = 0;
        let at = 0;
        for (const end of block.ends) {
          out.set(bytes.subarray(from, end), at);
          at += end - from;
          out[at++] = 0x0d;
          out[at++] = 0x0a;
          from = end;
        }
        row += block.ends.length;
        yield out;
        continue;
      }
      let out = '';
      let from = 0;
      for (const end of block.ends) {
        const cells = this.extras.get(row++);
        out += decoder.decode(block.bytes.subarray(from, end));
        for (const c of extra) out += `,${csvCell(cells?.get(c) ?? null)}`;
        out += '\r\n';
        from = end;
      }
      yield encoder.encode(out);
    }
  }
}
