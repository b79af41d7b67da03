// METHODOLOGY §3 limiters and §8 '"Otherwise" is literal': conditions that cap an area's rating
// (and its effective score), recorded by code whenever they hold on a scored area.

import type { AreaScore } from './area-scores.ts';
import type { Area, MethodConfig, Rating } from './config.ts';
import type { IntelligenceRow } from './inputs.ts';
import { countsAsConcern } from './intelligence.ts';
import type { KpiResult } from './kpis/kpi-result.ts';
import { dateInMonthsEnding } from './periods.ts';
import { worseRating } from './rating-bands.ts';
import type { RatingOrNotScored } from './results.ts';

export interface LimiterFacts {
  period: string;
  worstCqc: Rating | null;
  intelligence: readonly IntelligenceRow[];
  kpis: readonly KpiResult[];
  /** Points of the persistent-missed-calls KPI for each of the months ending m (null: not scored). */
  missedCallsPoints: readonly (number | null)[];
}

export interface LimitedArea extends AreaScore {
  effectiveScore: number | null;
  /** The rating after limiters. */
  finalRating: RatingOrNotScored;
  limiters: string[];
}

type Cap = 'Inadequate' | 'Requires improvement';

/** A CQC warning notice dated in the configured months ending m, not marked unsubstantiated. */
function hasWarningNotice(
  records: readonly IntelligenceRow[],
  period: string,
  config: MethodConfig,
): boolean {
  if (records.length === 0) return false;
  const rule = config.limiters.CQC_WARNING_NOTICE;
  const inWindow = dateInMonthsEnding(period, rule.months);
  return records.some((r) => countsAsConcern(r, rule.category) && inWindow(r.date));
}

/** The limiters whose condition holds, with the area each caps and its cap. */
function limitersThatHold(f: LimiterFacts, config: MethodConfig): { code: string; area: Area; cap: Cap }[] {
  const L = config.limiters;
  const out: { code: string; area: Area; cap: Cap }[] = [];
  const add = (code: keyof Omit<MethodConfig['limiters'], 'cap_scores'>) =>
    out.push({ code, area: L[code].area, cap: L[code].cap });

  const cqcInadequate = f.worstCqc === 'Inadequate';
  const warning = hasWarningNotice(f.intelligence, f.period, config);
  if (cqcInadequate) add('CQC_INADEQUATE');
  if (warning) add('CQC_WARNING_NOTICE');
  if (!cqcInadequate && !warning && f.worstCqc === 'Requires improvement') add('CQC_RI');

  const persistent =
    f.missedCallsPoints.filter((p) => p === L.MISSED_CALLS_PERSISTENT.points).length >=
    L.MISSED_CALLS_PERSISTENT.min_months;
  if (persistent) add('MISSED_CALLS_PERSISTENT');
  const criticalArea = L.CRITICAL_DELIVERY_KPI.area;
  const criticalFailed = f.kpis.some(
    (k) =>
      k.kpi.area === criticalArea &&
      k.kpi.weight >= config.critical_kpi_min_weight &&
      k.points === L.CRITICAL_DELIVERY_KPI.points,
  );
  if (!persistent && criticalFailed) add('CRITICAL_DELIVERY_KPI');

  const dbs = f.kpis.find((k) => k.kpi.id === L.DBS_BELOW_90.kpi);
  if (dbs && dbs.points !== null && dbs.value !== null && dbs.value < L.DBS_BELOW_90.below)
    add('DBS_BELOW_90');
  return out;
}

/** Applies the holding limiters to scored areas: the lowest cap wins, and every code is kept. */
export function applyLimiters(
  areas: readonly AreaScore[],
  f: LimiterFacts,
  config: MethodConfig,
): LimitedArea[] {
  const holding = limitersThatHold(f, config);
  return areas.map(({ area, score, rating }): LimitedArea => {
    if (score === null || rating === 'Not scored')
      return { area, score, rating, effectiveScore: null, finalRating: 'Not scored', limiters: [] };
    const mine = holding.filter((h) => h.area === area);
    if (mine.length === 0)
      return { area, score, rating, effectiveScore: score, finalRating: rating, limiters: [] };
    const cap = mine.map((h) => h.cap).reduce((x, y) => worseRating(x, y) as Cap);
    return {
      area,
      score,
      rating,
      effectiveScore: Math.min(score, config.limiters.cap_scores[cap]),
      finalRating: worseRating(rating, cap),
      limiters: mine.map((h) => h.code).sort(),
    };
  });
}
