// The scoring engine: METHODOLOGY §1–§6 for every provider and month, as plain result rows.
// Two phases. First the sequential rules, provider by provider (which submission counts, when a
// return was due, the CQC rating in force, self-assessment and look-back windows): each gives a
// provider-month's facts and KPI figures, a row of the provider-month table (provider-months.ts).
// Then the table work, as Arquero verbs over that table: points from bands (kpi-points.ts),
// weighted area scores (area-scores.ts), limiters (limiters.ts), overall scores (overall.ts),
// Level 3 triggers (level3-triggers.ts), likelihood, the risk matrix and tiers (likelihood.ts);
// market shares and impact are rollups of their own (market-share.ts).

import * as aq from 'arquero';
import { parsePeriod } from '../period.ts';
import { addMonths } from '../time/london.ts';
import { deriveAreaScores } from './area-scores.ts';
import { isLateOrMissing, judgeTimeliness, type Timeliness } from './compliance.ts';
import { AREAS, type MethodConfig } from './config.ts';
import { buildContext, type MonthScope, type ProviderIndex, type ScoringContext } from './context.ts';
import { previousQuarterStart, quarterStartOf } from './due-dates.ts';
import { impact } from './impact.ts';
import type { ScoringInputs } from './inputs.ts';
import { derivePoints } from './kpi-points.ts';
import { selfAssessmentFor } from './kpis/self-assessment.ts';
import { computeKpi, type MonthFacts } from './kpis.ts';
import { deriveLevel3, intelligenceTriggers, level3Codes } from './level3-triggers.ts';
import { deriveLikelihood, FACTORS, factorCodes, historyFactors } from './likelihood.ts';
import {
  areaLimiterCodes,
  deriveLimiters,
  hasWarningNotice,
  type LimiterCode,
  missedCallsPersistent,
} from './limiters.ts';
import { intensity, maturity } from './maturity.ts';
import { deriveOverall } from './overall.ts';
import { isScoreable, monthRange, providerPeriods } from './periods.ts';
import { col } from './provider-months.ts';
import { listText, roundScore, roundValue } from './publish.ts';
import type {
  RatingOrNotScored,
  RiskMatrixRow,
  ScorecardRow,
  ScoringResults,
  SubmissionComplianceRow,
} from './results.ts';
import { maxActiveLevel } from './sanctions.ts';

export interface ScoreOptions {
  /** The instant the run judges "received", "due" and "missing" at. */
  asOf: Date;
  /** Months to publish ('YYYY-MM'); by default every scoreable month up to the latest return period. */
  periods?: string[];
  /** The method to score by; its version is stamped on every result row. */
  method: MethodConfig;
  /**
   * The quarters (by first month) whose self-assessment compliance rows to give; by default the
   * requested months, or every quarter with a row when none are requested. A run that scores a
   * lake's months in parts gives each part its own, so every quarter's row is given once.
   */
  complianceQuarters?: (quarter: string) => boolean;
}

/**
 * A provider-month's facts. The CQC rating and the self-assessment due are looked up when first
 * read: a look-back month that is not published needs only the one KPI its limiter asks for.
 */
class ProviderMonthFacts implements MonthFacts {
  readonly sums: MonthFacts['sums'];
  readonly selfAssessment: MonthFacts['selfAssessment'];
  readonly intelligence: MonthFacts['intelligence'];
  readonly offers: MonthFacts['offers'];
  readonly monthlyReturn: Timeliness;
  private worst?: MonthFacts['worstCqc'];
  private saDue?: Timeliness | null;

  constructor(
    private readonly scorer: ProviderScorer,
    readonly period: string,
  ) {
    const { p, ctx } = scorer;
    this.sums = p.monthReturns.get(period) ?? null;
    this.selfAssessment = selfAssessmentFor(period, p.scoredSelfAssessments, ctx.config);
    this.intelligence = p.intelligence;
    this.offers = p.offersByMonth.get(period) ?? [];
    this.monthlyReturn = scorer.monthlyTimeliness(period);
  }

  get worstCqc(): MonthFacts['worstCqc'] {
    if (this.worst === undefined) {
      const { p, ctx } = this.scorer;
      this.worst = ctx.cqc.worstOn(p.branches, ctx.monthEndDate(this.period));
    }
    return this.worst;
  }

  get selfAssessmentDue(): Timeliness | null {
    if (this.saDue === undefined) this.saDue = this.scorer.latestDueSelfAssessment(this.period);
    return this.saDue;
  }
}

/** One provider's sequential rules: submissions, due dates and timeliness, month by month. */
class ProviderScorer {
  private readonly timeliness = new Map<string, Timeliness>();
  readonly firstQuarter: string;

  constructor(
    readonly ctx: ScoringContext,
    readonly p: ProviderIndex,
    private readonly dueQuarters: (firstQuarter: string) => readonly string[],
  ) {
    this.firstQuarter = quarterStartOf(p.firstScoreable, ctx.config);
  }

  monthlyTimeliness(period: string): Timeliness {
    let t = this.timeliness.get(period);
    if (!t) {
      t = judgeTimeliness(
        this.ctx.due.monthlyReturn(period),
        this.p.returns.get(period)?.first ?? null,
        this.ctx.asOf,
      );
      this.timeliness.set(period, t);
    }
    return t;
  }

  quarterTimeliness(quarter: string): Timeliness {
    const first = this.p.selfAssessments.get(quarter)?.first ?? null;
    return judgeTimeliness(this.ctx.due.selfAssessment(quarter), first, this.ctx.asOf);
  }

  /** R02's quarter: the latest, from the first scored month's quarter, due by month end. */
  latestDueSelfAssessment(period: string): Timeliness | null {
    const end = this.ctx.monthEnd(period).getTime();
    for (
      let q = quarterStartOf(period, this.ctx.config);
      q >= this.firstQuarter;
      q = previousQuarterStart(q, this.ctx.config)
    )
      if (this.ctx.due.selfAssessment(q).getTime() <= end) return this.quarterTimeliness(q);
    return null;
  }

  facts(period: string): MonthFacts {
    return new ProviderMonthFacts(this, period);
  }

  /** Self-assessment quarters with a compliance row: due by the as-of instant or received. */
  complianceQuarters(): readonly string[] {
    const due = this.dueQuarters(this.firstQuarter);
    const received = [...this.p.selfAssessments.keys()].filter(
      (q) => q >= this.firstQuarter && !due.includes(q),
    );
    return received.length === 0 ? due : [...due, ...received].sort();
  }
}

/** The quarters from `firstQuarter` whose self-assessment is due by the as-of instant. */
function quartersDue(firstQuarter: string, ctx: ScoringContext): string[] {
  const { config, asOf, due } = ctx;
  const quarters: string[] = [];
  for (
    let q = firstQuarter;
    due.selfAssessment(q).getTime() <= asOf.getTime();
    q = nextQuarterStart(q, config)
  )
    quarters.push(q);
  return quarters;
}

function nextQuarterStart(quarter: string, config: MethodConfig): string {
  let m = addMonths(quarter, 1);
  while (quarterStartOf(m, config) === quarter) m = addMonths(m, 1);
  return m;
}

/** The published months, and the earlier months their history rules look back to. */
function monthScope(requested: readonly string[], config: MethodConfig): MonthScope {
  const lookback =
    config.likelihood.factors.F6_DECLINE.months_back + config.limiters.MISSED_CALLS_PERSISTENT.months - 1;
  const returns = new Set<string>();
  for (const p of requested) for (const m of monthRange(addMonths(p, -lookback), p)) returns.add(m);
  return { returns, shares: new Set(requested) };
}

/** A row of the provider-month table, with what the output needs beside the table's columns. */
interface MonthRow {
  scorer: ProviderScorer;
  period: string;
  published: boolean;
  /** The month's monthly-return timeliness (its compliance row). */
  monthlyReturn: Timeliness;
}

/**
 * Phase 1: the provider-month table's rows. Per provider, the published months first, then the
 * months the history rules look back to: F6's month (every KPI) and the persistent-missed-calls
 * months (that one KPI only).
 */
function providerMonthTable(
  ctx: ScoringContext,
  providerIds: readonly string[],
  requested: readonly string[] | undefined,
  dueQuartersFrom: (first: string) => readonly string[],
): { rows: MonthRow[]; table: aq.ColumnTable; scorers: ProviderScorer[] } {
  const { config } = ctx;
  const missed = config.limiters.MISSED_CALLS_PERSISTENT;
  const monthsBack = config.likelihood.factors.F6_DECLINE.months_back;
  const rows: MonthRow[] = [];
  const scorers: ProviderScorer[] = [];
  const c: Record<string, unknown[]> = {};
  const column = (name: string) => {
    c[name] = [];
    return c[name];
  };
  const kpiColumns = config.kpis.map((k) => ({
    kpi: k,
    n: column(col.numerator(k.id)),
    d: column(col.denominator(k.id)),
    v: column(col.value(k.id)),
    r: column(col.rulePoints(k.id)),
  }));
  const [row, back, worst, warning, sanction, f3, f4, f5, imp] = [
    'row',
    'back',
    'worst_cqc',
    'cqc_warning',
    'sanction_level',
    'F3_SAFEGUARDING',
    'F4_EPISODES',
    'F5_RETURNS',
    'impact',
  ].map(column) as [
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
  ];
  const intel = config.level3_triggers.map((_, i) => column(`l3_intel_${i}`));
  const missedPoints: number[][] = [];
  const missedKpi = config.kpis.findIndex((k) => k.id === missed.kpi);

  for (const id of providerIds) {
    const scorer = new ProviderScorer(ctx, ctx.provider(id)!, dueQuartersFrom);
    scorers.push(scorer);
    const { p } = scorer;
    const published = providerPeriods(p.firstScoreable, requested, ctx.latestReturnPeriod);
    const core = new Set(published);
    for (const m of published) {
      const b = addMonths(m, -monthsBack);
      if (isScoreable(b, p.firstScoreable)) core.add(b);
    }
    const window = (m: string) =>
      monthRange(addMonths(m, -(missed.months - 1)), m).filter((x) => isScoreable(x, p.firstScoreable));
    const lookedBack = new Set<string>();
    for (const m of core) for (const x of window(m)) if (!core.has(x)) lookedBack.add(x);
    const months = [...core, ...[...lookedBack].sort()];
    const rowOf = new Map<string, number>();
    for (const m of months) rowOf.set(m, rows.length + rowOf.size);
    for (const period of months) {
      const isCore = core.has(period);
      const isPublished = isCore && published.includes(period);
      const facts = scorer.facts(period);
      const r = rows.length;
      rows.push({ scorer, period, published: isPublished, monthlyReturn: facts.monthlyReturn });
      row.push(r);
      kpiColumns.forEach((k, i) => {
        const result = isCore || i === missedKpi ? computeKpi(k.kpi, facts, config) : null;
        k.n.push(result?.numerator ?? null);
        k.d.push(result?.denominator ?? null);
        k.v.push(result?.value ?? null);
        k.r.push(result?.points ?? null);
      });
      missedPoints.push(isCore ? window(period).map((x) => rowOf.get(x)!) : []);
      worst.push(isCore ? facts.worstCqc : null);
      warning.push(isCore && hasWarningNotice(p.intelligence, period, config));
      const b = addMonths(period, -monthsBack);
      back.push(isPublished && isScoreable(b, p.firstScoreable) ? rowOf.get(b)! : -1);
      if (isPublished) {
        sanction.push(maxActiveLevel(p.sanctions, ctx.monthEndDate(period)));
        const h = historyFactors(
          {
            period,
            sanctions: p.sanctions,
            intelligence: p.intelligence,
            returnLateOrMissing: (m) =>
              isScoreable(m, p.firstScoreable) ? isLateOrMissing(scorer.monthlyTimeliness(m)) : null,
          },
          config,
        );
        f3.push(h.F3_SAFEGUARDING);
        f4.push(h.F4_EPISODES);
        f5.push(h.F5_RETURNS);
        imp.push((p.market.get(period) ?? impact(null, config)).impact);
        intelligenceTriggers(period, p.intelligence, config).forEach((held, i) => {
          intel[i]!.push(held);
        });
      } else {
        for (const x of [sanction, f3, f4, f5, imp, ...intel]) x.push(null);
      }
    }
  }
  // The persistent-missed-calls look-back reads the points derived for the months it spans.
  let table = derivePoints(aq.table(c), config);
  const points = table.column(col.points(missed.kpi)) as unknown as ArrayLike<number | null>;
  table = table.assign({
    missed_persistent: missedPoints.map((window, r) =>
      rows[r]!.published || window.length > 0
        ? missedCallsPersistent(
            window.map((w) => points[w] ?? null),
            config,
          )
        : null,
    ),
  });
  return { rows, table, scorers };
}

export function scoreProviders(inputs: ScoringInputs, options: ScoreOptions): ScoringResults {
  const config = options.method;
  const version = config.method_version;
  let requested: string[] | undefined;
  if (options.periods) {
    for (const p of options.periods) parsePeriod(p);
    requested = [...new Set(options.periods)].sort();
  }
  const ctx = buildContext(inputs, options.asOf, config, requested && monthScope(requested, config));
  const asked = new Set(requested);
  const complianceFor = options.complianceQuarters ?? ((q: string) => !requested || asked.has(q));
  const results: ScoringResults = {
    method_version: version,
    kpiScores: [],
    areaScores: [],
    scorecards: [],
    riskMatrix: [],
    submissionCompliance: [],
  };
  // Providers share a handful of first quarters: their due quarters are listed once each.
  const dueQuarters = new Map<string, string[]>();
  const dueQuartersFrom = (first: string) => {
    let list = dueQuarters.get(first);
    if (!list) {
      list = quartersDue(first, ctx);
      dueQuarters.set(first, list);
    }
    return list;
  };
  // Providers are scored in batches: a provider's rows refer only to its own rows, and a batch's
  // table, dropped once its rows are out, keeps the run's memory (and garbage collection) small.
  const providerIds = [...ctx.providerIds].sort();
  for (let i = 0; i < providerIds.length; i += BATCH) {
    const batch = providerIds.slice(i, i + BATCH);
    publishBatch(results, providerMonthTable(ctx, batch, requested, dueQuartersFrom), ctx, complianceFor);
  }
  return results;
}

/** Providers per provider-month table. */
const BATCH = 2000;

/** Phase 2, the table work, and the batch's result rows. */
function publishBatch(
  results: ScoringResults,
  { rows, table, scorers }: { rows: MonthRow[]; table: aq.ColumnTable; scorers: ProviderScorer[] },
  ctx: ScoringContext,
  complianceFor: (quarter: string) => boolean,
): void {
  const { config } = ctx;
  const version = config.method_version;
  let t = deriveAreaScores(table, config);
  t = deriveLimiters(t, config);
  t = deriveOverall(t, config);
  t = deriveLevel3(t, config);
  t = deriveLikelihood(t, config);

  // The table is neither filtered nor ordered: a column's data is indexed by row as it is.
  const get = <T>(name: string) => t.column(name) as unknown as ArrayLike<T>;
  const kpiCols = config.kpis.map((k) => ({
    k,
    n: get<number | null>(col.numerator(k.id)),
    d: get<number | null>(col.denominator(k.id)),
    v: get<number | null>(col.value(k.id)),
    p: get<number | null>(col.points(k.id)),
  }));
  const areaCols = AREAS.map((area) => ({
    area,
    score: get<number | null>(col.score(area)),
    effective: get<number | null>(col.effective(area)),
    rating: get<RatingOrNotScored>(col.rating(area)),
    final: get<RatingOrNotScored>(col.final(area)),
  }));
  const limiterCols = new Map<string, ArrayLike<boolean>>();
  const holds = (code: LimiterCode, r: number) => {
    let c = limiterCols.get(code);
    if (!c) {
      c = get<boolean>(col.limiter(code));
      limiterCols.set(code, c);
    }
    return c[r] === true;
  };
  const level3 = config.level3_triggers.map((_, i) => get<boolean>(col.level3(i)));
  const factorCols = Object.fromEntries(FACTORS.map((f) => [f, get<boolean>(f)])) as Record<
    (typeof FACTORS)[number],
    ArrayLike<boolean>
  >;
  const o = {
    score: get<number | null>('overall_score'),
    rating: get<RatingOrNotScored>('overall_rating'),
    before: get<RatingOrNotScored>('overall_before_cap'),
    capped: get<boolean>('overall_capped'),
    worst: get<ScorecardRow['worst_cqc_rating']>('worst_cqc'),
    likelihood: get<number>('likelihood'),
    base: get<number>('likelihood_base'),
    override: get<boolean>('l3_override'),
    impact: get<number>('impact'),
    riskScore: get<number>('risk_score'),
    tier: get<RiskMatrixRow['risk_tier']>('risk_tier'),
  };

  let next = 0;
  for (const scorer of scorers) {
    const { p } = scorer;
    const id = p.provider_id;
    for (; next < rows.length && rows[next]!.scorer === scorer; next++) {
      const r = next;
      const { period, published, monthlyReturn } = rows[r]!;
      if (!published) continue;
      for (const { k, n, d, v, p: pts } of kpiCols)
        results.kpiScores.push({
          provider_id: id,
          period,
          kpi_id: k.id,
          kpi_name: k.name,
          area: k.area,
          numerator: n[r] ?? null,
          denominator: d[r] ?? null,
          value: roundValue(v[r] ?? null),
          points: pts[r] ?? null,
          weight: k.weight,
          method_version: version,
        });
      const ratings: Record<string, ScorecardRow['quality_rating']> = {};
      for (const a of areaCols) {
        const score = a.score[r] ?? null;
        ratings[a.area] = a.final[r]!;
        results.areaScores.push({
          provider_id: id,
          period,
          area: a.area,
          score: roundScore(score),
          effective_score: roundScore(a.effective[r] ?? null),
          rating: a.final[r]!,
          rating_before_limiters: a.rating[r]!,
          limiters: listText(areaLimiterCodes(a.area, score !== null, (c) => holds(c, r), config)),
          method_version: version,
        });
      }
      const triggers = level3Codes((i) => level3[i]![r] === true, config);
      results.scorecards.push({
        provider_id: id,
        period,
        overall_score: roundScore(o.score[r] ?? null),
        overall_rating: o.rating[r]!,
        overall_rating_before_cap: o.before[r]!,
        quality_rating: ratings.quality!,
        cost_flex_rating: ratings.cost_flex!,
        delivery_rating: ratings.delivery!,
        relationship_rating: ratings.relationship!,
        workforce_rating: ratings.workforce!,
        overall_limiters: o.capped[r] ? config.overall.cap_code : '',
        level3_triggers: listText(triggers),
        worst_cqc_rating: o.worst[r] ?? null,
        method_version: version,
      });
      const market = p.market.get(period);
      const tier = o.tier[r]!;
      const mat = maturity(p.contractStart, period, config);
      results.riskMatrix.push({
        provider_id: id,
        period,
        likelihood: o.likelihood[r]!,
        likelihood_base: o.base[r]!,
        impact: o.impact[r]!,
        risk_score: o.riskScore[r]!,
        risk_tier: tier,
        factors: listText(factorCodes((f) => factorCols[f][r] === true, o.override[r] === true, config)),
        impact_basis: market?.basis ?? 'unknown',
        max_market_share: market?.basis === 'market_share' ? roundValue(market.maxShare) : null,
        maturity: mat.stage,
        maturity_months: mat.months,
        intensity: intensity(tier, mat.floor),
        method_version: version,
      });
      const tm = monthlyReturn;
      if (tm.status !== 'not_due')
        results.submissionCompliance.push(complianceRow(id, period, 'monthly-return', tm, version));
    }
    for (const q of scorer.complianceQuarters()) {
      if (!complianceFor(q)) continue;
      const tq = scorer.quarterTimeliness(q);
      if (tq.status !== 'not_due')
        results.submissionCompliance.push(complianceRow(id, q, 'self-assessment', tq, version));
    }
  }
}

function complianceRow(
  provider_id: string,
  period: string,
  return_type: SubmissionComplianceRow['return_type'],
  t: Timeliness,
  method_version: string,
): SubmissionComplianceRow {
  return {
    provider_id,
    period,
    return_type,
    due_at: t.due_at,
    received_at: t.first?.received_at ?? null,
    status: t.status as SubmissionComplianceRow['status'],
    days_late: t.days_late,
    submission_id: t.first?.submission_id ?? null,
    method_version,
  };
}
