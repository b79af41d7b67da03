// METHODOLOGY §2: Q02, Q03, D01–D07 from the month's scored monthly return, as ratios of sums.
// Hours (D03, D04) are summed in hundredths and published in hours.
import type { KpiConfig } from '../config.ts';
import { bandPoints } from '../kpi-points.ts';
import type { ReturnSums } from '../return-sums.ts';
import { bandedRatio, type KpiResult, notScored } from './kpi-result.ts';

type Kind<K extends KpiConfig['kind']> = Extract<KpiConfig, { kind: K }>;

export function ratioKpi(
  kpi: Kind<'ratio'> & { source: 'monthly_return' },
  sums: ReturnSums | null,
): KpiResult {
  if (!sums) return notScored(kpi);
  return bandedRatio(kpi, sums[kpi.numerator], sums[kpi.denominator]);
}

/** D03: two-sided bands on delivered / commissioned hours. */
export function hoursRatioKpi(kpi: Kind<'hours_ratio_band'>, sums: ReturnSums | null): KpiResult {
  if (!sums) return notScored(kpi);
  const num = sums[kpi.numerator];
  const den = sums[kpi.denominator];
  const value = den > 0 ? num / den : null;
  const points =
    value !== null && den >= Math.round(kpi.min_denominator * 100)
      ? bandPoints(value, kpi.bands, kpi.otherwise_points)
      : null;
  return { kpi, numerator: num / 100, denominator: den / 100, value, points };
}

/** D04: Σ per-row over-invoiced hours / Σ delivered hours. */
export function overInvoicingKpi(kpi: Kind<'over_invoicing'>, sums: ReturnSums | null): KpiResult {
  if (!sums) return notScored(kpi);
  // Banded on hundredths (the minimum too), published in hours.
  const r = bandedRatio(
    kpi,
    sums.hours_over_invoiced,
    sums.hours_delivered,
    Math.round(kpi.min_denominator * 100),
  );
  r.numerator = sums.hours_over_invoiced / 100;
  r.denominator = sums.hours_delivered / 100;
  return r;
}
