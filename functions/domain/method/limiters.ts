// METHODOLOGY §3 limiters and §8 '"Otherwise" is literal': conditions that cap an area's rating
// (and its effective score), recorded by code whenever they hold on a scored area. The conditions
// are Arquero derives over the provider-month table (lim_<CODE>); the facts they read that need a
// provider's history (CQC rating in force, warning notices in a window, persistent missed calls)
// are columns worked out by the sequential rules below and in score.ts.
import { AREAS, type Area, type MethodConfig } from './config.ts';
import type { IntelligenceRow } from './inputs.ts';
import { countsAsConcern } from './intelligence.ts';
import { dateInMonthsEnding } from './periods.ts';
import { any, col, lit, type Table, text } from './provider-months.ts';
import { rankExpression } from './rating-bands.ts';

export type LimiterCode = keyof Omit<MethodConfig['limiters'], 'cap_scores'>;
const LIMITER_CODES: readonly LimiterCode[] = [
  'CQC_INADEQUATE',
  'CQC_WARNING_NOTICE',
  'CQC_RI',
  'MISSED_CALLS_PERSISTENT',
  'CRITICAL_DELIVERY_KPI',
  'DBS_BELOW_90',
];

/** Sequential (a window over the provider's records): a CQC warning notice dated in the configured months ending m, not marked unsubstantiated. */
export function hasWarningNotice(
  records: readonly IntelligenceRow[],
  period: string,
  config: MethodConfig,
): boolean {
  if (records.length === 0) return false;
  const rule = config.limiters.CQC_WARNING_NOTICE;
  const inWindow = dateInMonthsEnding(period, rule.months);
  return records.some((r) => countsAsConcern(r, rule.category) && inWindow(r.date));
}

/**
 * Sequential (a look-back over the provider's months): the persistent-missed-calls KPI scored the
 * limiter's points in at least min_months of the months ending m (`pointsAt` null: not scored).
 */
export function missedCallsPersistent(pointsAt: readonly (number | null)[], config: MethodConfig): boolean {
  const L = config.limiters.MISSED_CALLS_PERSISTENT;
  return pointsAt.filter((p) => p === L.points).length >= L.min_months;
}

/**
 * lim_<CODE> for each limiter, then per area cap_<area>, effective_<area> and final_<area>: the
 * lowest cap of the limiters holding on the area wins. Reads worst_cqc, cqc_warning and
 * missed_persistent.
 */
export function deriveLimiters(t: Table, config: MethodConfig): Table {
  const L = config.limiters;
  const p = (id: string) => `d.${col.points(id)}`;
  const critical = config.kpis
    .filter((k) => k.area === L.CRITICAL_DELIVERY_KPI.area && k.weight >= config.critical_kpi_min_weight)
    .map((k) => `${p(k.id)} === ${lit(L.CRITICAL_DELIVERY_KPI.points)}`);
  const dbs = config.kpis.find((k) => k.id === L.DBS_BELOW_90.kpi);
  const v = dbs && `d.${col.value(dbs.id)}`;
  const first = t.derive({
    [col.limiter('CQC_INADEQUATE')]: "d.worst_cqc === 'Inadequate'",
    [col.limiter('CQC_WARNING_NOTICE')]: 'd.cqc_warning === true',
    [col.limiter('MISSED_CALLS_PERSISTENT')]: 'd.missed_persistent === true',
    [col.limiter('DBS_BELOW_90')]: dbs
      ? `${p(dbs.id)} !== null && ${v} !== null && ${v} < ${lit(L.DBS_BELOW_90.below)}`
      : 'false',
  });
  const lim = (code: LimiterCode) => `d.${col.limiter(code)}`;
  const held = first.derive({
    [col.limiter('CQC_RI')]:
      `!${lim('CQC_INADEQUATE')} && !${lim('CQC_WARNING_NOTICE')} && d.worst_cqc === 'Requires improvement'`,
    [col.limiter('CRITICAL_DELIVERY_KPI')]: `!${lim('MISSED_CALLS_PERSISTENT')} && (${any(critical)})`,
  });
  const holding = (area: Area, cap: string) =>
    any(LIMITER_CODES.filter((c) => L[c].area === area && L[c].cap === cap).map(lim));
  const caps: Record<string, string> = {};
  for (const area of AREAS)
    caps[col.cap(area)] =
      `${holding(area, 'Inadequate')} ? 'Inadequate' : ${holding(area, 'Requires improvement')} ? 'Requires improvement' : null`;
  const effective: Record<string, string> = {};
  for (const area of AREAS) {
    const [s, c] = [`d.${col.score(area)}`, `d.${col.cap(area)}`];
    const capped = (cap: 'Inadequate' | 'Requires improvement') => {
      const max = lit(L.cap_scores[cap]);
      return `${c} === ${text(cap)} ? (${s} < ${max} ? ${s} : ${max})`;
    };
    effective[col.effective(area)] =
      `${s} === null ? null : ${capped('Inadequate')} : ${capped('Requires improvement')} : ${s}`;
  }
  const finals: Record<string, string> = {};
  for (const area of AREAS) {
    // worseRating(rating, cap): the one with the larger rank.
    const [s, r, c] = [`d.${col.score(area)}`, `d.${col.rating(area)}`, `d.${col.cap(area)}`];
    finals[col.final(area)] =
      `${s} === null || ${r} === 'Not scored' ? 'Not scored' : ${c} === null ? ${r} : (${rankExpression(r)}) >= (${rankExpression(c)}) ? ${r} : ${c}`;
  }
  return held.derive(caps).derive(effective).derive(finals);
}

/** The codes recorded on an area: those holding on it, when it is scored, sorted. */
export function areaLimiterCodes(
  area: Area,
  scored: boolean,
  holds: (code: LimiterCode) => boolean,
  config: MethodConfig,
): string[] {
  if (!scored) return [];
  return LIMITER_CODES.filter((c) => config.limiters[c].area === area && holds(c)).sort();
}
