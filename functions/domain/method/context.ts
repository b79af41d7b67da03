// Indexes the curated inputs by provider once, so each provider-month is scored from its own
// small slices and never by scanning every row. The index holds row positions; a provider's
// maps (returns by month, sums, offers, shares) are built when it is scored and then dropped.
import { londonInstant, monthEndDate, monthEndInstant } from '../time/london.ts';
import { isFormulaKpi, type MethodConfig } from './config.ts';
import { CqcHistory } from './cqc-history.ts';
import { DueDates } from './due-dates.ts';
import { GroupedRows } from './grouped-rows.ts';
import type {
  IntelligenceRow,
  MonthlyReturnRow,
  OfferRow,
  SanctionRow,
  ScoringInputs,
  SelfAssessmentRow,
} from './inputs.ts';
import { type MarketImpact, marketImpacts } from './market-share.ts';
import { firstScoreableMonth, lakeFirstMonth, returnPeriodRange } from './periods.ts';
import { evaluateFormulas, type MonthReturn } from './return-formulas.ts';
import { type Chosen, chooseSubmission, scoredRowsOf } from './supersession.ts';

export interface ProviderIndex {
  provider_id: string;
  /** The earliest contract_start in the register. */
  contractStart: string;
  firstScoreable: string;
  branches: string[];
  /** period → which monthly-return submissions count. */
  returns: Map<string, Chosen<MonthlyReturnRow>>;
  /** period → the scored submission's figures (only for the months in scope). */
  monthReturns: Map<string, MonthReturn>;
  /** quarter_start → which self-assessment submissions count. */
  selfAssessments: Map<string, Chosen<SelfAssessmentRow>>;
  /** quarter_start → the scored (latest-received) self-assessment. */
  scoredSelfAssessments: Map<string, SelfAssessmentRow>;
  sanctions: SanctionRow[];
  offersByMonth: Map<string, OfferRow[]>;
  intelligence: IntelligenceRow[];
  /** month → impact and the largest cluster market share it comes from; absent: no hours data. */
  market: ReadonlyMap<string, MarketImpact>;
}

export interface ScoringContext {
  config: MethodConfig;
  asOf: Date;
  due: DueDates;
  cqc: CqcHistory;
  firstMonth: string | null;
  latestReturnPeriod: string | null;
  /** Registered providers, in register order. */
  providerIds: readonly string[];
  /** A registered provider's index, built from its rows on each call; undefined when not registered. */
  provider: (id: string) => ProviderIndex | undefined;
  /** Last instant of the month (cached). */
  monthEnd: (period: string) => Date;
  /** Last calendar day of the month, 'YYYY-MM-DD' (cached). */
  monthEndDate: (period: string) => string;
}

function group<T>(rows: Iterable<T>, keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * London month of an instant. A London month runs from the instant of its first local midnight
 * to the next one's, so with those instants cached (two Intl look-ups per month, not per offer)
 * the month is found by comparison; London is never a month away from UTC, so it is the UTC
 * month or a neighbour.
 */
function londonMonthOf(): (d: Date) => string {
  const starts = new Map<number, number>();
  const startOf = (index: number) => {
    let start = starts.get(index);
    if (start === undefined) {
      start = londonInstant(Math.floor(index / 12), (index % 12) + 1, 1).getTime();
      starts.set(index, start);
    }
    return start;
  };
  const names = new Map<number, string>();
  return (d) => {
    const t = d.getTime();
    let index = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (t < startOf(index)) index--;
    else if (t >= startOf(index + 1)) index++;
    let name = names.get(index);
    if (name === undefined) {
      name = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
      names.set(index, name);
    }
    return name;
  };
}

/** Month ends are asked for by every provider: computed once per month. */
function cached<T>(compute: (period: string) => T): (period: string) => T {
  const cache = new Map<string, T>();
  return (period) => {
    let value = cache.get(period);
    if (value === undefined) {
      value = compute(period);
      cache.set(period, value);
    }
    return value;
  };
}

/** Limits the work of a run that publishes only some months. */
export interface MonthScope {
  /** Months whose returns may be looked at (the published months and their look-back). */
  returns: ReadonlySet<string>;
  /** Months whose market shares are needed (the published months). */
  shares: ReadonlySet<string>;
}

/** @param scope the months needed; every month when omitted. */
export function buildContext(
  inputs: ScoringInputs,
  asOf: Date,
  config: MethodConfig,
  scope?: MonthScope,
): ScoringContext {
  const ordinals = new Map<string, number>();
  const providerIds: string[] = [];
  for (const r of inputs.register)
    if (!ordinals.has(r.provider_id)) {
      ordinals.set(r.provider_id, providerIds.length);
      providerIds.push(r.provider_id);
    }
  const n = providerIds.length;
  const ordinalOf = (r: { provider_id: string }) => ordinals.get(r.provider_id) ?? -1;
  // Only returns received by the as-of instant exist for this run.
  const asOfMs = asOf.getTime();
  const existing = (r: MonthlyReturnRow | SelfAssessmentRow) =>
    r.received_at.getTime() <= asOfMs ? ordinalOf(r) : -1;

  const periods = new Set<string>();
  const monthly = new GroupedRows(inputs.monthlyReturns, n, (r) => {
    const p = existing(r);
    if (p < 0) return -1;
    periods.add(r.period);
    return !scope || scope.returns.has(r.period) ? p : -1;
  });
  const range = returnPeriodRange(periods);
  const firstMonth = lakeFirstMonth(config, range, inputs.firstMonth);

  const register = new GroupedRows(inputs.register, n, ordinalOf);
  const selfAssessments = new GroupedRows(inputs.selfAssessments, n, existing);
  const offers = new GroupedRows(inputs.offers, n, ordinalOf);
  const sanctions = new GroupedRows(inputs.sanctions, n, ordinalOf);
  const intelligence = new GroupedRows(inputs.intelligence, n, ordinalOf);
  const market = marketImpacts(inputs.commissionedHours, config, scope?.shares);
  const noMarket: ReadonlyMap<string, MarketImpact> = new Map();
  const monthOf = londonMonthOf();

  // Each provider-month's chosen submission, and its scored rows' formula KPIs in one Arquero
  // rollup for the whole run (config kpis' numerator, denominator and value expressions).
  const chosenReturns: Map<string, Chosen<MonthlyReturnRow>>[] = new Array(n);
  const groupOf: Map<string, number>[] = new Array(n);
  const scoredGroups: (readonly MonthlyReturnRow[])[] = [];
  const groupMonths: string[] = [];
  for (let p = 0; p < n; p++) {
    const chosenByPeriod = new Map<string, Chosen<MonthlyReturnRow>>();
    const groups = new Map<string, number>();
    for (const [period, rows] of group(monthly.of(p), (r) => r.period)) {
      const chosen = chooseSubmission(rows);
      chosenByPeriod.set(period, chosen);
      groups.set(period, scoredGroups.length);
      scoredGroups.push(scoredRowsOf(rows, chosen));
      groupMonths.push(period);
    }
    chosenReturns[p] = chosenByPeriod;
    groupOf[p] = groups;
  }
  // Months only looked back to (not published) have their KPIs rolled up one at a time, when read.
  const figures = evaluateFormulas(config.kpis.filter(isFormulaKpi), scoredGroups, (g) => {
    const month = groupMonths[g]!;
    return scope && !scope.shares.has(month) ? month : null;
  });

  const provider = (id: string): ProviderIndex | undefined => {
    const p = ordinals.get(id);
    if (p === undefined) return undefined;
    const monthReturns = new Map<string, MonthReturn>();
    for (const [period, g] of groupOf[p]!) monthReturns.set(period, figures[g]!);
    const chosenSa = new Map<string, Chosen<SelfAssessmentRow>>();
    const scoredSa = new Map<string, SelfAssessmentRow>();
    for (const [quarter, rows] of group(selfAssessments.of(p), (r) => r.quarter_start)) {
      const chosen = chooseSubmission(rows);
      chosenSa.set(quarter, chosen);
      scoredSa.set(quarter, chosen.latest);
    }
    const rows = register.of(p);
    let contractStart = rows[0]!.contract_start;
    const branches = new Set<string>();
    for (const r of rows) {
      if (r.contract_start < contractStart) contractStart = r.contract_start;
      branches.add(r.branch_id);
    }
    return {
      provider_id: id,
      contractStart,
      firstScoreable: firstScoreableMonth(contractStart, firstMonth),
      branches: [...branches],
      returns: chosenReturns[p]!,
      monthReturns,
      selfAssessments: chosenSa,
      scoredSelfAssessments: scoredSa,
      sanctions: sanctions.of(p),
      offersByMonth: group(offers.of(p), (o) => monthOf(o.offered_at)),
      intelligence: intelligence.of(p),
      market: market.get(id) ?? noMarket,
    };
  };
  const branches = new Set(inputs.register.map((r) => r.branch_id));
  return {
    config,
    asOf,
    due: new DueDates(config),
    cqc: new CqcHistory(inputs.cqcRatings, branches),
    firstMonth,
    latestReturnPeriod: range.latest,
    providerIds,
    provider,
    monthEnd: cached(monthEndInstant),
    monthEndDate: cached(monthEndDate),
  };
}
