// METHODOLOGY §2 R01 and R02: points for the timeliness of the month's return and of the latest
// self-assessment due by month end.

import type { Timeliness } from '../compliance.ts';
import type { KpiConfig } from '../config.ts';
import { type KpiResult, pointsOnly } from './kpi-result.ts';

/** "With warnings": the first accepted submission was accepted with warnings or partially accepted. */
function withWarnings(t: Timeliness): boolean {
  return t.first !== null && t.first.submission_status !== 'accepted';
}

/** R01; not scored while the return is neither received nor due. */
export function monthlyReturnTimelinessKpi(
  kpi: Extract<KpiConfig, { kind: 'monthly_return_timeliness' }>,
  t: Timeliness,
  cutoffDays: number,
): KpiResult {
  switch (t.status) {
    case 'not_due':
      return pointsOnly(kpi, null);
    case 'on_time':
      return pointsOnly(kpi, withWarnings(t) ? kpi.on_time_with_warnings_points : kpi.on_time_points);
    case 'late':
      return pointsOnly(
        kpi,
        t.days_late! <= cutoffDays ? kpi.late_within_cutoff_points : kpi.otherwise_points,
      );
    case 'missing':
      return pointsOnly(kpi, kpi.otherwise_points);
  }
}

/** R02; `t` is null when no quarter is due by month end. */
export function selfAssessmentTimelinessKpi(
  kpi: Extract<KpiConfig, { kind: 'self_assessment_timeliness' }>,
  t: Timeliness | null,
  cutoffDays: number,
): KpiResult {
  if (!t || t.status === 'not_due') return pointsOnly(kpi, null);
  if (t.status === 'on_time') return pointsOnly(kpi, kpi.on_time_points);
  if (t.status === 'late' && t.days_late! <= cutoffDays)
    return pointsOnly(kpi, kpi.late_within_cutoff_points);
  return pointsOnly(kpi, kpi.otherwise_points);
}
