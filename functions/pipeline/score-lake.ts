// Score step of the pipeline: curated tables in, results partitions out, for the months asked
// (or every scoreable month). Shared by the CLI and the score Lambda.

import type { MethodConfig } from '../domain/method/config.ts';
import type { ScoringInputs } from '../domain/method/inputs.ts';
import {
  defaultScoredMonths,
  latestReturnPeriod,
  PeriodAfterLatestReturnError,
  periodsAfterLatestReturn,
} from '../domain/method/periods.ts';
import { scoreProviders } from '../domain/method/score.ts';
import { parsePeriod } from '../domain/period.ts';
import { committedSubmissionIds } from '../lake/ledger.ts';
import type { Row } from '../lake/parquet.ts';
import { writePartition, writeScoringResults } from '../lake/results.ts';
import {
  committedMonthlyReturns,
  type InputTable,
  loadScoringInputs,
  monthlyReturnPeriods,
} from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';
import { scoringWindow } from './score-window.ts';

export interface ScoreLakeResult {
  method_version: string;
  /** Rows written, per results table. */
  rows: Record<ScoredTable, number>;
  /** The months scored (their results partitions replaced). */
  periods: string[];
  providers: number;
  /** Asked months after the latest return month, left unscored ('skip'). */
  skipped: string[];
}

type ScoredTable = 'kpiScores' | 'areaScores' | 'scorecards' | 'riskMatrix' | 'submissionCompliance';

export interface ScoreLakeOptions {
  asOf: Date;
  /** The months to score; every scoreable month up to the latest return month when omitted. */
  periods?: string[];
  method: MethodConfig;
  /**
   * Asked months after the latest month with an accepted monthly return would be all Not scored
   * and would become every provider's latest scorecard: 'refuse' throws a
   * PeriodAfterLatestReturnError (a person asked for them), 'skip' leaves them out (months named
   * by incoming data, such as an offers file for a month whose returns are not in yet).
   * @default 'skip'
   */
  afterLatestReturn?: 'refuse' | 'skip';
  /**
   * Called when a run of every month has written a part's results and dropped them, before it
   * reads the next: a runtime that can collect garbage on demand does so there, so the run's
   * memory is one part's, not what the collector has left lying from the parts before.
   */
  afterPart?: () => void;
}

export async function scoreLake(store: ObjectStore, options: ScoreLakeOptions): Promise<ScoreLakeResult> {
  for (const p of options.periods ?? []) parsePeriod(p);
  return options.periods
    ? scoreAskedMonths(store, options.periods, options)
    : scoreEveryMonth(store, options);
}

async function scoreAskedMonths(
  store: ObjectStore,
  asked: readonly string[],
  options: ScoreLakeOptions,
): Promise<ScoreLakeResult> {
  const { inputs, latest } = await loadWindow(store, asked, options);
  const skipped = [...new Set(periodsAfterLatestReturn(asked, latest))].sort();
  if (skipped.length > 0 && options.afterLatestReturn === 'refuse')
    throw new PeriodAfterLatestReturnError(skipped, latest);
  const tally = new Tally(options.method);
  await scorePart(
    store,
    inputs,
    asked.filter((p) => !skipped.includes(p)),
    options,
    tally,
  );
  return tally.result(skipped);
}

/**
 * Months scored together when every month is: each part reads its months' returns and their
 * look-back, and its results are written before the next part is read, so a run holds a few
 * months whatever the lake's history (1,600 providers' year scored at once held 670 MB).
 */
const monthsPerPart = 3;

/** Read once for a run of every month: the same whatever months a part scores. */
const steadyTables: readonly InputTable[] = [
  'register',
  'clusters',
  'selfAssessments',
  'cqcRatings',
  'sanctions',
  'intelligence',
];
/** Read per part, for its months and their look-back only. */
const monthlyTables: readonly InputTable[] = ['monthlyReturns', 'offers', 'commissionedHours'];

/**
 * Every scoreable month (defaultScoredMonths), scored a few months at a time. Each part is a run
 * of those months, as `score --period` is, and gives the self-assessment compliance rows of its
 * own quarters (the first part also those before the first month, the last those after the
 * latest), so the parts together write what one run over every month would.
 */
async function scoreEveryMonth(store: ObjectStore, options: ScoreLakeOptions): Promise<ScoreLakeResult> {
  const committed = await committedSubmissionIds(store);
  const steady = await loadScoringInputs(store, { tables: steadyTables, committed });
  const { firstMonth, latest } = await lakeMonths(store, steady, committed, options);
  const months = defaultScoredMonths(
    steady.register.map((r) => r.contract_start),
    firstMonth,
    latest,
  );
  const tally = new Tally(options.method);
  for (let i = 0; i < months.length; i += monthsPerPart) {
    const part = months.slice(i, i + monthsPerPart);
    const [from, to] = [part[0]!, part.at(-1)!];
    const isFirst = i === 0;
    const isLast = i + monthsPerPart >= months.length;
    const window = scoringWindow(part, options.method);
    const monthly = await loadScoringInputs(store, { tables: monthlyTables, window, committed });
    const inputs: ScoringInputs = {
      ...steady,
      monthlyReturns: monthly.monthlyReturns,
      offers: monthly.offers,
      commissionedHours: monthly.commissionedHours,
      ...(firstMonth !== null ? { firstMonth } : {}),
    };
    await scorePart(
      store,
      inputs,
      part,
      options,
      tally,
      (q) => (isFirst || q >= from) && (isLast || q <= to),
    );
    if (!isLast) options.afterPart?.();
  }
  return tally.result([]);
}

/**
 * The lake's first month (under `first_month: auto`, the earliest month with a return the run
 * counts, METHODOLOGY §8) and its latest return month, from as few months as can tell them: the
 * earliest (latest) month with such a return is usually the first one read.
 */
async function lakeMonths(
  store: ObjectStore,
  steady: ScoringInputs,
  committed: ReadonlySet<string>,
  options: ScoreLakeOptions,
): Promise<{ firstMonth: string | null; latest: string | null }> {
  const registered = new Set(steady.register.map((r) => r.provider_id));
  const periods = await monthlyReturnPeriods(store);
  const counts = async (period: string) =>
    latestReturnPeriod(await committedMonthlyReturns(store, period, committed), registered, options.asOf) !==
    null;
  const setting = steady.firstMonth ?? options.method.first_month;
  let latest: string | null = null;
  for (const period of [...periods].reverse()) {
    if (!(await counts(period))) continue;
    latest = period;
    break;
  }
  if (setting !== 'auto') return { firstMonth: setting, latest };
  for (const period of periods) if (await counts(period)) return { firstMonth: period, latest };
  return { firstMonth: null, latest };
}

/** Scores `months` and writes their results partitions. */
async function scorePart(
  store: ObjectStore,
  inputs: ScoringInputs,
  months: readonly string[],
  options: ScoreLakeOptions,
  tally: Tally,
  complianceQuarters?: (quarter: string) => boolean,
): Promise<void> {
  const results = scoreProviders(inputs, {
    asOf: options.asOf,
    method: options.method,
    periods: [...months],
    ...(complianceQuarters ? { complianceQuarters } : {}),
  });
  const periods = [...new Set(months)].sort();
  await writeScoringResults(store, results, periods);
  // A self-assessment's row has its quarter's first month as its period, which can be outside the
  // scored months (METHODOLOGY §8 "Compliance rows"): that month's partition holds it alone.
  const scored = new Set(periods);
  const outside = new Map<string, Row[]>();
  for (const row of results.submissionCompliance) {
    if (scored.has(row.period)) continue;
    const rows = outside.get(row.period) ?? [];
    rows.push(row as unknown as Row);
    outside.set(row.period, rows);
  }
  for (const [period, rows] of outside) await writePartition(store, 'submission_compliance', period, rows);
  tally.add(results, periods);
}

/** What a run wrote, added up over its parts. */
class Tally {
  private readonly periods = new Set<string>();
  private readonly providers = new Set<string>();
  private readonly rows: Record<ScoredTable, number> = {
    kpiScores: 0,
    areaScores: 0,
    scorecards: 0,
    riskMatrix: 0,
    submissionCompliance: 0,
  };

  constructor(private readonly method: MethodConfig) {}

  add(results: ReturnType<typeof scoreProviders>, periods: readonly string[]): void {
    for (const p of periods) this.periods.add(p);
    for (const s of results.scorecards) this.providers.add(s.provider_id);
    for (const table of Object.keys(this.rows) as ScoredTable[]) this.rows[table] += results[table].length;
  }

  result(skipped: string[]): ScoreLakeResult {
    return {
      method_version: this.method.method_version,
      rows: { ...this.rows },
      periods: [...this.periods].sort(),
      providers: this.providers.size,
      skipped,
    };
  }
}

/**
 * The inputs for scoring some months: the provider returns of those months and their look-back
 * only (scoringWindow), with what the rest of the lake decides read from as few other months as
 * can tell it. The lake's first month under `first_month: auto` is the earliest month with a
 * return the run counts (METHODOLOGY §8), found from the earliest month on, so usually the first
 * one read; the latest such month, which says which asked months are after it, is looked for
 * outside the window only when an asked month is after every return inside it.
 */
async function loadWindow(
  store: ObjectStore,
  asked: readonly string[],
  options: ScoreLakeOptions,
): Promise<{ inputs: ScoringInputs; latest: string | null }> {
  const window = scoringWindow(asked, options.method);
  let inputs = await loadScoringInputs(store, { window });
  const registered = new Set(inputs.register.map((r) => r.provider_id));
  const latestOf = (rows: ScoringInputs['monthlyReturns']) =>
    latestReturnPeriod(rows, registered, options.asOf);
  const periods = await monthlyReturnPeriods(store);
  const rowsOf = async (period: string) =>
    window.months.has(period)
      ? inputs.monthlyReturns.filter((r) => r.period === period)
      : await committedMonthlyReturns(store, period);
  if ((inputs.firstMonth ?? options.method.first_month) === 'auto') {
    for (const period of periods) {
      if (latestOf(await rowsOf(period)) === null) continue;
      inputs = { ...inputs, firstMonth: period };
      break;
    }
  }
  let latest = latestOf(inputs.monthlyReturns);
  if (asked.some((p) => latest === null || p > latest)) {
    for (const period of [...periods].reverse()) {
      if (latest !== null && period <= latest) break;
      if (window.months.has(period) || latestOf(await rowsOf(period)) === null) continue;
      latest = period;
      break;
    }
  }
  return { inputs, latest };
}
