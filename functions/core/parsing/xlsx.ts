import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync, constants as zlibConstants } from 'node:zlib';
import ExcelJS from 'exceljs';
import { FileRejectedError } from './errors.ts';
import { headerColumns, normaliseHeader } from './header.ts';
import { formatBytes, formatCount, overFieldLimit, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';
import { corruptZip, entryData, readCentralDirectory, storedHeader, type ZipEntry } from './zip.ts';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** exceljs streams a sheet only after shared strings, so an empty table stands in when absent. */
const EMPTY_SST = new TextEncoder().encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);
/** The sum of all parts may not exceed this many sheets' worth: more is a crafted file. */
const TOTAL_FACTOR = 4;

interface Part {
  name: string;
  bytes: AsyncIterable<Uint8Array> | Uint8Array;
  size: number;
  crc32: number;
}

function tooLarge(what: string, limits: ReadLimits, bytes = limits.maxXlsxSheetBytes): FileRejectedError {
  return new FileRejectedError(
    'SHEET_TOO_LARGE',
    `The workbook's ${what} would be larger than ${formatBytes(bytes)} once unzipped, the most ${bytes === limits.maxXlsxSheetBytes ? 'a sheet may be' : 'allowed'}; save the data as a smaller file or as CSV.`,
  );
}

/**
 * The zip-bomb guard: judged from the sizes the central directory claims, before inflating.
 * Every part this reader inflates is bounded; parts it never opens (macros, embedded objects,
 * external links) count towards the total only.
 */
function checkSizes(entries: readonly ZipEntry[], limits: ReadLimits): void {
  const wholeLimit = Math.min(limits.maxXlsxWholePartBytes, limits.maxXlsxSheetBytes);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name);
    if ((isSheet || e.name === SHARED_STRINGS) && e.uncompressedSize > limits.maxXlsxSheetBytes) {
      throw tooLarge(isSheet ? 'sheet' : 'text table', limits);
    }
    if (
      (e.name === WORKBOOK || e.name === WORKBOOK_RELS || e.name === STYLES) &&
      e.uncompressedSize > wholeLimit
    ) {
      throw tooLarge(e.name === STYLES ? 'styles' : 'list of sheets', limits, wholeLimit);
    }
  }
  if (total > TOTAL_FACTOR * limits.maxXlsxSheetBytes) throw tooLarge('content', limits);
}

function inflateWhole(entry: ZipEntry, data: Uint8Array, limits: ReadLimits): Uint8Array {
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw corruptZip('it uses an unsupported compression method');
  let out: Uint8Array;
  try {
    // Stop at the claimed size plus one byte: anything more is a lie about the size.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('content', limits);
    }
    throw corruptZip('a part of it is damaged');
  }
  if (out.length !== entry.uncompressedSize) throw corruptZip('a part of it is damaged');
  return out;
}

/**
 * Inflates one entry as it streams, refusing to produce more than the directory claimed. The
 * last chunk is held back until the part is known to end exactly at the claimed size: exceljs
 * stops reading a part once it has the size its header gives, so a part that unzips to more
 * (a zip bomb lying about its size) would otherwise pass as a complete, shorter sheet.
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
  async function* inflated(): AsyncGenerator<Uint8Array> {
    if (entry.method === 0) {
      for await (const chunk of compressed) yield count(chunk);
    } else if (entry.method === 8) {
      const inflater = createInflateRaw({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
      const out = pipeline(Readable.from(compressed, { objectMode: false }), inflater, () => {});
      try {
        for await (const chunk of out as AsyncIterable<Uint8Array>) yield count(chunk);
      } catch (e) {
        if (e instanceof FileRejectedError) throw e;
        throw corruptZip('a part of it is damaged');
      }
    } else {
      throw corruptZip('it uses an unsupported compression method');
    }
  }
  let held: Uint8Array | undefined;
  for await (const chunk of inflated()) {
    if (held !== undefined) yield held;
    held = chunk;
  }
  if (produced !== entry.uncompressedSize) throw corruptZip('a part of it is damaged');
  if (held !== undefined) yield held;
}

/**
 * A zip stream holding only the given parts, stored uncompressed and in the order exceljs
 * wants them (relationships, workbook, styles, shared strings, then the one sheet), so its
 * streaming reader never spills a sheet to a temporary file. Errors are parked in `failure`
 * and the stream just ends, because exceljs does not pass source errors on.
 */
function partsStream(parts: readonly Part[], failure: { error?: unknown }): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for (const part of parts) {
        yield Buffer.from(storedHeader(part.name, part.size, part.crc32));
        if (part.bytes instanceof Uint8Array) yield Buffer.from(part.bytes);
        else
          for await (const chunk of part.bytes)
            yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      }
    } catch (e) {
      failure.error = e;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

/** Awaits an exceljs step, but fails at once if our own byte stream has failed. */
function guarded<T>(step: Promise<T>, failed: Promise<never>): Promise<T> {
  return Promise.race([step, failed]);
}

interface SheetInfo {
  name: string;
  path: string;
}

type ExcelReader = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader>;
interface ReaderInternals {
  model?: { sheets?: { name?: string; rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string; Type?: string }[];
  properties?: { model?: { date1904?: boolean } };
}

function failurePromise(failure: { error?: unknown }, stream: Readable): Promise<never> {
  return new Promise<never>((_, reject) => {
    stream.on('end', () => {
      if (failure.error !== undefined) reject(failure.error);
    });
    stream.on('error', reject);
  });
}

async function listSheets(parts: Part[]): Promise<SheetInfo[]> {
  const failure: { error?: unknown } = {};
  const stream = partsStream(parts, failure);
  const failed = failurePromise(failure, stream);
  failed.catch(() => {});
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {});
  const it = reader.parse();
  try {
    while (!(await guarded(it.next(), failed)).done) {}
  } catch (e) {
    if (e instanceof FileRejectedError) throw e;
    throw corruptZip('its list of sheets cannot be read');
  }
  const { model, workbookRels } = reader as unknown as ReaderInternals;
  const sheets: SheetInfo[] = [];
  for (const s of model?.sheets ?? []) {
    const rel = workbookRels?.find((r) => r.Id === s.rId);
    const target = rel?.Target;
    if (target === undefined || !/\/worksheet$/.test(rel?.Type ?? '/worksheet')) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    sheets.push({ name: s.name ?? '', path });
  }
  return sheets;
}

function richText(value: { richText: { text?: string }[] }): string {
  return value.richText.map((r) => r.text ?? '').join('');
}

/** A format is a date format if, outside quotes and [..] codes, it has date or time letters. */
function isDateFormat(fmt: string | undefined): boolean {
  if (fmt === undefined) return false;
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

function serialToDate(serial: number, date1904: boolean): Date {
  const days = serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(days * 86_400_000));
}

/** exceljs cell values flattened to Cell: never evaluates, only reads what Excel saved. */
function toCell(value: unknown, numFmt: string | undefined, date1904: boolean): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length === 0 ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return richText(v as { richText: { text?: string }[] }) || null;
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result;
      if (typeof result === 'number' && Number.isFinite(result) && isDateFormat(numFmt)) {
        return serialToDate(result, date1904);
      }
      // An error result (#N/A) arrives as NaN from the streaming reader; it has no value.
      return toCell(result, undefined, date1904);
    }
    if (typeof v.error === 'string') return v.error;
    if ('text' in v) return toCell(v.text, undefined, date1904);
    if ('hyperlink' in v) return toCell(v.hyperlink, undefined, date1904);
  }
  return String(value);
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
    inflated.set(entry.name, inflateWhole(entry, Buffer.concat(compressed.get(entry) ?? []), limits));
  }
  const stored = (name: string): Part | undefined => {
    const bytes = inflated.get(name);
    const entry = byName.get(name);
    return bytes && entry ? { name, bytes, size: bytes.length, crc32: entry.crc32 } : undefined;
  };

  const sheets = await listSheets([stored(WORKBOOK_RELS)!, stored(WORKBOOK)!]);
  const wanted = sheetName === undefined ? undefined : normaliseHeader(sheetName);
  const chosen = sheets.find((s) => wanted !== undefined && normaliseHeader(s.name) === wanted) ?? sheets[0];
  const sheetEntry = chosen && byName.get(chosen.path);
  if (chosen === undefined || sheetEntry === undefined) {
    throw new FileRejectedError('EMPTY', 'The file has no data rows; the workbook has no worksheet.');
  }
  // A sheet can live at any path the workbook names, not only xl/worksheets/.
  if (sheetEntry.uncompressedSize > limits.maxXlsxSheetBytes) throw tooLarge('sheet', limits);

  const sst = stored(SHARED_STRINGS) ?? {
    name: SHARED_STRINGS,
    bytes: EMPTY_SST,
    size: EMPTY_SST.length,
    crc32: 0,
  };
  const sheetBytes = inflateStream(
    sheetEntry,
    (async function* () {
      for await (const { chunk } of entryData(source, [sheetEntry])) yield chunk;
    })(),
  );
  const parts: Part[] = [stored(WORKBOOK_RELS)!, stored(WORKBOOK)!];
  const styles = stored(STYLES);
  if (styles) parts.push(styles);
  // Renamed to the one sheet file name exceljs's streaming reader recognises.
  parts.push(sst, {
    name: 'xl/worksheets/sheet1.xml',
    bytes: sheetBytes,
    size: sheetEntry.uncompressedSize,
    crc32: sheetEntry.crc32,
  });

  const failure: { error?: unknown } = {};
  const stream = partsStream(parts, failure);
  const failed = failurePromise(failure, stream);
  failed.catch(() => {});
  const reader: ExcelReader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;

  // Cells of a row by column number (1-based), converted.
  type SheetRow = { number: number; cells: Cell[] };
  async function* sheetRows(): AsyncGenerator<SheetRow> {
    const books = reader[Symbol.asyncIterator]();
    try {
      const ws = await guarded(books.next(), failed);
      // No worksheet may mean our byte stream failed and exceljs saw it end early: the check
      // of `failure` below must still run, or a damaged sheet would pass as an empty one.
      if (!ws.done) {
        const date1904 = internals.properties?.model?.date1904 === true;
        const rowsIt = ws.value[Symbol.asyncIterator]();
        for (;;) {
          const r = await guarded(rowsIt.next(), failed);
          if (r.done) break;
          const row = r.value;
          const cells: Cell[] = [];
          row.eachCell({ includeEmpty: false }, (cell, col) => {
            cells[col - 1] = toCell(cell.value, cell.numFmt, date1904);
          });
          yield { number: row.number, cells };
        }
      }
    } catch (e) {
      if (e instanceof FileRejectedError) throw e;
      throw corruptZip('its sheet cannot be read');
    }
    if (failure.error !== undefined) throw failure.error;
  }

  const isEmpty = (cells: Cell[]): boolean => cells.every((c) => c === null || c === undefined);
  const sheet = sheetRows();
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
