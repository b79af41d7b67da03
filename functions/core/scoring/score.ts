// The scoring engine: METHODOLOGY §1–§6 for every provider and month, as plain result rows.
import { addMonths, monthEndDate } from '../time/london.ts';
import { scoreAreas } from './area-scores.ts';
import { isLateOrMissing, judgeTimeliness, type Timeliness } from './compliance.ts';
import { defaultMethodConfig, type MethodConfig } from './config.ts';
import { buildContext, type MonthScope, type ProviderIndex, type ScoringContext } from './context.ts';
import { previousQuarterStart, quarterStartOf } from './due-dates.ts';
import { impact } from './impact.ts';
import type { ScoringInputs } from './inputs.ts';
import type { KpiResult } from './kpis/kpi-result.ts';
import { selfAssessmentFor } from './kpis/self-assessment.ts';
import { computeKpis, type MonthFacts } from './kpis.ts';
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
  config?: MethodConfig;
}

export class InvalidPeriodError extends Error {
  constructor(readonly period: string) {
    super(`Period "${period}" is not a month in the form YYYY-MM.`);
    this.name = 'InvalidPeriodError';
  }
}

interface MonthCore {
  kpis: KpiResult[];
  areas: LimitedArea[];
  overall: Overall;
  triggers: string[];
  facts: MonthFacts;
}

/** One provider's months, each computed once: history rules look back at earlier months. */
class ProviderScorer {
  private readonly kpiMemo = new Map<string, { facts: MonthFacts; kpis: KpiResult[] }>();
  private readonly coreMemo = new Map<string, MonthCore>();
  private readonly firstQuarter: string;

  constructor(
    private readonly ctx: ScoringContext,
    readonly p: ProviderIndex,
  ) {
    this.firstQuarter = quarterStartOf(p.firstScoreable, ctx.config);
  }

  monthlyTimeliness(period: string): Timeliness {
    return judgeTimeliness(
      this.ctx.due.monthlyReturn(period),
      this.p.returns.get(period)?.first ?? null,
      this.ctx.asOf,
    );
  }

  quarterTimeliness(quarter: string): Timeliness {
    const first = this.p.selfAssessments.get(quarter)?.first ?? null;
    return judgeTimeliness(this.ctx.due.selfAssessment(quarter), first, this.ctx.asOf);
  }

  /** R02's quarter: the latest, from the first scored month's quarter, due by month end. */
  private latestDueSelfAssessment(period: string): Timeliness | null {
    const end = this.ctx.monthEnd(period).getTime();
    for (
      let q = quarterStartOf(period, this.ctx.config);
      q >= this.firstQuarter;
      q = previousQuarterStart(q, this.ctx.config)
    )
      if (this.ctx.due.selfAssessment(q).getTime() <= end) return this.quarterTimeliness(q);
    return null;
  }

  private kpisAt(period: string): { facts: MonthFacts; kpis: KpiResult[] } {
    let memo = this.kpiMemo.get(period);
    if (!memo) {
      const { config, cqc } = this.ctx;
      const facts: MonthFacts = {
        period,
        sums: this.p.returnSums.get(period) ?? null,
        selfAssessment: selfAssessmentFor(period, this.p.scoredSelfAssessments, config),
        worstCqc: cqc.worstOn(this.p.branches, monthEndDate(period)),
        intelligence: this.p.intelligence,
        offers: this.p.offersByMonth.get(period) ?? [],
        monthlyReturn: this.monthlyTimeliness(period),
        selfAssessmentDue: this.latestDueSelfAssessment(period),
      };
      memo = { facts, kpis: computeKpis(facts, config) };
      this.kpiMemo.set(period, memo);
    }
    return memo;
  }

  private pointsAt(period: string, kpiId: string): number | null {
    if (!isScoreable(period, this.p.firstScoreable)) return null;
    return this.kpisAt(period).kpis.find((k) => k.kpi.id === kpiId)?.points ?? null;
  }

  core(period: string): MonthCore {
    let core = this.coreMemo.get(period);
    if (!core) {
      const { config } = this.ctx;
      const { facts, kpis } = this.kpisAt(period);
      const missed = config.limiters.MISSED_CALLS_PERSISTENT;
      const missedCallsPoints = monthRange(addMonths(period, -(missed.months - 1)), period).map((m) =>
        this.pointsAt(m, missed.kpi),
      );
      const areas = applyLimiters(
        scoreAreas(kpis, config),
        { period, worstCqc: facts.worstCqc, intelligence: this.p.intelligence, kpis, missedCallsPoints },
        config,
      );
      core = {
        kpis,
        areas,
        overall: overall(areas, config),
        triggers: level3Triggers(period, areas, this.p.intelligence, config),
        facts,
      };
      this.coreMemo.set(period, core);
    }
    return core;
  }

  risk(period: string, core: MonthCore): Omit<RiskMatrixRow, 'provider_id' | 'period' | 'method_version'> {
    const { config } = this.ctx;
    const l = likelihood(
      {
        period,
        overallRating: core.overall.rating,
        worstCqc: core.facts.worstCqc,
        maxActiveSanctionLevel: maxActiveLevel(this.p.sanctions, monthEndDate(period)),
        sanctions: this.p.sanctions,
        intelligence: this.p.intelligence,
        level3Triggers: core.triggers,
        returnLateOrMissing: (m) =>
          isScoreable(m, this.p.firstScoreable) ? isLateOrMissing(this.monthlyTimeliness(m)) : null,
        overallScoreAt: (m) => (isScoreable(m, this.p.firstScoreable) ? this.core(m).overall.score : null),
      },
      config,
    );
    const share = this.p.marketShares.get(period) ?? null;
    const i = impact(share, config);
    const score = l.likelihood * i.impact;
    const tier = riskTier(score, config);
    const mat = maturity(this.p.contractStart, period, config);
    return {
      likelihood: l.likelihood,
      likelihood_base: l.base,
      impact: i.impact,
      risk_score: score,
      risk_tier: tier,
      factors: listText(l.factors),
      impact_basis: i.basis,
      max_market_share: i.basis === 'market_share' ? roundValue(share) : null,
      maturity: mat.stage,
      maturity_months: mat.months,
      intensity: intensity(tier, mat.floor),
    };
  }

  /** Self-assessment quarters with a compliance row: due by the as-of instant or received. */
  complianceQuarters(): string[] {
    const { config, asOf, due } = this.ctx;
    const quarters = new Set<string>();
    for (
      let q = this.firstQuarter;
      due.selfAssessment(q).getTime() <= asOf.getTime();
      q = nextQuarterStart(q, config)
    )
      quarters.add(q);
    for (const q of this.p.selfAssessments.keys()) if (q >= this.firstQuarter) quarters.add(q);
    return [...quarters].sort();
  }
}

function nextQuarterStart(quarter: string, config: MethodConfig): string {
  let m = addMonths(quarter, 1);
  while (quarterStartOf(m, config) === quarter) m = addMonths(m, 1);
  return m;
}

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The published months, and the earlier months their history rules look back to. */
function monthScope(requested: readonly string[], config: MethodConfig): MonthScope {
  const lookback =
    config.likelihood.factors.F6_DECLINE.months_back + config.limiters.MISSED_CALLS_PERSISTENT.months - 1;
  const returns = new Set<string>();
  for (const p of requested) for (const m of monthRange(addMonths(p, -lookback), p)) returns.add(m);
  return { returns, shares: new Set(requested) };
}

export function scoreProviders(inputs: ScoringInputs, options: ScoreOptions): ScoringResults {
  const config = options.config ?? defaultMethodConfig;
  const version = config.method_version;
  let requested: string[] | undefined;
  if (options.periods) {
    for (const p of options.periods) if (!PERIOD_RE.test(p)) throw new InvalidPeriodError(p);
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
  const providerIds = [...ctx.providers.keys()].sort();
  for (const id of providerIds) {
    const scorer = new ProviderScorer(ctx, ctx.providers.get(id)!);
    for (const period of providerPeriods(scorer.p.firstScoreable, requested, ctx.latestReturnPeriod)) {
      const core = scorer.core(period);
      for (const k of core.kpis)
        results.kpiScores.push({
          provider_id: id,
          period,
          kpi_id: k.kpi.id,
          kpi_name: k.kpi.name,
          area: k.kpi.area,
          numerator: k.numerator,
          denominator: k.denominator,
          value: roundValue(k.value),
          points: k.points,
          weight: k.kpi.weight,
          method_version: version,
        });
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
      results.riskMatrix.push({
        provider_id: id,
        period,
        ...scorer.risk(period, core),
        method_version: version,
      });
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
