// METHODOLOGY §8 "Which return counts": among the submissions covering one (provider, period),
// the latest received is scored and the first received is judged for timeliness.
import type { SubmissionMeta } from './inputs.ts';

export interface Chosen<R extends SubmissionMeta = SubmissionMeta> {
  latest: R;
  first: R;
}

/** Orders by received time; equal times fall back to the submission id so the choice is stable. */
function receivedBefore(a: SubmissionMeta, b: SubmissionMeta): boolean {
  const d = a.received_at.getTime() - b.received_at.getTime();
  return d < 0 || (d === 0 && a.submission_id < b.submission_id);
}

/**
 * provider → period → the latest and first submission covering it. A later submission
 * supersedes every row of earlier ones, however few rows it has.
 */
export function chooseSubmissions<R extends SubmissionMeta & { provider_id: string }>(
  rows: Iterable<R>,
  periodOf: (row: R) => string,
): Map<string, Map<string, Chosen<R>>> {
  const out = new Map<string, Map<string, Chosen<R>>>();
  for (const row of rows) {
    let byPeriod = out.get(row.provider_id);
    if (!byPeriod) {
      byPeriod = new Map();
      out.set(row.provider_id, byPeriod);
    }
    const period = periodOf(row);
    const c = byPeriod.get(period);
    if (!c) {
      byPeriod.set(period, { latest: row, first: row });
      continue;
    }
    if (receivedBefore(c.latest, row)) c.latest = row;
    if (receivedBefore(row, c.first)) c.first = row;
  }
  return out;
}

/** The rows of each key's latest submission: the only rows that are scored. */
export function* scoredRows<R extends SubmissionMeta & { provider_id: string }>(
  rows: Iterable<R>,
  chosen: ReadonlyMap<string, ReadonlyMap<string, Chosen<R>>>,
  periodOf: (row: R) => string,
): Generator<R> {
  for (const row of rows)
    if (chosen.get(row.provider_id)?.get(periodOf(row))?.latest.submission_id === row.submission_id)
      yield row;
}
