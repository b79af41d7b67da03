import { FileRejectedError } from './errors.ts';
import { normaliseHeader } from './header.ts';
import { formatBytes, formatCount, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';

/** A top-level JSON value and where a person finds it: 1-based array index or line number. */
export interface JsonItem {
  value: unknown;
  position: number;
}

export interface JsonItems {
  layout: 'array' | 'lines' | 'object';
  items: AsyncIterable<JsonItem>;
}

const NOT_UTF8 =
  'The file is not valid UTF-8 text, which JSON files must be; save it as UTF-8 and upload it again.';

/**
 * Depth of the deepest nesting in `text`, stopping as soon as it passes `max`. Iterative, so a
 * 10,000-deep file cannot exhaust the stack. Returns the offset where the limit was passed, or -1.
 */
export function findTooDeep(text: string, max: number): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string, honouring backslash escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return -1;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let k = text.indexOf('\n');
  while (k !== -1 && k < offset) {
    line++;
    lineStart = k + 1;
    k = text.indexOf('\n', k + 1);
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse with the depth guard first and errors turned into plain-English rejections. */
function parseGuarded(text: string, limits: ReadLimits, lineBase: number | null): unknown {
  const deep = findTooDeep(text, limits.maxJsonDepth);
  if (deep !== -1) {
    const line = lineBase ?? lineAndColumn(text, deep).line;
    throw new FileRejectedError(
      'JSON_TOO_DEEP',
      `The JSON on line ${formatCount(line)} is nested more than ${limits.maxJsonDepth} levels deep, the most allowed.`,
      line,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(reason);
    if (lineBase !== null) {
      throw new FileRejectedError(
        'MALFORMED',
        `Line ${formatCount(lineBase)} is not valid JSON; each line must hold one complete object.`,
        lineBase,
      );
    }
    if (at?.[1] !== undefined) {
      const { line, column } = lineAndColumn(text, Number(at[1]));
      throw new FileRejectedError(
        'MALFORMED',
        `The file is not valid JSON at line ${formatCount(line)}, column ${formatCount(column)}; check for a missing comma, quote or bracket there.`,
        line,
      );
    }
    throw new FileRejectedError(
      'MALFORMED',
      'The file is not valid JSON; check for a missing or extra comma, quote or bracket.',
    );
  }
}

async function readAll(source: ByteSource): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    parts.push(chunk);
    size += chunk.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileRejectedError('ENCODING', NOT_UTF8);
  }
}

/** Decoded lines with their 1-based numbers; a line is searched for '\n' once only. */
async function* textLines(source: ByteSource): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: string[] = [];
  let line = 1;
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new FileRejectedError('ENCODING', NOT_UTF8);
    }
  };
  const emit = function* (chunk: string): Generator<{ line: number; text: string }> {
    let from = 0;
    let k = chunk.indexOf('\n');
    while (k !== -1) {
      parts.push(chunk.slice(from, k));
      yield { line: line++, text: parts.join('') };
      parts = [];
      from = k + 1;
      k = chunk.indexOf('\n', from);
    }
    if (from < chunk.length) parts.push(chunk.slice(from));
  };
  for await (const chunk of source.open()) yield* emit(decode(chunk));
  yield* emit(decode());
  if (parts.length > 0) yield { line, text: parts.join('') };
}

function firstNonSpace(text: string): string {
  const m = /[^\s\uFEFF]/.exec(text);
  return m?.[0] ?? '';
}

/**
 * The top-level values of a JSON source: the elements of an array, each line of JSON Lines, or
 * a single object (a pretty-printed object fails to parse as its first line, so is read whole).
 * JSON Lines streams; an array or single object is parsed whole, which the size limit bounds.
 */
export async function openJsonItems(source: ByteSource, limits: ReadLimits): Promise<JsonItems> {
  const lines = textLines(source);
  let firstLine: { line: number; text: string } | undefined;
  for (;;) {
    const r = await lines.next();
    if (r.done) break;
    if (r.value.text.trim().replace(/^\uFEFF/, '').length > 0) {
      firstLine = r.value;
      break;
    }
  }
  if (firstLine === undefined)
    throw new FileRejectedError('EMPTY', 'The file has no data rows; it is empty.');

  const start = firstNonSpace(firstLine.text);
  if (start === '{') {
    let first: unknown;
    let ok = true;
    try {
      first = parseGuarded(firstLine.text.replace(/^\uFEFF/, ''), limits, firstLine.line);
    } catch (e) {
      if (e instanceof FileRejectedError && e.code === 'MALFORMED') ok = false;
      else throw e;
    }
    if (ok) {
      const head = { line: firstLine.line, value: first };
      async function* items(): AsyncGenerator<JsonItem> {
        yield { value: head.value, position: head.line };
        for await (const { line, text } of lines) {
          if (text.trim().length === 0) continue;
          yield { value: parseGuarded(text, limits, line), position: line };
        }
      }
      return { layout: 'lines', items: items() };
    }
  }
  await lines.return(undefined);

  const text = (await readAll(source)).replace(/^\uFEFF/, '');
  const value = parseGuarded(text, limits, null);
  if (Array.isArray(value)) {
    const array = value;
    async function* items(): AsyncGenerator<JsonItem> {
      for (let k = 0; k < array.length; k++) yield { value: array[k], position: k + 1 };
    }
    return { layout: 'array', items: items() };
  }
  if (value !== null && typeof value === 'object') {
    async function* items(): AsyncGenerator<JsonItem> {
      yield { value, position: 1 };
    }
    return { layout: 'object', items: items() };
  }
  throw new FileRejectedError(
    'MALFORMED',
    'The file holds a single JSON value, not a list of objects; upload an array of objects or one object per line.',
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON value as a cell: scalars keep their type, nested values become their JSON text. */
export function jsonCell(value: unknown, limits: ReadLimits, rowNumber: number, what: string): Cell {
  let cell: Cell;
  if (value === null || value === undefined) cell = null;
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') cell = value;
  else cell = JSON.stringify(value);
  if (
    typeof cell === 'string' &&
    cell.length * 3 > limits.maxFieldBytes &&
    Buffer.byteLength(cell, 'utf8') > limits.maxFieldBytes
  ) {
    throw new FileRejectedError(
      'FIELD_TOO_LONG',
      `The value of "${what}" in ${rowNumber === 0 ? 'the file' : `row ${formatCount(rowNumber)}`} is longer than ${formatBytes(limits.maxFieldBytes)}, the most one value may hold.`,
      rowNumber,
    );
  }
  return cell;
}

function tooManyRows(limits: ReadLimits, rowNumber: number): FileRejectedError {
  return new FileRejectedError(
    'TOO_MANY_ROWS',
    `The file has more than ${formatCount(limits.maxRows)} data rows, the most one file may have; split it into smaller files.`,
    rowNumber,
  );
}

export { tooManyRows };

/** Rows from a JSON array of objects or JSON Lines; columns are added as new keys appear. */
export async function openJson(source: ByteSource, limits: ReadLimits): Promise<RecordReader> {
  const warnings: FileNotice[] = [];
  const { layout, items } = await openJsonItems(source, limits);
  const iterator = items[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new FileRejectedError('EMPTY', 'The file has no data rows; the list is empty.');

  const header: string[] = [];
  const columns: string[] = [];
  const known = new Set<string>();
  const unit = layout === 'lines' ? 'line' : 'item';

  const toRow = ({ value, position }: JsonItem): RawRow => {
    const cells = new Map<string, Cell>();
    if (!isPlainObject(value)) {
      const kind = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
      return {
        rowNumber: position,
        cells,
        problem: {
          code: 'NOT_AN_OBJECT',
          message: `This ${unit} is ${kind}, not an object with named fields; each ${unit} must be one record such as {"provider_id": "P1", ...}.`,
        },
      };
    }
    let problem: RawRow['problem'];
    const names = new Map<string, string>();
    for (const key of Object.keys(value)) {
      const column = normaliseHeader(key);
      const earlier = names.get(column);
      if (earlier !== undefined) {
        problem = {
          code: 'DUPLICATE_FIELD',
          message: `The fields "${earlier}" and "${key}" both mean "${column}"; remove or rename one of them.`,
        };
        continue;
      }
      names.set(column, key);
      if (!known.has(column)) {
        if (columns.length >= limits.maxColumns) {
          throw new FileRejectedError(
            'TOO_MANY_COLUMNS',
            `The file has more than ${formatCount(limits.maxColumns)} different field names, the most columns a file may have.`,
            position,
          );
        }
        known.add(column);
        header.push(key);
        columns.push(column);
      }
      cells.set(column, jsonCell(value[key], limits, position, key));
    }
    return problem === undefined ? { rowNumber: position, cells } : { rowNumber: position, cells, problem };
  };

  // The header is known once the first record is read, before rows are handed out.
  const firstRow = toRow(first.value);

  async function* rows(): AsyncGenerator<RawRow> {
    let count = 1;
    yield firstRow;
    for (;;) {
      const r = await iterator.next();
      if (r.done) return;
      if (++count > limits.maxRows) throw tooManyRows(limits, r.value.position);
      yield toRow(r.value);
    }
  }

  return { format: 'json', encoding: 'utf-8', header, columns, rows: rows(), warnings };
}
