// METHODOLOGY §2: the monthly-return KPIs (Q02, Q03, D01–D07 in v1), from the figures their
// config's expressions give for the month's scored return (see return-formulas.ts).
import type { FormulaKpi, KpiConfig } from '../config.ts';
import { bandPoints, thresholdPoints } from '../kpi-points.ts';
import type { MonthReturn } from '../return-formulas.ts';
import { type KpiResult, notScored } from './kpi-result.ts';

type Kind<K extends KpiConfig['kind']> = Extract<FormulaKpi, { kind: K }>;

/**
 * The KPI's figures; points (by `band`) only when the value exists and the denominator reaches
 * the KPI's minimum. No return for the month: not scored.
 */
function formulaKpi(kpi: FormulaKpi, month: MonthReturn | null, band: (value: number) => number): KpiResult {
  const f = month?.figures(kpi.id);
  if (!f) return notScored(kpi);
  const points = f.value !== null && f.denominator >= kpi.min_denominator ? band(f.value) : null;
  return { kpi, numerator: f.numerator, denominator: f.denominator, value: f.value, points };
}

export function ratioKpi(kpi: Kind<'ratio'>, month: MonthReturn | null): KpiResult {
  return formulaKpi(kpi, month, (v) => thresholdPoints(v, kpi.direction, kpi.thresholds));
}

/** D03: two-sided bands on the value. */
export function hoursRatioKpi(kpi: Kind<'hours_ratio_band'>, month: MonthReturn | null): KpiResult {
  return formulaKpi(kpi, month, (v) => bandPoints(v, kpi.bands, kpi.otherwise_points));
}
