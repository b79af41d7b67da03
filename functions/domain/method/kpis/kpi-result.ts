// The shape every KPI rule returns, and the common "ratio with a minimum denominator" step.
import type { KpiConfig } from '../config.ts';
import { type Thresholds, thresholdPoints } from '../kpi-points.ts';

export interface KpiResult {
  kpi: KpiConfig;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** null when not scored. */
  points: number | null;
}

export function notScored(kpi: KpiConfig): KpiResult {
  return { kpi, numerator: null, denominator: null, value: null, points: null };
}

export function pointsOnly(kpi: KpiConfig, points: number | null): KpiResult {
  return { kpi, numerator: null, denominator: null, value: null, points };
}

/**
 * A value is published whenever the denominator is positive; points only when the denominator
 * also reaches the KPI's minimum.
 */
export function bandedRatio(
  kpi: KpiConfig & { direction: 'higher' | 'lower'; thresholds: Thresholds; min_denominator: number },
  numerator: number,
  denominator: number,
  minDenominator: number = kpi.min_denominator,
): KpiResult {
  const value = denominator > 0 ? numerator / denominator : null;
  const points =
    value !== null && denominator >= minDenominator
      ? thresholdPoints(value, kpi.direction, kpi.thresholds)
      : null;
  return { kpi, numerator, denominator, value, points };
}
