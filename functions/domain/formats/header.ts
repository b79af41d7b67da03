import { FileRejectedError } from './errors.ts';
import { formatCount, type ReadLimits } from './limits.ts';

/** CONTRACTS §1: trim, lower-case, spaces and hyphens to `_`; a stray BOM is dropped too. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF+/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]/g, '_');
}

/**
 * Normalised column names for a header row, rejecting duplicates and over-wide headers.
 * A blank header cell (a trailing comma, say) becomes `column_N` so that two of them do not
 * collide; ingest then reports it as an unknown column.
 */
export function headerColumns(header: readonly string[], limits: ReadLimits, headerRow = 1): string[] {
  if (header.length > limits.maxColumns) {
    throw new FileRejectedError(
      'TOO_MANY_COLUMNS',
      `The header has ${formatCount(header.length)} columns, more than the limit of ${formatCount(limits.maxColumns)}.`,
      headerRow,
    );
  }
  const columns: string[] = [];
  const seen = new Map<string, string>();
  header.forEach((name, i) => {
    let column = normaliseHeader(name);
    if (column === '') column = `column_${i + 1}`;
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      throw new FileRejectedError(
        'DUPLICATE_HEADER',
        `The columns "${earlier.trim()}" and "${name.trim()}" both mean "${column}"; remove or rename one of them.`,
        headerRow,
      );
    }
    seen.set(column, name);
    columns.push(column);
  });
  return columns;
}
