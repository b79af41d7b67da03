// Reading the SQL views through the QueryEngine port, so what the app shows is what the views say.
import { addMonths } from '../domain/time/london.ts';
import type { QueryEngine, QueryRow } from '../pipeline/ports.ts';
import { notFound } from './errors.ts';
import { literal } from './sql.ts';

export type Rows = QueryRow[];

/** The months of v_month_completeness, oldest first. */
export function months(queries: QueryEngine): Promise<Rows> {
  return queries.query('SELECT * FROM v_month_completeness ORDER BY period');
}

/** The month a page shows when none is asked for: the latest complete one, else the latest scored. */
export function latestComplete(rows: Rows): string | null {
  const latest = rows.find((r) => r.latest_complete === true);
  return (latest?.period as string | undefined) ?? null;
}

/** The asked month, or the default; 404 when the lake has no scored month at all. */
export async function monthOrDefault(queries: QueryEngine, asked: string | undefined): Promise<string> {
  if (asked !== undefined) return asked;
  const rows = await months(queries);
  const month = latestComplete(rows) ?? (rows.at(-1)?.period as string | undefined);
  if (!month) throw notFound('No month has been scored yet: send the returns and score the lake first.');
  return month;
}

/** Counts of a column's values in rows: { Good: 3, … }. */
export function countBy(rows: Rows, column: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const key = String(row[column] ?? '');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const previousMonth = (period: string) => addMonths(period, -1);

/** `WHERE column = 'value'` with a checked value (see sql.ts). */
export const where = (column: string, value: string) => `WHERE ${column} = ${literal(value)}`;
