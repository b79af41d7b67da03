// Reads the curated tables into what the scoring engine takes. Only rows of submissions whose
// ledger record exists are read: a half-written ingest is invisible until it commits, and a council
// feed is merged from its committed submissions' rows, not read from a table that may be mid-rebuild.
import { contracts, cqcRating, type InputType } from '../domain/contracts/index.ts';
import type { MonthlyReturnRow, ScoringInputs } from '../domain/method/inputs.ts';
import { currentRows, tableFiles } from './curated.ts';
import { keys } from './keys.ts';
import { committedSubmissionIds } from './ledger.ts';
import type { ObjectStore } from './object-store.ts';
import type { Row } from './parquet.ts';
import { readLakeSettings } from './settings.ts';

/**
 * The months of the provider-return tables a run reads (their partitions), and of the council
 * feeds counted by month (offers, commissioned hours); every month when absent. The other council
 * feeds are read whole.
 */
export interface ReturnsWindow {
  /** Monthly-return periods. */
  months: ReadonlySet<string>;
  /** Self-assessment quarters, by their first month. */
  quarters: ReadonlySet<string>;
  /** The months every KPI is computed for: the offers read. */
  kpiMonths: ReadonlySet<string>;
  /** The months whose market shares are published: the commissioned hours read. */
  shares: ReadonlySet<string>;
}

/** A table of the scoring inputs. */
export type InputTable = Exclude<keyof ScoringInputs, 'firstMonth'>;

const inputTypes: Record<InputTable, InputType> = {
  register: 'provider-register',
  clusters: 'clusters',
  monthlyReturns: 'monthly-return',
  selfAssessments: 'self-assessment',
  cqcRatings: 'cqc-locations',
  sanctions: 'sanctions',
  offers: 'offers',
  commissionedHours: 'commissioned-hours',
  intelligence: 'intelligence',
};

export interface LoadOptions {
  /** Only these months of the provider returns; every month when absent. */
  window?: ReturnsWindow;
  /** Only these tables; the others are left empty. Every table when absent. */
  tables?: readonly InputTable[];
  /** The committed submissions, when the caller has listed the ledger already. */
  committed?: ReadonlySet<string>;
}

export async function loadScoringInputs(
  store: ObjectStore,
  options: LoadOptions = {},
): Promise<ScoringInputs> {
  const wanted = new Set<InputTable>(options.tables ?? (Object.keys(inputTypes) as InputTable[]));
  // The ledger is listed when provider returns, thousands of submissions, are read; otherwise each
  // council feed looks up its few submissions (currentRows).
  const committed =
    options.committed ??
    (wanted.has('monthlyReturns') || wanted.has('selfAssessments')
      ? await committedSubmissionIds(store)
      : null);
  const { window } = options;
  // Offers and commissioned hours count in the month they fall in (METHODOLOGY §2, §6), so only
  // the window's months of them are read: offers for the months every KPI is computed for, hours
  // for the published months' shares.
  const partitions: Partial<Record<InputType, ReadonlySet<string>>> = window
    ? {
        'monthly-return': window.months,
        'self-assessment': window.quarters,
        offers: window.kpiMonths,
        'commissioned-hours': window.shares,
      }
    : {};
  const read = async (table: InputTable): Promise<Row[]> => {
    if (!wanted.has(table)) return [];
    const type = inputTypes[table];
    return currentRows(store, contracts[type], committed, partitions[type]);
  };
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
    read('register'),
    read('clusters'),
    read('monthlyReturns'),
    read('selfAssessments'),
    read('cqcRatings'),
    read('sanctions'),
    read('offers'),
    read('commissionedHours'),
    read('intelligence'),
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

/**
 * The monthly-return rows of committed submissions for one month; `committed` is the ledger's list
 * when the caller has it (else each submission read is looked up).
 */
export async function committedMonthlyReturns(
  store: ObjectStore,
  period: string,
  committed: ReadonlySet<string> | null = null,
): Promise<MonthlyReturnRow[]> {
  return (await currentRows(store, contracts['monthly-return'], committed, new Set([period]))) as never;
}

/**
 * A token that changes whenever what loadScoringInputs reads may have: the committed ledger and the
 * lake's settings (a listing, not a read of the tables), for callers that keep a result per lake state.
 */
export async function scoringInputsState(store: ObjectStore): Promise<string> {
  const settingsPrefix = keys.lakeSettings.slice(0, keys.lakeSettings.lastIndexOf('/') + 1);
  const [ledger, settings] = await Promise.all([store.list(keys.ledgerPrefix), store.list(settingsPrefix)]);
  return [...ledger, ...settings].map((o) => `${o.key}\u0000${o.version ?? o.size}`).join('\n');
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
