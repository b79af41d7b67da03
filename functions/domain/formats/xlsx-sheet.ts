// The rows of one worksheet part, read as its XML streams in: each <row> of <sheetData> becomes
// its cells by column, converted to Cell values. Formulas are never worked out: only the value
// Excel saved with them (<v>) is read. Malformed XML throws XmlError.
import type { Cell } from './types.ts';
import { excelText } from './xlsx-parts.ts';
import { type XmlAttributes, XmlError, type XmlHandler, XmlStream } from './xml-stream.ts';

export interface SheetRow {
  /** The row number shown in Excel. */
  number: number;
  /** Values by column (index 0 is column A): holes where the sheet has no cell, null for empty ones. */
  cells: Cell[];
}

export interface SheetContext {
  sharedStrings: readonly string[];
  /** By style index: does the style show numbers as dates? */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** Excel's limits: no cell lies beyond XFD1048576. */
const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;
/** Bytes tokenized at a time, so a large chunk of a stored (uncompressed) part yields rows as it goes. */
const SLICE = 64 * 1024;

/** An Excel serial day number (days since 1899-12-30, or since 1904-01-01) as a UTC date-time. */
function serialToDate(serial: number, date1904: boolean): Date {
  const days = serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(days * 86_400_000));
}

/** A t="d" cell: ISO 8601, read like serial dates (a time without an offset is taken as UTC). */
function isoDate(text: string): Cell {
  const local = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text);
  const ms = Date.parse(local ? `${text}Z` : text);
  return Number.isNaN(ms) ? text : new Date(ms);
}

/** The column number of a reference such as AB12 (28). */
function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (let c = ref.charCodeAt(0); c >= 0x41 && c <= 0x5a && col <= MAX_COLUMN; c = ref.charCodeAt(++k)) {
    col = col * 26 + (c - 0x40);
  }
  let digits = k;
  for (let c = ref.charCodeAt(digits); c >= 0x30 && c <= 0x39; c = ref.charCodeAt(++digits));
  if (k === 0 || col > MAX_COLUMN || digits === k || digits !== ref.length) {
    throw new XmlError(`has a cell reference Excel cannot have (${ref.slice(0, 20)})`);
  }
  return col;
}

function rowNumberOf(r: string): number {
  const n = /^\d{1,7}$/.test(r) ? Number(r) : 0;
  if (n < 1 || n > MAX_ROW) throw new XmlError(`has a row number Excel cannot have (${r.slice(0, 20)})`);
  return n;
}

/** Collects the rows of <sheetData> as their tags arrive; the caller takes `rows` after each write. */
class SheetHandler implements XmlHandler {
  rows: SheetRow[] = [];
  readonly #context: SheetContext;
  #inSheetData = false;
  #row: SheetRow | undefined;
  #lastRow = 0;
  #lastColumn = 0;
  // The cell being read.
  #inCell = false;
  #column = 0;
  #type: string | undefined;
  #style = 0;
  #formula = false;
  /** Its <v> text, or the text of its inline string (<is>); undefined when it has neither. */
  #value: string | undefined;
  #inV = false;
  #inInline = false;
  /** Text of the inline string's current <t>, outside phonetic runs. */
  #run: string | undefined;
  #phonetic = false;

  constructor(context: SheetContext) {
    this.#context = context;
  }

  open(name: string, a: XmlAttributes): void {
    switch (name) {
      case 'sheetData':
        this.#inSheetData = true;
        break;
      case 'row': {
        if (!this.#inSheetData) break;
        // Excel may leave out r, on rows and on cells: then they follow the one before.
        const r = a.get('r');
        const number = r === undefined ? this.#lastRow + 1 : rowNumberOf(r);
        if (number > MAX_ROW) throw new XmlError('has more rows than Excel allows');
        this.#row = { number, cells: [] };
        this.#lastRow = number;
        this.#lastColumn = 0;
        break;
      }
      case 'c': {
        if (this.#row === undefined) break;
        const r = a.get('r');
        const column = r === undefined ? this.#lastColumn + 1 : columnOf(r);
        if (column > MAX_COLUMN) throw new XmlError('has more columns than Excel allows');
        this.#lastColumn = column;
        this.#inCell = true;
        this.#column = column;
        this.#type = a.get('t');
        const s = a.get('s');
        this.#style = s === undefined ? 0 : Number.parseInt(s, 10);
        this.#formula = false;
        this.#value = undefined;
        break;
      }
      case 'f':
        if (this.#inCell) this.#formula = true;
        break;
      case 'v':
        if (this.#inCell) {
          this.#value = '';
          this.#inV = true;
        }
        break;
      case 'is':
        if (this.#inCell) {
          this.#value = '';
          this.#inInline = true;
        }
        break;
      case 'rPh':
        if (this.#inInline) this.#phonetic = true;
        break;
      case 't':
        if (this.#inInline && !this.#phonetic) this.#run = '';
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        this.#inV = false;
        break;
      case 't':
        if (this.#run !== undefined) {
          this.#value += excelText(this.#run);
          this.#run = undefined;
        }
        break;
      case 'rPh':
        this.#phonetic = false;
        break;
      case 'is':
        this.#inInline = false;
        break;
      case 'c':
        if (this.#inCell) {
          this.#inCell = false;
          const cell = this.#cell();
          if (cell !== undefined) this.#row!.cells[this.#column - 1] = cell;
        }
        break;
      case 'row':
        if (this.#row !== undefined) {
          this.rows.push(this.#row);
          this.#row = undefined;
        }
        break;
      case 'sheetData':
        this.#inSheetData = false;
        break;
    }
  }

  text(text: string): void {
    if (this.#inV) this.#value += text;
    else if (this.#run !== undefined) this.#run += text;
  }

  /**
   * The cell's value; undefined when the cell has none at all. A formula, or a value that reads
   * as empty (a formula's "" result), is still a cell: it counts towards the row's width, as it
   * did when exceljs read these files.
   */
  #cell(): Cell | undefined {
    const value = this.#value;
    if (this.#formula) {
      // Only the result Excel saved is read; an error result (#N/A) is no value.
      if (value === undefined || this.#type === 'e') return null;
      return this.#saved(value) ?? null;
    }
    return value === undefined ? undefined : this.#saved(value);
  }

  /** A saved value by the cell's type; undefined for a missing or empty shared string. */
  #saved(value: string): Cell | undefined {
    switch (this.#type) {
      case 's':
        return this.#context.sharedStrings[Number.parseInt(value, 10)] || undefined;
      case 'str':
      case 'inlineStr':
      case 'e':
        return value === '' ? null : value;
      case 'b':
        return Number.parseInt(value, 10) !== 0;
      case 'd':
        return isoDate(value);
      default:
        return this.#number(value);
    }
  }

  #number(text: string): Cell {
    const n = Number.parseFloat(text);
    if (!Number.isFinite(n)) return null;
    return this.#context.dateStyles[this.#style] === true ? serialToDate(n, this.#context.date1904) : n;
  }
}

/**
 * The rows of a worksheet part, in sheet order, as its bytes arrive; empty rows included. Only
 * the rows completed by one slice of input are held at a time.
 */
export async function* readSheetRows(
  bytes: AsyncIterable<Uint8Array>,
  context: SheetContext,
): AsyncGenerator<SheetRow> {
  const handler = new SheetHandler(context);
  const xml = new XmlStream(handler);
  for await (const chunk of bytes) {
    for (let at = 0; at < chunk.length; at += SLICE) {
      xml.write(chunk.subarray(at, at + SLICE));
      if (handler.rows.length > 0) {
        const done = handler.rows;
        handler.rows = [];
        for (const row of done) yield row;
      }
    }
  }
  xml.end();
  for (const row of handler.rows) yield row;
}
