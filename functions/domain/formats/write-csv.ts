// Every CSV the product writes goes through here: RFC 4180 quoting, and text cells that a
// spreadsheet would run as a formula are neutralised with a leading apostrophe (CONTRACTS §2.1).

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function neutraliseFormula(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  else text = neutraliseFormula(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function safeCsvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  let out = safeCsvLine(columns);
  for (const row of rows) out += safeCsvLine(columns.map((c) => row[c]));
  return out;
}
