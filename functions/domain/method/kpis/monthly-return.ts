// METHODOLOGY §2: the monthly-return KPIs (Q02, Q03, D01–D07 in v1), from the figures their
// config's expressions give for the month's scored return (see return-formulas.ts).
import type { FormulaKpi } from '../config.ts';
import type { MonthReturn } from '../return-formulas.ts';
import { type KpiResult, notScored } from './kpi-result.ts';

/**
 * The KPI's figures (its points are banded from them in the provider-month table, kpi-points.ts,
 * by thresholds or, for D03, two-sided bands). No return for the month: not scored.
 */
export function formulaKpi(kpi: FormulaKpi, month: MonthReturn | null): KpiResult {
  const f = month?.figures(kpi.id);
  if (!f) return notScored(kpi);
  return { kpi, numerator: f.numerator, denominator: f.denominator, value: f.value, points: null };
}
