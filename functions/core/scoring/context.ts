// Indexes the curated inputs by provider once, so each provider-month is scored from its own
// small slices and never by scanning every row.
import { londonMonth, monthEndInstant } from '../time/london.ts';
import type { MethodConfig } from './config.ts';
import { CqcHistory } from './cqc-history.ts';
import { DueDates } from './due-dates.ts';
import type {
  IntelligenceRow,
  MonthlyReturnRow,
  OfferRow,
  SanctionRow,
  ScoringInputs,
  SelfAssessmentRow,
} from './inputs.ts';
import { maxMarketShares } from './market-share.ts';
import { firstScoreableMonth, lakeFirstMonth, returnPeriodRange } from './periods.ts';
import { type ReturnSums, sumReturns } from './return-sums.ts';
import { type Chosen, chooseSubmissions, scoredRows } from './supersession.ts';

export interface ProviderIndex {
  provider_id: string;
  /** The earliest contract_start in the register. */
  contractStart: string;
  firstScoreable: string;
  branches: string[];
  /** period → which monthly-return submissions count. */
  returns: Map<string, Chosen<MonthlyReturnRow>>;
  /** period → the scored submission's totals (only for the months in scope). */
  returnSums: Map<string, ReturnSums>;
  /** quarter_start → which self-assessment submissions count. */
  selfAssessments: Map<string, Chosen<SelfAssessmentRow>>;
  /** quarter_start → the scored (latest-received) self-assessment. */
  scoredSelfAssessments: Map<string, SelfAssessmentRow>;
  sanctions: SanctionRow[];
  offersByMonth: Map<string, OfferRow[]>;
  intelligence: IntelligenceRow[];
  /** month → largest cluster market share (null: data but no share); absent: no data. */
  marketShares: Map<string, number | null>;
}

export interface ScoringContext {
  config: MethodConfig;
  asOf: Date;
  due: DueDates;
  cqc: CqcHistory;
  firstMonth: string | null;
  latestReturnPeriod: string | null;
  providers: Map<string, ProviderIndex>;
  monthEnd: (period: string) => Date;
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

/** London month of an instant; offsets change on the hour, so one lookup per hour is exact. */
function londonMonthByHour(): (d: Date) => string {
  const byHour = new Map<number, string>();
  return (d) => {
    const hour = Math.floor(d.getTime() / 3_600_000);
    let month = byHour.get(hour);
    if (month === undefined) {
      month = londonMonth(new Date(hour * 3_600_000));
      byHour.set(hour, month);
    }
    return month;
  };
}

function cachedMonthEnd(): (period: string) => Date {
  const cache = new Map<string, Date>();
  return (period) => {
    let end = cache.get(period);
    if (!end) {
      end = monthEndInstant(period);
      cache.set(period, end);
    }
    return end;
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
  const registered = group(inputs.register, (r) => r.provider_id);
  // Only returns received by the as-of instant exist for this run.
  const asOfMs = asOf.getTime();
  const monthly = inputs.monthlyReturns.filter(
    (r) => registered.has(r.provider_id) && r.received_at.getTime() <= asOfMs,
  );
  const selfAssessments = inputs.selfAssessments.filter(
    (r) => registered.has(r.provider_id) && r.received_at.getTime() <= asOfMs,
  );
  const range = returnPeriodRange(new Set(monthly.map((r) => r.period)));
  const firstMonth = lakeFirstMonth(config, range);

  const inScope = scope ? monthly.filter((r) => scope.returns.has(r.period)) : monthly;
  const chosenReturns = chooseSubmissions(inScope, (r) => r.period);
  const sums = sumReturns(scoredRows(inScope, chosenReturns, (r) => r.period));
  const chosenSa = chooseSubmissions(selfAssessments, (r) => r.quarter_start);

  const monthOf = londonMonthByHour();
  const offers = group(inputs.offers, (o) => o.provider_id);
  const sanctions = group(inputs.sanctions, (s) => s.provider_id);
  const intelligence = group(inputs.intelligence, (r) => r.provider_id);
  const shares = maxMarketShares(inputs.commissionedHours, scope?.shares);

  const providers = new Map<string, ProviderIndex>();
  for (const [id, rows] of registered) {
    const selfAssessments = chosenSa.get(id) ?? new Map<string, Chosen<SelfAssessmentRow>>();
    let contractStart = rows[0]!.contract_start;
    for (const r of rows) if (r.contract_start < contractStart) contractStart = r.contract_start;
    providers.set(id, {
      provider_id: id,
      contractStart,
      firstScoreable: firstScoreableMonth(contractStart, firstMonth),
      branches: [...new Set(rows.map((r) => r.branch_id))],
      returns: chosenReturns.get(id) ?? new Map(),
      returnSums: sums.get(id) ?? new Map(),
      selfAssessments,
      scoredSelfAssessments: new Map([...selfAssessments].map(([q, c]) => [q, c.latest])),
      sanctions: sanctions.get(id) ?? [],
      offersByMonth: group(offers.get(id) ?? [], (o) => monthOf(o.offered_at)),
      intelligence: intelligence.get(id) ?? [],
      marketShares: shares.get(id) ?? new Map(),
    });
  }
  const branches = new Set(inputs.register.map((r) => r.branch_id));
  return {
    config,
    asOf,
    due: new DueDates(config),
    cqc: new CqcHistory(inputs.cqcRatings, branches),
    firstMonth,
    latestReturnPeriod: range.latest,
    providers,
    monthEnd: cachedMonthEnd(),
  };
}
