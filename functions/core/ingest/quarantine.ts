// Rejected rows are kept, with their reasons, as a CSV the sender can open and correct.
import { csvLine } from '../csv/write-csv.ts';
import type { RejectedRow } from './validate-rows.ts';

export function quarantineCsv(fileColumns: readonly string[], rows: readonly RejectedRow[]): string {
  const columns = [...fileColumns];
  for (const row of rows) for (const c of row.cells.keys()) if (!columns.includes(c)) columns.push(c);
  let out = csvLine(['row_number', 'reasons', ...columns]);
  for (const row of rows) {
    out += csvLine([row.row, row.reasons.join('; '), ...columns.map((c) => row.cells.get(c) ?? null)]);
  }
  return out;
}
