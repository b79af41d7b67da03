import { FileRejectedError } from './errors.ts';
import { normaliseHeader } from './header.ts';
import { formatBytes, formatCount, overFieldLimit, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';

/**
 * A key written twice in one object. JSON.parse keeps the last value without a word, so a
 * record holding `"calls_missed": 3, ..., "calls_missed": 30` would lose a figure silently;
 * the scan finds these so the row can be rejected instead. `path` locates the object: the
 * keys and array indices (0-based) leading to it from the item.
 */
export interface DuplicateKey {
  key: string;
  path: (string | number)[];
}

/** A top-level JSON value and where a person finds it: 1-based array index or line number. */
export interface JsonItem {
  value: unknown;
  position: number;
  /** Keys written twice anywhere inside this value (absent when none). */
  duplicates?: DuplicateKey[];
}

export interface JsonItems {
  layout: 'array' | 'lines' | 'object';
  items: AsyncIterable<JsonItem>;
}

const NOT_UTF8 =
  'The file is not valid UTF-8 text, which JSON files must be; save it as UTF-8 and upload it again.';

/** Reports stop listing duplicate keys after this many; the row is rejected either way. */
const MAX_DUPLICATES = 100;

type Container =
  | { object: true; keys: Set<string>; key: string; expectKey: boolean }
  | { object: false; index: number };

/**
 * One pass over JSON text, before it is parsed: the offset where nesting first passes `maxDepth`
 * (-1 if never), and the keys written twice within one object. Iterative, so a 10,000-deep file
 * cannot exhaust the stack; it tolerates malformed text, which JSON.parse then rejects.
 */
export function scanJson(text: string, maxDepth: number): { tooDeepAt: number; duplicates: DuplicateKey[] } {
  const stack: Container[] = [];
  const duplicates: DuplicateKey[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string, honouring backslash escapes (a quote after an odd run of them is data).
      const start = i;
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q === -1) {
          i = n;
          break;
        }
        let slashes = 0;
        while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        let key = text.slice(start + 1, i);
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(start, i + 1)) as string;
          } catch {
            // Malformed: JSON.parse of the whole text reports it.
          }
        }
        if (top.keys.has(key)) {
          if (duplicates.length < MAX_DUPLICATES) {
            const path = stack.slice(0, -1).map((e) => (e.object ? e.key : e.index));
            duplicates.push({ key, path });
          }
        } else {
          top.keys.add(key);
        }
        top.key = key;
      }
    } else if (c === 91 || c === 123) {
      if (stack.length >= maxDepth) return { tooDeepAt: i, duplicates };
      stack.push(
        c === 123 ? { object: true, keys: new Set(), key: '', expectKey: true } : { object: false, index: 0 },
      );
    } else if (c === 93 || c === 125) {
      stack.pop();
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top === undefined) continue;
      if (top.object) top.expectKey = true;
      else top.index++;
    }
  }
  return { tooDeepAt: -1, duplicates };
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

/**
 * JSON.parse with the depth guard and duplicate-key scan first, and errors turned into
 * plain-English rejections.
 */
function parseGuarded(
  text: string,
  limits: ReadLimits,
  lineBase: number | null,
): { value: unknown; duplicates: DuplicateKey[] } {
  const { tooDeepAt: deep, duplicates } = scanJson(text, limits.maxJsonDepth);
  if (deep !== -1) {
    const line = lineBase ?? lineAndColumn(text, deep).line;
    throw new FileRejectedError(
      'JSON_TOO_DEEP',
      `The JSON on line ${formatCount(line)} is nested more than ${limits.maxJsonDepth} levels deep, the most allowed.`,
      line,
    );
  }
  try {
    return { value: JSON.parse(text), duplicates };
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

function item(parsed: { value: unknown; duplicates: DuplicateKey[] }, position: number): JsonItem {
  return parsed.duplicates.length > 0
    ? { value: parsed.value, position, duplicates: parsed.duplicates }
    : { value: parsed.value, position };
}

/** Where a duplicate key is, for a message: `"rating"` or `"currentRatings.overall.rating"`. */
export function duplicateName(d: DuplicateKey): string {
  return [...d.path, d.key].join('.');
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
    let first: { value: unknown; duplicates: DuplicateKey[] } | undefined;
    let ok = true;
    try {
      first = parseGuarded(firstLine.text.replace(/^\uFEFF/, ''), limits, firstLine.line);
    } catch (e) {
      if (e instanceof FileRejectedError && e.code === 'MALFORMED') ok = false;
      else throw e;
    }
    if (ok && first !== undefined) {
      const head = item(first, firstLine.line);
      async function* items(): AsyncGenerator<JsonItem> {
        yield head;
        for await (const { line, text } of lines) {
          if (text.trim().length === 0) continue;
          yield item(parseGuarded(text, limits, line), line);
        }
      }
      return { layout: 'lines', items: items() };
    }
  }
  await lines.return(undefined);

  const text = (await readAll(source)).replace(/^\uFEFF/, '');
  const parsed = parseGuarded(text, limits, null);
  const value = parsed.value;
  if (Array.isArray(value)) {
    const array = value;
    // Duplicates by element: the first step of each path is the element's index.
    const byElement = new Map<number, DuplicateKey[]>();
    for (const d of parsed.duplicates) {
      const [k, ...rest] = d.path;
      if (typeof k !== 'number') continue;
      byElement.set(k, [...(byElement.get(k) ?? []), { key: d.key, path: rest }]);
    }
    async function* items(): AsyncGenerator<JsonItem> {
      for (let k = 0; k < array.length; k++) {
        const duplicates = byElement.get(k);
        yield duplicates
          ? { value: array[k], position: k + 1, duplicates }
          : { value: array[k], position: k + 1 };
      }
    }
    return { layout: 'array', items: items() };
  }
  if (value !== null && typeof value === 'object') {
    const only = item(parsed, 1);
    async function* items(): AsyncGenerator<JsonItem> {
      yield only;
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
  if (typeof cell === 'string' && overFieldLimit(cell, limits.maxFieldBytes)) {
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

  const toRow = ({ value, position, duplicates }: JsonItem): RawRow => {
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
    if (duplicates !== undefined) {
      const first = duplicates[0]!;
      const column = first.path.length === 0 ? normaliseHeader(first.key) : undefined;
      problem = {
        code: 'DUPLICATE_FIELD',
        message: `The field "${duplicateName(first)}" is written more than once in this ${unit}${duplicates.length > 1 ? ` (and ${duplicates.length - 1} more field${duplicates.length > 2 ? 's are' : ' is'})` : ''}, so it is not clear which value is meant; keep one.`,
        ...(column === undefined ? {} : { column }),
      };
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
