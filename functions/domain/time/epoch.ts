// Dates and timestamps as numbers since the epoch, as columnar rows and Parquet store them.

export const dayMs = 86_400_000;

/** A date ('YYYY-MM-DD' or a Date) as ms since the epoch: a calendar date, so midnight UTC. */
export function dateMs(value: unknown): number {
  return typeof value === 'string' ? Date.parse(`${value}T00:00:00Z`) : (value as Date).getTime();
}

/** A timestamp (a Date or ISO 8601 text) as ms since the epoch. */
export function timestampMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}
