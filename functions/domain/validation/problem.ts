// A problem found in a file, named so a care-agency administrator can act on it.

export interface Problem {
  severity: 'error' | 'warning';
  /** Row number as the sender sees it (CSV line, sheet row, JSON element); null for file-level problems. */
  row: number | null;
  column: string | null;
  /** The offending value as text (truncated), or null. */
  value: string | null;
  message: string;
}

const maxValueLength = 200;

export function showValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength)}…` : text;
}
