// The scoring engine: METHODOLOGY §1–§6 for every provider and month, as plain result rows.

import { parsePeriod } from '../period.ts';
import { addMonths } from '../time/london.ts';
import { scoreAreas } from './area-scores.ts';
import { isLateOrMissing, judgeTimeliness, type Timeliness } from './compliance.ts';
import type { MethodConfig } from './config.ts';
import { buildContext, type MonthScope, type ProviderIndex, type ScoringContext } from './context.ts';
import { previousQuarterStart, quarterStartOf } from './due-dates.ts';
import { impact } from './impact.ts';
import type { ScoringInputs } from './inputs.ts';
import type { KpiResult } from './kpis/kpi-result.ts';
import { selfAssessmentFor } from './kpis/self-assessment.ts';
import { computeKpi, computeKpis, type MonthFacts } from './kpis.ts';
import { level3Triggers } from './level3-triggers.ts';
import { likelihood } from './likelihood.ts';
import { applyLimiters, type LimitedArea } from './limiters.ts';
import { intensity, maturity } from './maturity.ts';
import { type Overall, overall } from './overall.ts';
import { isScoreable, monthRange, providerPeriods } from './periods.ts';
import { listText, roundScore, roundValue } from './publish.ts';
import type {
  AreaScoreRow,
  RiskMatrixRow,
  ScorecardRow,
  ScoringResults,
  SubmissionComplianceRow,
} from './results.ts';
import { riskTier } from './risk-tier.ts';
import { maxActiveLevel } from './sanctions.ts';

export interface ScoreOptions {
  /** The instant the run judges "received", "due" and "missing" at. */
  asOf: Date;
  /** Months to publish ('YYYY-MM'); by default every scoreable month up to the latest return period. */
  periods?: string[];
  /** The method to score by; its version is stamped on every result row. */
  method: MethodConfig;
}

interface MonthCore {
  /** In catalogue order (config.kpis). */
  kpis: KpiResult[];
  areas: LimitedArea[];
  overall: Overall;
  triggers: string[];
  facts: MonthFacts;
}

/** What has been worked out for one provider-month so far. */
interface MonthMemo {
  timeliness?: Timeliness;
  facts?: MonthFacts;
  kpis?: KpiResult[];
  core?: MonthCore;
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

/** One provider's months, each computed once: history rules look back at earlier months. */
class ProviderScorer {
  private readonly months = new Map<string, MonthMemo>();
  private readonly firstQuarter: string;

  constructor(
    readonly ctx: ScoringContext,
    readonly p: ProviderIndex,
    private readonly dueQuarters: (firstQuarter: string) => readonly string[],
  ) {
    this.firstQuarter = quarterStartOf(p.firstScoreable, ctx.config);
  }

  private memo(period: string): MonthMemo {
    let m = this.months.get(period);
    if (!m) {
      m = {};
      this.months.set(period, m);
    }
    return m;
  }

  monthlyTimeliness(period: string): Timeliness {
    const m = this.memo(period);
    m.timeliness ??= judgeTimeliness(
      this.ctx.due.monthlyReturn(period),
      this.p.returns.get(period)?.first ?? null,
      this.ctx.asOf,
    );
    return m.timeliness;
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

  private factsAt(period: string): MonthFacts {
    const m = this.memo(period);
    m.facts ??= new ProviderMonthFacts(this, period);
    return m.facts;
  }

  private kpisAt(period: string): KpiResult[] {
    const m = this.memo(period);
    m.kpis ??= computeKpis(this.factsAt(period), this.ctx.config);
    return m.kpis;
  }

  private pointsAt(period: string, kpiId: string): number | null {
    if (!isScoreable(period, this.p.firstScoreable)) return null;
    const kpis = this.months.get(period)?.kpis;
    if (kpis) return kpis.find((k) => k.kpi.id === kpiId)?.points ?? null;
    // A look-back month that is not itself published needs this one KPI, not the catalogue.
    const { config } = this.ctx;
    const kpi = config.kpis.find((k) => k.id === kpiId);
    return kpi ? computeKpi(kpi, this.factsAt(period), config).points : null;
  }

  core(period: string): MonthCore {
    const m = this.memo(period);
    if (!m.core) {
      const { config } = this.ctx;
      const kpis = this.kpisAt(period);
      const facts = this.factsAt(period);
      const missed = config.limiters.MISSED_CALLS_PERSISTENT;
      const missedCallsPoints = monthRange(addMonths(period, -(missed.months - 1)), period).map((month) =>
        this.pointsAt(month, missed.kpi),
      );
      const areas = applyLimiters(
        scoreAreas(kpis, config),
        { period, worstCqc: facts.worstCqc, intelligence: this.p.intelligence, kpis, missedCallsPoints },
        config,
      );
      m.core = {
        kpis,
        areas,
        overall: overall(areas, config),
        triggers: level3Triggers(period, areas, this.p.intelligence, config),
        facts,
      };
    }
    return m.core;
  }

  risk(period: string, core: MonthCore): RiskMatrixRow {
    const { config } = this.ctx;
    const l = likelihood(
      {
        period,
        overallRating: core.overall.rating,
        worstCqc: core.facts.worstCqc,
        maxActiveSanctionLevel: maxActiveLevel(this.p.sanctions, this.ctx.monthEndDate(period)),
        sanctions: this.p.sanctions,
        intelligence: this.p.intelligence,
        level3Triggers: core.triggers,
        returnLateOrMissing: (m) =>
          isScoreable(m, this.p.firstScoreable) ? isLateOrMissing(this.monthlyTimeliness(m)) : null,
        overallScoreAt: (m) => (isScoreable(m, this.p.firstScoreable) ? this.core(m).overall.score : null),
      },
      config,
    );
    const i = this.p.market.get(period) ?? { ...impact(null, config), maxShare: null };
    const score = l.likelihood * i.impact;
    const tier = riskTier(score, config);
    const mat = maturity(this.p.contractStart, period, config);
    return {
      provider_id: this.p.provider_id,
      period,
      likelihood: l.likelihood,
      likelihood_base: l.base,
      impact: i.impact,
      risk_score: score,
      risk_tier: tier,
      factors: listText(l.factors),
      impact_basis: i.basis,
      max_market_share: i.basis === 'market_share' ? roundValue(i.maxShare) : null,
      maturity: mat.stage,
      maturity_months: mat.months,
      intensity: intensity(tier, mat.floor),
      method_version: config.method_version,
    };
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

export function scoreProviders(inputs: ScoringInputs, options: ScoreOptions): ScoringResults {
  const config = options.method;
  const version = config.method_version;
  let requested: string[] | undefined;
  if (options.periods) {
    for (const p of options.periods) parsePeriod(p);
    requested = [...new Set(options.periods)].sort();
  }
  const ctx = buildContext(inputs, options.asOf, config, requested && monthScope(requested, config));
  const results: ScoringResults = {
    method_version: version,
    kpiScores: [],
    areaScores: [],
    scorecards: [],
    riskMatrix: [],
    submissionCompliance: [],
  };
  // The catalogue's published columns, read once: KPI configs differ in shape from kind to kind.
  const catalogue = config.kpis.map(({ id, name, area, weight }) => ({ id, name, area, weight }));
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
  const providerIds = [...ctx.providerIds].sort();
  for (const id of providerIds) {
    const scorer = new ProviderScorer(ctx, ctx.provider(id)!, dueQuartersFrom);
    for (const period of providerPeriods(scorer.p.firstScoreable, requested, ctx.latestReturnPeriod)) {
      const core = scorer.core(period);
      for (let i = 0; i < core.kpis.length; i++) {
        const k = core.kpis[i]!;
        const c = catalogue[i]!;
        results.kpiScores.push({
          provider_id: id,
          period,
          kpi_id: c.id,
          kpi_name: c.name,
          area: c.area,
          numerator: k.numerator,
          denominator: k.denominator,
          value: roundValue(k.value),
          points: k.points,
          weight: c.weight,
          method_version: version,
        });
      }
      const ratings: Record<string, ScorecardRow['quality_rating']> = {};
      for (const a of core.areas) {
        ratings[a.area] = a.finalRating;
        results.areaScores.push({
          provider_id: id,
          period,
          area: a.area,
          score: roundScore(a.score),
          effective_score: roundScore(a.effectiveScore),
          rating: a.finalRating,
          rating_before_limiters: a.rating,
          limiters: listText(a.limiters),
          method_version: version,
        } satisfies AreaScoreRow);
      }
      results.scorecards.push({
        provider_id: id,
        period,
        overall_score: roundScore(core.overall.score),
        overall_rating: core.overall.rating,
        overall_rating_before_cap: core.overall.ratingBeforeCap,
        quality_rating: ratings.quality!,
        cost_flex_rating: ratings.cost_flex!,
        delivery_rating: ratings.delivery!,
        relationship_rating: ratings.relationship!,
        workforce_rating: ratings.workforce!,
        overall_limiters: listText(core.overall.limiters),
        level3_triggers: listText(core.triggers),
        worst_cqc_rating: core.facts.worstCqc,
        method_version: version,
      });
      results.riskMatrix.push(scorer.risk(period, core));
      const t = core.facts.monthlyReturn;
      if (t.status !== 'not_due')
        results.submissionCompliance.push(complianceRow(id, period, 'monthly-return', t, version));
    }
    for (const q of scorer.complianceQuarters()) {
      if (requested && !requested.includes(q)) continue;
      const t = scorer.quarterTimeliness(q);
      if (t.status !== 'not_due')
        results.submissionCompliance.push(complianceRow(id, q, 'self-assessment', t, version));
    }
  }
  return results;
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
