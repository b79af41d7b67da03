// METHODOLOGY §2: turning an unrounded KPI value into points (4..1 in v1, the method's ratings.points).
import type { KpiConfig, MethodConfig } from './config.ts';
import { col, lit, type Table } from './provider-months.ts';

// As Arquero expressions written from the method's numbers, so the provider-month table derives
// every KPI's points column in one pass (derivePoints).

export interface Thresholds {
  O: number;
  G: number;
  R: number;
}

/** Points per rating (the method's ratings.points: Outstanding 4 … Inadequate 1 in v1). */
export type RatingPoints = MethodConfig['ratings']['points'];

/**
 * Higher-is-better: ≥ O → Outstanding's points, ≥ G → Good's, ≥ R → Requires improvement's, else
 * Inadequate's; lower-is-better mirrors it with ≤.
 */
export function thresholdExpression(
  value: string,
  direction: 'higher' | 'lower',
  t: Thresholds,
  points: RatingPoints,
): string {
  const op = direction === 'higher' ? '>=' : '<=';
  return [
    `${value} ${op} ${lit(t.O)} ? ${lit(points.Outstanding)} : `,
    `${value} ${op} ${lit(t.G)} ? ${lit(points.Good)} : `,
    `${value} ${op} ${lit(t.R)} ? ${lit(points['Requires improvement'])} : `,
    lit(points.Inadequate),
  ].join('');
}

/** Two-sided bands (D03): the first band with min ≤ value ≤ max gives the points. */
export function bandExpression(
  value: string,
  bands: readonly { min: number; max: number; points: number }[],
  otherwise: number,
): string {
  return [
    ...bands.map((b) => `${value} >= ${lit(b.min)} && ${value} <= ${lit(b.max)} ? ${lit(b.points)} : `),
    lit(otherwise),
  ].join('');
}

/**
 * A KPI's points from its figures: a banded KPI (thresholds, or D03's two-sided bands) is scored
 * only when its value exists and the denominator reaches the KPI's minimum; a KPI whose rule gives
 * points directly (CQC, yes/no, timeliness) keeps them (r_<KPI>).
 */
function pointsExpression(kpi: KpiConfig, points: RatingPoints): string {
  const [v, d] = [`d.${col.value(kpi.id)}`, `d.${col.denominator(kpi.id)}`];
  const scored = (min: number) => `${v} !== null && ${d} !== null && ${d} >= ${lit(min)}`;
  if (kpi.kind === 'hours_ratio_band')
    return `${scored(kpi.min_denominator)} ? (${bandExpression(v, kpi.bands, kpi.otherwise_points)}) : null`;
  if ('thresholds' in kpi)
    return `${scored(kpi.min_denominator)} ? (${thresholdExpression(v, kpi.direction, kpi.thresholds, points)}) : null`;
  return `d.${col.rulePoints(kpi.id)}`;
}

/** p_<KPI> for every KPI of the catalogue. */
export function derivePoints(t: Table, config: MethodConfig): Table {
  return t.derive(
    Object.fromEntries(
      config.kpis.map((k) => [col.points(k.id), pointsExpression(k, config.ratings.points)]),
    ),
  );
}
