import { concatBytes } from './bytes.ts';
import { FileRejectedError } from './errors.ts';
import { headerColumns, normaliseHeader } from './header.ts';
import { inflateRaw } from './inflate.ts';
import { formatBytes, formatCount, overFieldLimit, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';
import { readDateStyles, readSharedStrings, readWorkbook, type WorkbookInfo } from './xlsx-parts.ts';
import { readSheetRows, type SheetContext, type SheetRow } from './xlsx-sheet.ts';
import { XmlError } from './xml-stream.ts';
import { corruptZip, entryData, readCentralDirectory, type ZipEntry } from './zip.ts';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** The sum of all parts may not exceed this many sheets' worth: more is a crafted file. */
const TOTAL_FACTOR = 4;

function tooLarge(what: string, limits: ReadLimits, bytes = limits.maxXlsxSheetBytes): FileRejectedError {
  return new FileRejectedError(
    'SHEET_TOO_LARGE',
    `The workbook's ${what} would be larger than ${formatBytes(bytes)} once unzipped, the most ${bytes === limits.maxXlsxSheetBytes ? 'a sheet may be' : 'allowed'}; save the data as a smaller file or as CSV.`,
  );
}

/** The parts inflated whole into memory, and how a rejection names each. */
const WHOLE_PARTS = new Map([
  [WORKBOOK, 'list of sheets'],
  [WORKBOOK_RELS, 'list of sheets'],
  [STYLES, 'styles'],
  [SHARED_STRINGS, 'shared strings (its table of text values)'],
]);

/**
 * The zip-bomb guard: judged from the sizes the central directory claims, before inflating.
 * Every part this reader inflates is bounded: a sheet (streamed) by the sheet limit, a part read
 * whole by the whole-part limit; parts it never opens (macros, embedded objects, external links)
 * count towards the total only. A part that inflates to more than it claims is stopped as it
 * inflates (inflateWhole, inflateStream), so no part ever inflates past its limit.
 */
function checkSizes(entries: readonly ZipEntry[], limits: ReadLimits): void {
  const wholeLimit = Math.min(limits.maxXlsxWholePartBytes, limits.maxXlsxSheetBytes);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name) && e.uncompressedSize > limits.maxXlsxSheetBytes) {
      throw tooLarge('sheet', limits);
    }
    const whole = WHOLE_PARTS.get(e.name);
    if (whole !== undefined && e.uncompressedSize > wholeLimit) throw tooLarge(whole, limits, wholeLimit);
  }
  if (total > TOTAL_FACTOR * limits.maxXlsxSheetBytes) throw tooLarge('content', limits);
}

/**
 * Inflates a part read whole, stopped as soon as it passes the size its directory claims (which
 * checkSizes held to the whole-part limit): a part that unzips to more is crafted or damaged.
 */
async function inflateWhole(entry: ZipEntry, data: Uint8Array): Promise<Uint8Array> {
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw corruptZip('it uses an unsupported compression method');
  const parts: Uint8Array[] = [];
  let produced = 0;
  try {
    for await (const chunk of inflateRaw([data])) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw corruptZip('a part of it is damaged: it unzips to more than its zip directory says');
      }
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof FileRejectedError) throw e;
    throw corruptZip('a part of it is damaged');
  }
  if (produced !== entry.uncompressedSize) throw corruptZip('a part of it is damaged');
  return concatBytes(parts);
}

/**
 * Inflates one entry as it streams, refusing to produce more or less than the directory claimed:
 * a part that unzips to more is a zip bomb lying about its size, and is stopped as soon as it
 * passes the claim.
 */
async function* inflateStream(
  entry: ZipEntry,
  compressed: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  let produced = 0;
  const count = (chunk: Uint8Array): Uint8Array => {
    produced += chunk.length;
    // More than the directory claimed (which the size guard checked): a crafted or damaged part.
    if (produced > entry.uncompressedSize) {
      throw corruptZip('a part of it is damaged: it unzips to more than its zip directory says');
    }
    return chunk;
  };
  if (entry.method === 0) {
    for await (const chunk of compressed) yield count(chunk);
  } else if (entry.method === 8) {
    try {
      for await (const chunk of inflateRaw(compressed)) yield count(chunk);
    } catch (e) {
      if (e instanceof FileRejectedError) throw e;
      throw corruptZip('a part of it is damaged');
    }
  } else {
    throw corruptZip('it uses an unsupported compression method');
  }
  if (produced !== entry.uncompressedSize) throw corruptZip('a part of it is damaged');
}

/** Malformed XML in a part is a damaged file; anything else is passed on. */
function unreadable(e: unknown, detail: string): unknown {
  return e instanceof XmlError ? corruptZip(detail) : e;
}

/** The sheet's rows, with malformed XML reported as a damaged file. */
async function* sheetRows(bytes: AsyncIterable<Uint8Array>, context: SheetContext): AsyncGenerator<SheetRow> {
  try {
    yield* readSheetRows(bytes, context);
  } catch (e) {
    throw unreadable(e, 'its sheet cannot be read');
  }
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Reads one sheet of an XLSX workbook: the sheet named after the input type if there is one,
 * else the first. The first non-empty row is the header; rows keep their sheet row numbers.
 */
export async function openXlsx(
  source: ByteSource,
  limits: ReadLimits,
  sheetName: string | undefined,
): Promise<RecordReader> {
  const warnings: FileNotice[] = [];
  const entries = await readCentralDirectory(source);
  checkSizes(entries, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbook = byName.get(WORKBOOK);
  const rels = byName.get(WORKBOOK_RELS);
  if (workbook === undefined || rels === undefined) throw corruptZip('it has no workbook part');

  const small = [workbook, rels, byName.get(STYLES), byName.get(SHARED_STRINGS)].filter(
    (e): e is ZipEntry => e !== undefined,
  );
  const compressed = new Map<ZipEntry, Uint8Array[]>();
  for await (const { entry, chunk } of entryData(source, small)) {
    const list = compressed.get(entry) ?? [];
    list.push(chunk.slice());
    compressed.set(entry, list);
  }
  const inflated = new Map<string, Uint8Array>();
  for (const entry of small) {
    inflated.set(entry.name, await inflateWhole(entry, concatBytes(compressed.get(entry) ?? [])));
  }
  let book: WorkbookInfo;
  try {
    book = readWorkbook(inflated.get(WORKBOOK)!, inflated.get(WORKBOOK_RELS)!);
  } catch (e) {
    throw unreadable(e, 'its list of sheets cannot be read');
  }
  const { sheets, date1904 } = book;
  const wanted = sheetName === undefined ? undefined : normaliseHeader(sheetName);
  const chosen = sheets.find((s) => wanted !== undefined && normaliseHeader(s.name) === wanted) ?? sheets[0];
  const sheetEntry = chosen && byName.get(chosen.path);
  if (chosen === undefined || sheetEntry === undefined) {
    throw new FileRejectedError('EMPTY', 'The file has no data rows; the workbook has no worksheet.');
  }
  // A sheet can live at any path the workbook names, not only xl/worksheets/.
  if (sheetEntry.uncompressedSize > limits.maxXlsxSheetBytes) throw tooLarge('sheet', limits);

  let context: SheetContext;
  try {
    context = {
      sharedStrings: readSharedStrings(inflated.get(SHARED_STRINGS)),
      dateStyles: readDateStyles(inflated.get(STYLES)),
      date1904,
    };
  } catch (e) {
    throw unreadable(e, 'its sheet cannot be read');
  }
  const sheetBytes = inflateStream(
    sheetEntry,
    (async function* () {
      for await (const { chunk } of entryData(source, [sheetEntry])) yield chunk;
    })(),
  );

  const isEmpty = (cells: Cell[]): boolean => cells.every((c) => c === null || c === undefined);
  const sheet = sheetRows(sheetBytes, context);
  let headerRow: SheetRow | undefined;
  for (;;) {
    const r = await sheet.next();
    if (r.done) break;
    if (!isEmpty(r.value.cells)) {
      headerRow = r.value;
      break;
    }
  }
  if (headerRow === undefined) {
    throw new FileRejectedError('EMPTY', `The file has no data rows; the sheet "${chosen.name}" is empty.`);
  }
  const width = headerRow.cells.length;
  if (width > limits.maxColumns) {
    throw new FileRejectedError(
      'TOO_MANY_COLUMNS',
      `The header has ${formatCount(width)} columns, more than the limit of ${formatCount(limits.maxColumns)}.`,
      headerRow.number,
    );
  }
  const header = Array.from({ length: width }, (_, k) => cellText(headerRow.cells[k] ?? null));
  const columns = headerColumns(header, limits, headerRow.number);

  const checkLength = (cell: Cell, rowNumber: number): void => {
    if (typeof cell === 'string' && overFieldLimit(cell, limits.maxFieldBytes)) {
      throw new FileRejectedError(
        'FIELD_TOO_LONG',
        `A value in row ${formatCount(rowNumber)} is longer than ${formatBytes(limits.maxFieldBytes)}, the most one value may hold.`,
        rowNumber,
      );
    }
  };
  let warnedOutside = false;
  const toRow = (row: SheetRow): RawRow => {
    const cells = new Map<string, Cell>();
    for (let k = 0; k < width; k++) {
      const cell = row.cells[k] ?? null;
      checkLength(cell, row.number);
      cells.set(columns[k]!, cell);
    }
    if (!warnedOutside && row.cells.length > width) {
      warnedOutside = true;
      warnings.push({
        code: 'VALUES_OUTSIDE_HEADER',
        message: `Row ${formatCount(row.number)} (and maybe others) has values to the right of the last named column; they were ignored.`,
      });
    }
    return { rowNumber: row.number, cells };
  };

  let first: SheetRow | undefined;
  for (;;) {
    const r = await sheet.next();
    if (r.done) break;
    if (!isEmpty(r.value.cells)) {
      first = r.value;
      break;
    }
  }
  if (first === undefined) {
    throw new FileRejectedError(
      'EMPTY',
      `The file has no data rows; the sheet "${chosen.name}" has a header row only.`,
    );
  }

  async function* rows(): AsyncGenerator<RawRow> {
    let count = 1;
    yield toRow(first!);
    for (;;) {
      const r = await sheet.next();
      if (r.done) return;
      if (isEmpty(r.value.cells)) continue;
      if (++count > limits.maxRows) {
        throw new FileRejectedError(
          'TOO_MANY_ROWS',
          `The sheet has more than ${formatCount(limits.maxRows)} data rows, the most one file may have; split it into smaller files.`,
          r.value.number,
        );
      }
      yield toRow(r.value);
    }
  }

  return { format: 'xlsx', encoding: null, header, columns, rows: rows(), warnings };
}
