// METHODOLOGY §2 Q01: the worst CQC rating of the provider's registered branches at month end.
import type { KpiConfig, MethodConfig, Rating } from '../config.ts';
import { type KpiResult, pointsOnly } from './kpi-result.ts';

export function cqcKpi(kpi: KpiConfig, worst: Rating | null, config: MethodConfig): KpiResult {
  return pointsOnly(kpi, worst ? config.ratings.points[worst] : null);
}
