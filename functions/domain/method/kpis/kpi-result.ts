// The shape every KPI rule returns, and the common "ratio with a minimum denominator" step.
import type { KpiConfig } from '../config.ts';

export interface KpiResult {
  kpi: KpiConfig;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /**
   * The points a rule gives directly (CQC, yes/no, timeliness); null for a banded KPI, whose
   * points the provider-month table derives from its value (kpi-points.ts), and when not scored.
   */
  points: number | null;
}

export function notScored(kpi: KpiConfig): KpiResult {
  return { kpi, numerator: null, denominator: null, value: null, points: null };
}

export function pointsOnly(kpi: KpiConfig, points: number | null): KpiResult {
  return { kpi, numerator: null, denominator: null, value: null, points };
}

/** A value is published whenever the denominator is positive (points: see kpi-points.ts). */
export function ratio(kpi: KpiConfig, numerator: number, denominator: number): KpiResult {
  const value = denominator > 0 ? numerator / denominator : null;
  return { kpi, numerator, denominator, value, points: null };
}
