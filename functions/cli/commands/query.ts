// carescore query SQL [--format table|csv|json] [--lake DIR]: SQL over the views of CONTRACTS §4.
import { resolve } from 'node:path';
import { DuckDbQueryEngine } from '../../adapters/duckdb-query-engine.ts';
import { safeCsvLine } from '../../domain/formats/write-csv.ts';
import { QueryError, type QueryRow } from '../../pipeline/ports.ts';
import { type Invocation, type Output, UsageError, UserFacingError } from '../args.ts';
import { terminalSafe } from '../terminal-text.ts';

const formats = ['table', 'csv', 'json'] as const;
type Format = (typeof formats)[number];

export async function queryCommand(
  { values, positionals }: Invocation<{ lake: string; format: string }>,
  io: Output,
): Promise<number> {
  const format = values.format as Format;
  if (!formats.includes(format)) throw new UsageError('--format must be table, csv or json.');
  if (positionals.length !== 1 || !positionals[0]!.trim()) {
    throw new UsageError(
      'Give the SQL as one quoted argument, e.g. carescore query "SELECT * FROM v_alerts".',
    );
  }
  const engine = await DuckDbQueryEngine.open(resolve(values.lake));
  try {
    await engine.createViews();
    const rows = await engine.query(positionals[0]!);
    for (const line of formatRows(rows, format)) io.out(line);
  } catch (error) {
    if (error instanceof QueryError) throw new UserFacingError(sentence(error.message));
    throw error;
  } finally {
    await engine.close();
  }
  return 0;
}

/** The lines to print for rows in a format. */
export function formatRows(rows: readonly QueryRow[], format: Format): string[] {
  if (format === 'json') return [JSON.stringify(rows, jsonSafe, 2)];
  const columns = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => Object.fromEntries(columns.map((c) => [c, flat(row[c])])));
  if (format === 'csv') {
    if (rows.length === 0) return [];
    // Terminal-safe like the table: a value's line breaks and tabs come out as U+FFFD too.
    const lines = [columns, ...cells.map((row) => columns.map((c) => row[c]))].map((values) =>
      safeCsvLine(values.map(safeText)),
    );
    return [lines.join('').replace(/\r\n$/, '')];
  }
  return formatTable(columns, cells);
}

/** Aligned text columns; numbers are right-aligned so their digits line up. */
function formatTable(columns: readonly string[], rows: readonly QueryRow[]): string[] {
  const footer = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  if (columns.length === 0) return [footer];
  const text = rows.map((row) => columns.map((c) => cellText(row[c])));
  // A loop, not Math.max(...): spreading a large result's cells overflows the stack.
  const widths = columns.map((c, i) => text.reduce((w, r) => Math.max(w, r[i]!.length), c.length));
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number'));
  const line = (parts: string[]) =>
    parts
      .map((p, i) => (numeric[i] ? p.padStart(widths[i]!) : p.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map(terminalSafe)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map(line),
    footer,
  ];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  // Control characters would break the alignment (and could move the cursor on a terminal).
  return terminalSafe(String(value));
}

function safeText(value: unknown): unknown {
  return typeof value === 'string' ? terminalSafe(value) : value;
}

/** Lists and structs as JSON text, so every format shows them the same way. */
function flat(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return JSON.stringify(value, jsonSafe);
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function sentence(message: string): string {
  const text = `The query failed: ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
