// What the engine publishes: one row type per results table, columns as CONTRACTS §4 names them
// (plus a few explanatory columns). Lists are comma-separated text, '' when none.
import type { Area, Rating, RiskTier, Severity } from './config.ts';

export type RatingOrNotScored = Rating | 'Not scored';

export interface KpiScoreRow {
  provider_id: string;
  period: string;
  kpi_id: string;
  kpi_name: string;
  area: Area;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  points: number | null;
  weight: number;
  method_version: string;
}

export interface AreaScoreRow {
  provider_id: string;
  period: string;
  area: Area;
  score: number | null;
  effective_score: number | null;
  rating: RatingOrNotScored;
  /** The banded rating before limiters. */
  rating_before_limiters: RatingOrNotScored;
  limiters: string;
  method_version: string;
}

export interface ScorecardRow {
  provider_id: string;
  period: string;
  overall_score: number | null;
  overall_rating: RatingOrNotScored;
  /** The banded overall rating before QUALITY_OR_DELIVERY_CAP. */
  overall_rating_before_cap: RatingOrNotScored;
  quality_rating: RatingOrNotScored;
  cost_flex_rating: RatingOrNotScored;
  delivery_rating: RatingOrNotScored;
  relationship_rating: RatingOrNotScored;
  workforce_rating: RatingOrNotScored;
  overall_limiters: string;
  level3_triggers: string;
  /** Worst CQC rating of the provider's registered branches at month end; null when none is rated. */
  worst_cqc_rating: Rating | null;
  method_version: string;
}

export interface RiskMatrixRow {
  provider_id: string;
  period: string;
  likelihood: number;
  /** Likelihood from the overall rating alone, before factors and override. */
  likelihood_base: number;
  impact: number;
  risk_score: number;
  risk_tier: RiskTier;
  factors: string;
  impact_basis: 'market_share' | 'unknown';
  max_market_share: number | null;
  maturity: string;
  maturity_months: number;
  intensity: RiskTier;
  method_version: string;
}

type ReturnType = 'monthly-return' | 'self-assessment';
export type ComplianceStatus = 'on_time' | 'late' | 'missing';

export interface SubmissionComplianceRow {
  provider_id: string;
  period: string;
  return_type: ReturnType;
  due_at: Date;
  received_at: Date | null;
  status: ComplianceStatus;
  days_late: number | null;
  /** The first accepted submission covering the return, which timeliness is judged on. */
  submission_id: string | null;
  method_version: string;
}

export interface ScoringResults {
  method_version: string;
  kpiScores: KpiScoreRow[];
  areaScores: AreaScoreRow[];
  scorecards: ScorecardRow[];
  riskMatrix: RiskMatrixRow[];
  submissionCompliance: SubmissionComplianceRow[];
}

export type AlertType =
  | 'LEVEL3_TRIGGER'
  | 'RISK_CRITICAL'
  | 'RISK_TIER_UP'
  | 'CQC_DOWNGRADE'
  | 'RETURN_MISSING'
  | 'OVER_INVOICING'
  | 'NON_COMPLIANCE_EPISODES'
  | 'ACTION_PLAN_OVERDUE';

export interface AlertCandidate {
  key: string;
  alert_type: AlertType;
  severity: Severity;
  provider_id: string;
  period: string;
  message: string;
}

export interface Alert extends AlertCandidate {
  first_raised_at: Date;
}
