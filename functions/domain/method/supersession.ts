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

/** The latest and first submission among one key's rows (at least one row). */
export function chooseSubmission<R extends SubmissionMeta>(rows: readonly R[]): Chosen<R> {
  const c = { latest: rows[0]!, first: rows[0]! };
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (receivedBefore(c.latest, row)) c.latest = row;
    if (receivedBefore(row, c.first)) c.first = row;
  }
  return c;
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

/** The rows of the key's latest submission, from all its rows: the only rows that are scored. */
export function scoredRowsOf<R extends SubmissionMeta>(rows: readonly R[], chosen: Chosen<R>): readonly R[] {
  const id = chosen.latest.submission_id;
  // Usually one submission covers the key: then every row counts, as they are.
  return rows.every((r) => r.submission_id === id) ? rows : rows.filter((r) => r.submission_id === id);
}
