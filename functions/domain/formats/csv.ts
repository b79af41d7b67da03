import { decodeText } from './encoding.ts';
import { FileRejectedError } from './errors.ts';
import { headerColumns } from './header.ts';
import { formatBytes, formatCount, overFieldLimit, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';

/** One CSV record: its fields and the physical line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
  /** Index of the first field with text after its closing quote (`"12"3`), if any. */
  strayAfterQuote?: number;
}

/**
 * Incremental RFC 4180 parser over decoded text chunks. It keeps only the record in progress
 * between chunks, and scans with indexOf rather than character by character, because this is
 * the hot loop of every CSV upload.
 */
class CsvParser {
  readonly records: CsvRecord[] = [];
  /**
   * The record in progress: `fieldCount` values so far, in an array made as long as the last
   * record, as most are, so that it is not regrown field by field (twice per row of 20 values).
   */
  private fields: string[] = [];
  private fieldCount = 0;
  /** Text of the field in progress carried over from earlier chunks. */
  private partial = '';
  private atFieldStart = true;
  private quoted = false;
  private quoteLine = 0;
  /** The field in progress was quoted and its closing quote has been passed. */
  private afterQuote = false;
  private strayAfterQuote = -1;
  /** A trailing `"` (inside quotes) or `\r` (outside) whose meaning depends on the next char. */
  private held = '';
  private line = 1;
  private recordLine = 1;
  /** Bounds the memory one field can take: code units never exceed UTF-8 bytes. */
  private readonly maxFieldBytes: number;
  private readonly maxFields: number;

  constructor(limits: Pick<ReadLimits, 'maxFieldBytes' | 'maxColumns'>) {
    this.maxFieldBytes = limits.maxFieldBytes;
    this.maxFields = limits.maxColumns;
  }

  feed(chunk: string): void {
    const s = this.held.length > 0 ? this.held + chunk : chunk;
    this.held = '';
    this.parse(s, false);
  }

  end(): void {
    const s = this.held;
    this.held = '';
    this.parse(s, true);
    if (this.quoted) {
      throw new FileRejectedError(
        'MALFORMED',
        `A quoted value that starts on line ${formatCount(this.quoteLine)} has no closing quote; check for a stray " character.`,
        this.quoteLine,
      );
    }
    if (!this.atFieldStart || this.partial.length > 0 || this.fieldCount > 0) {
      this.finishField('');
      this.finishRecord();
    }
  }

  private parse(s: string, eof: boolean): void {
    const n = s.length;
    let i = 0;
    let nl = -2; // cached position of the next '\n' at or after i (-1: none in this chunk)
    // Likewise for ',': searching afresh on every line would rescan the rest of the chunk for
    // each line of a file with no commas (one column, or a ';' body under a ',' header), which
    // is quadratic: 20 MB of such lines took minutes.
    let comma = -2;
    while (i < n) {
      if (this.quoted) {
        const q = s.indexOf('"', i);
        if (q === -1) {
          this.appendQuoted(s, i, n);
          return;
        }
        if (q === n - 1 && !eof) {
          this.appendQuoted(s, i, q);
          this.held = '"';
          return;
        }
        if (s.charCodeAt(q + 1) === 34) {
          this.appendQuoted(s, i, q + 1);
          i = q + 2;
        } else {
          this.appendQuoted(s, i, q);
          this.quoted = false;
          this.afterQuote = true;
          i = q + 1;
        }
        continue;
      }
      if (this.atFieldStart && s.charCodeAt(i) === 34) {
        this.quoted = true;
        this.quoteLine = this.line;
        this.atFieldStart = false;
        i++;
        continue;
      }
      if (nl !== -1 && nl < i) nl = s.indexOf('\n', i);
      if (comma !== -1 && comma < i) comma = s.indexOf(',', i);
      const c = comma;
      if (c !== -1 && (nl === -1 || c < nl)) {
        this.checkAfterQuote(s, i, c);
        this.finishField(s.slice(i, c));
        i = c + 1;
        continue;
      }
      if (nl === -1) {
        // The field runs past this chunk; hold a trailing '\r' back in case '\n' follows.
        let end = n;
        if (s.charCodeAt(n - 1) === 13) {
          end = n - 1;
          if (!eof) this.held = '\r';
        }
        this.checkAfterQuote(s, i, end);
        this.appendPartial(s.slice(i, end));
        return;
      }
      // Only a '\r' outside quotes belongs to the line ending; one inside quotes is data.
      const end = nl > i && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.checkAfterQuote(s, i, end);
      this.finishField(s.slice(i, end));
      this.finishRecord();
      this.line++;
      this.recordLine = this.line;
      i = nl + 1;
    }
  }

  /**
   * Text between a closing quote and the next separator (`"12"3`) is kept, as most readers do,
   * but the record is marked: the value was probably meant as "123" or "12", and silently
   * reading 123 would change a figure. Spaces alone are harmless (values are trimmed).
   */
  private checkAfterQuote(s: string, from: number, to: number): void {
    if (!this.afterQuote || this.strayAfterQuote >= 0) return;
    for (let k = from; k < to; k++) {
      const ch = s.charCodeAt(k);
      if (ch !== 32 && ch !== 9) {
        this.strayAfterQuote = this.fieldCount;
        return;
      }
    }
  }

  private appendQuoted(s: string, from: number, to: number): void {
    if (to <= from) return;
    const piece = s.slice(from, to);
    let k = piece.indexOf('\n');
    while (k !== -1) {
      this.line++;
      k = piece.indexOf('\n', k + 1);
    }
    this.appendPartial(piece);
  }

  private appendPartial(piece: string): void {
    this.atFieldStart = false;
    this.partial = this.partial.length > 0 ? this.partial + piece : piece;
    if (this.partial.length > this.maxFieldBytes) this.fieldTooLong();
  }

  private finishField(tail: string): void {
    const value = this.partial.length > 0 ? this.partial + tail : tail;
    this.partial = '';
    this.atFieldStart = true;
    this.afterQuote = false;
    if (overFieldLimit(value, this.maxFieldBytes)) {
      this.fieldTooLong();
    }
    if (this.fieldCount >= this.maxFields) {
      throw new FileRejectedError(
        'TOO_MANY_COLUMNS',
        `Line ${formatCount(this.recordLine)} has more than ${formatCount(this.maxFields)} values, the most columns a file may have.`,
        this.recordLine,
      );
    }
    if (this.fieldCount < this.fields.length) this.fields[this.fieldCount] = value;
    else this.fields.push(value);
    this.fieldCount++;
  }

  private finishRecord(): void {
    const fields = this.fields;
    if (this.fieldCount < fields.length) fields.length = this.fieldCount;
    this.fields = new Array(this.fieldCount);
    this.fieldCount = 0;
    // Blank lines are skipped by every reader, so they are not kept even until the next read:
    // holding millions of them (100 MB of newlines) made garbage collection take minutes.
    if (this.strayAfterQuote < 0 && isBlank(fields)) return;
    if (this.strayAfterQuote >= 0) {
      this.records.push({ line: this.recordLine, fields, strayAfterQuote: this.strayAfterQuote });
      this.strayAfterQuote = -1;
    } else {
      this.records.push({ line: this.recordLine, fields });
    }
  }

  private fieldTooLong(): never {
    const line = this.quoteLine > 0 && this.quoted ? this.quoteLine : this.recordLine;
    throw new FileRejectedError(
      'FIELD_TOO_LONG',
      `A value on line ${formatCount(line)} is longer than ${formatBytes(this.maxFieldBytes)}, the most one value may hold; check for a missing closing quote.`,
      line,
    );
  }
}

function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) if (f.length > 0) return false;
  return true;
}

/** A CSV row: its fields by position, and `cells` by name built only if someone asks. */
class CsvRow implements RawRow {
  private named: Map<string, Cell> | undefined;
  readonly problem?: RawRow['problem'];

  constructor(
    readonly rowNumber: number,
    readonly fields: readonly string[],
    private readonly columns: readonly string[],
    problem?: RawRow['problem'],
  ) {
    if (problem) this.problem = problem;
  }

  get cells(): Map<string, Cell> {
    if (this.named) return this.named;
    const cells = new Map<string, Cell>();
    const { fields, columns } = this;
    const width = columns.length;
    const m = Math.min(width, fields.length);
    for (let k = 0; k < m; k++) {
      const v = fields[k]!;
      cells.set(columns[k]!, v.length === 0 ? null : v);
    }
    // Values beyond the header are kept too (named by position, as blank headers are), so the
    // quarantined row shows everything the sender wrote; the row is rejected for its field count.
    for (let k = width; k < fields.length; k++) {
      const name = `column_${k + 1}`;
      if (!cells.has(name)) cells.set(name, fields[k]!.length === 0 ? null : fields[k]!);
    }
    this.named = cells;
    return cells;
  }
}

/** Streams a CSV source as rows keyed by normalised header names. */
export async function openCsv(source: ByteSource, limits: ReadLimits): Promise<RecordReader> {
  const warnings: FileNotice[] = [];
  const text = decodeText(() => source.open(), warnings);
  const chunks = text.chunks[Symbol.asyncIterator]();
  const parser = new CsvParser(limits);
  let next = 0;
  let finished = false;

  const nextRecord = async (): Promise<CsvRecord | undefined> => {
    while (next >= parser.records.length) {
      if (finished) return undefined;
      parser.records.length = 0;
      next = 0;
      const r = await chunks.next();
      if (r.done) {
        parser.end();
        finished = true;
      } else {
        parser.feed(r.value);
      }
    }
    return parser.records[next++];
  };

  let headerRecord: CsvRecord | undefined;
  do headerRecord = await nextRecord();
  while (headerRecord !== undefined && isBlank(headerRecord.fields));
  if (headerRecord === undefined) {
    throw new FileRejectedError('EMPTY', 'The file has no data rows; it is empty.');
  }
  const header = headerRecord.fields;
  const only = header[0];
  if (header.length === 1 && only !== undefined && (only.includes(';') || only.includes('\t'))) {
    const sep = only.includes(';') ? 'semicolons' : 'tabs';
    throw new FileRejectedError(
      'DELIMITER',
      `The header row is separated by ${sep}, not commas; save the file as "CSV (comma delimited)" and upload it again.`,
      headerRecord.line,
    );
  }
  const columns = headerColumns(header, limits, headerRecord.line);

  let first: CsvRecord | undefined;
  do first = await nextRecord();
  while (first !== undefined && isBlank(first.fields));
  if (first === undefined) {
    throw new FileRejectedError('EMPTY', 'The file has no data rows; it has a header row only.');
  }

  const width = columns.length;
  const toRow = (record: CsvRecord): RawRow => {
    const fields = record.fields;
    if (record.strayAfterQuote !== undefined) {
      const column = columns[record.strayAfterQuote];
      return new CsvRow(record.line, fields, columns, {
        code: 'STRAY_QUOTE',
        message: `A value${column === undefined ? '' : ` in column ${column}`} has text straight after its closing quote (such as "12"3), so it cannot be read safely; put the whole value inside the quotes, or remove the quotes.`,
        ...(column === undefined ? {} : { column }),
      });
    }
    if (fields.length === width) return new CsvRow(record.line, fields, columns);
    return new CsvRow(record.line, fields, columns, {
      code: 'FIELD_COUNT',
      message: `This row has ${formatCount(fields.length)} value${fields.length === 1 ? '' : 's'} but the header has ${formatCount(width)} columns; check for an extra comma or a missing value.`,
    });
  };

  // A plain iterator rather than an async generator: most rows are already parsed when asked
  // for, and the generator's machinery per row cost as much as the rest of handing them on.
  let record: CsvRecord | undefined = first;
  let exhausted = false;
  let count = 0;
  const rows: AsyncIterableIterator<RawRow> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    next(): Promise<IteratorResult<RawRow>> {
      for (;;) {
        if (record === undefined) {
          if (exhausted) return Promise.resolve({ done: true, value: undefined });
          return nextRecord().then((more) => {
            record = more;
            exhausted = more === undefined;
            return this.next();
          });
        }
        const current: CsvRecord = record;
        record = next < parser.records.length ? parser.records[next++] : undefined;
        if (isBlank(current.fields)) continue;
        if (++count > limits.maxRows) {
          return Promise.reject(
            new FileRejectedError(
              'TOO_MANY_ROWS',
              `The file has more than ${formatCount(limits.maxRows)} data rows, the most one file may have (line ${formatCount(current.line)}); split it into smaller files.`,
              current.line,
            ),
          );
        }
        return Promise.resolve({ done: false, value: toRow(current) });
      }
    },
  };

  return {
    format: 'csv',
    get encoding() {
      return text.encoding;
    },
    header,
    columns,
    rows,
    warnings,
  };
}
