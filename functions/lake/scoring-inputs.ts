// Reads the curated tables into what the scoring engine takes. Only rows of submissions whose
// ledger record exists are read: a half-written ingest is invisible until it commits, and a council
// feed is merged from its committed submissions' rows, not read from a table that may be mid-rebuild.
import { contracts, cqcRating, type InputType } from '../domain/contracts/index.ts';
import type { MonthlyReturnRow, ScoringInputs } from '../domain/method/inputs.ts';
import { currentRows, readCurated, tableFiles } from './curated.ts';
import { committedAmong, committedSubmissionIds } from './ledger.ts';
import type { ObjectStore } from './object-store.ts';
import type { Row } from './parquet.ts';
import { readLakeSettings } from './settings.ts';

/**
 * The months of the provider-return tables a run reads (their partitions); every month when
 * absent. Council feeds are read whole: each is merged from its submissions.
 */
export interface ReturnsWindow {
  /** Monthly-return periods. */
  months: ReadonlySet<string>;
  /** Self-assessment quarters, by their first month. */
  quarters: ReadonlySet<string>;
}

export async function loadScoringInputs(store: ObjectStore, window?: ReturnsWindow): Promise<ScoringInputs> {
  const committed = await committedSubmissionIds(store);
  const partitions: Partial<Record<InputType, ReadonlySet<string>>> = window
    ? { 'monthly-return': window.months, 'self-assessment': window.quarters }
    : {};
  const table = (type: InputType) => currentRows(store, contracts[type], committed, partitions[type]);
  const [
    register,
    clusters,
    monthlyReturns,
    selfAssessments,
    cqc,
    sanctions,
    offers,
    commissionedHours,
    intelligence,
    settings,
  ] = await Promise.all([
    table('provider-register'),
    table('clusters'),
    table('monthly-return'),
    table('self-assessment'),
    table('cqc-locations'),
    table('sanctions'),
    table('offers'),
    table('commissioned-hours'),
    table('intelligence'),
    readLakeSettings(store),
  ]);
  return {
    register: register as never,
    clusters: clusters as never,
    monthlyReturns: monthlyReturns as never,
    selfAssessments: selfAssessments as never,
    cqcRatings: cqcRatings(cqc),
    sanctions: sanctions as never,
    offers: offers as never,
    commissionedHours: commissionedHours as never,
    intelligence: intelligence as never,
    ...(settings ? { firstMonth: settings.first_month } : {}),
  };
}

/** The months the monthly-return table holds rows for (its partitions, from the keys), oldest first. */
export async function monthlyReturnPeriods(store: ObjectStore): Promise<string[]> {
  const files = await tableFiles(store, contracts['monthly-return']);
  return [...new Set(files.flatMap((f) => f.period ?? []))].sort();
}

/** The monthly-return rows of committed submissions for one month. */
export async function committedMonthlyReturns(
  store: ObjectStore,
  period: string,
): Promise<MonthlyReturnRow[]> {
  const rows = await readCurated(store, contracts['monthly-return'], new Set([period]));
  const ids = [...new Set(rows.map((r) => r.submission_id as string))];
  const committed = new Set(await committedAmong(store, ids));
  return rows.filter((r) => committed.has(r.submission_id as string)) as never;
}

/**
 * One rating per (location, report date): entries that are not one of the four CQC words are
 * dropped here (they neither rate nor erase, METHODOLOGY §8); when the same report appears more
 * than once, the latest received wins, and a current entry wins over a historic one.
 */
function cqcRatings(rows: Row[]): ScoringInputs['cqcRatings'] {
  const rank = (row: Row) =>
    [(row.received_at as Date).getTime(), row.rating_source === 'current' ? 1 : 0] as const;
  const best = new Map<string, Row>();
  for (const row of rows) {
    if (!cqcRating(row.rating as string | null) || !row.report_date) continue;
    const key = `${row.location_id}\u0000${row.report_date}`;
    const current = best.get(key);
    if (!current) {
      best.set(key, row);
      continue;
    }
    const [a1, a2] = rank(row);
    const [b1, b2] = rank(current);
    if (a1 > b1 || (a1 === b1 && a2 > b2)) best.set(key, row);
  }
  return [...best.values()].map((row) => ({
    location_id: row.location_id as string,
    provider_id: (row.provider_id as string | null) ?? null,
    report_date: row.report_date as string,
    rating: cqcRating(row.rating as string)!,
  }));
}
