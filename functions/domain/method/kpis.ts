// METHODOLOGY §2: every KPI of the catalogue for one provider-month, each by its own rule.
import type { Timeliness } from './compliance.ts';
import type { KpiConfig, MethodConfig, Rating } from './config.ts';
import type { IntelligenceRow, OfferRow, SelfAssessmentRow } from './inputs.ts';
import { cqcKpi } from './kpis/cqc.ts';
import type { KpiResult } from './kpis/kpi-result.ts';
import { formulaKpi } from './kpis/monthly-return.ts';
import { acceptanceKpi, responseMedianKpi } from './kpis/offers.ts';
import { safeguardingKpi } from './kpis/safeguarding.ts';
import { selfAssessmentRatioKpi, yesNoKpi } from './kpis/self-assessment.ts';
import { monthlyReturnTimelinessKpi, selfAssessmentTimelinessKpi } from './kpis/timeliness.ts';
import type { MonthReturn } from './return-formulas.ts';

/** What one provider-month's KPIs are computed from. */
export interface MonthFacts {
  period: string;
  /** The scored monthly return's figures; null when there is no return for the month. */
  sums: MonthReturn | null;
  selfAssessment: SelfAssessmentRow | null;
  worstCqc: Rating | null;
  /** All the provider's intelligence records (windows are applied per KPI). */
  intelligence: readonly IntelligenceRow[];
  /** Offers made in the month. */
  offers: readonly OfferRow[];
  monthlyReturn: Timeliness;
  /** The latest self-assessment due by month end; null when none is due yet. */
  selfAssessmentDue: Timeliness | null;
}

export function computeKpi(kpi: KpiConfig, f: MonthFacts, config: MethodConfig): KpiResult {
  const cutoff = config.timeliness.days_late_cutoff;
  switch (kpi.kind) {
    case 'cqc_worst_rating':
      return cqcKpi(kpi, f.worstCqc, config);
    case 'ratio':
      return kpi.source === 'monthly_return'
        ? formulaKpi(kpi, f.sums)
        : selfAssessmentRatioKpi(kpi, f.selfAssessment);
    case 'safeguarding_rate':
      return safeguardingKpi(kpi, f.intelligence, f.period, f.sums);
    case 'yes_no':
      return yesNoKpi(kpi, f.selfAssessment);
    case 'offer_response_median':
      return responseMedianKpi(kpi, f.offers);
    case 'offer_acceptance':
      return acceptanceKpi(kpi, f.offers);
    case 'hours_ratio_band':
      return formulaKpi(kpi, f.sums);
    case 'monthly_return_timeliness':
      return monthlyReturnTimelinessKpi(kpi, f.monthlyReturn, cutoff);
    case 'self_assessment_timeliness':
      return selfAssessmentTimelinessKpi(kpi, f.selfAssessmentDue, cutoff);
  }
}
