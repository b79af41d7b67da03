// METHODOLOGY §1 and §2: Q05 and W01–W06 from the self-assessment used for the month — its own
// quarter's, else the previous quarter's.
import type { KpiConfig, MethodConfig } from '../config.ts';
import { previousQuarterStart, quarterStartOf } from '../due-dates.ts';
import type { SelfAssessmentRow } from '../inputs.ts';
import { type KpiResult, notScored, pointsOnly, ratio } from './kpi-result.ts';

type Kind<K extends KpiConfig['kind']> = Extract<KpiConfig, { kind: K }>;

/** byQuarter holds the scored (latest-received) self-assessment per quarter start. */
export function selfAssessmentFor(
  period: string,
  byQuarter: ReadonlyMap<string, SelfAssessmentRow> | undefined,
  config: MethodConfig,
): SelfAssessmentRow | null {
  if (!byQuarter) return null;
  const quarter = quarterStartOf(period, config);
  return byQuarter.get(quarter) ?? byQuarter.get(previousQuarterStart(quarter, config)) ?? null;
}

export function selfAssessmentRatioKpi(
  kpi: Kind<'ratio'> & { source: 'self_assessment' },
  sa: SelfAssessmentRow | null,
): KpiResult {
  if (!sa) return notScored(kpi);
  return ratio(kpi, sa[kpi.numerator], sa[kpi.denominator]);
}

export function yesNoKpi(kpi: Kind<'yes_no'>, sa: SelfAssessmentRow | null): KpiResult {
  if (!sa) return notScored(kpi);
  return pointsOnly(kpi, sa[kpi.field] ? kpi.yes_points : kpi.no_points);
}
