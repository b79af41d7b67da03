// The API's answers, as the pages read them: rows of the SQL views (CONTRACTS §4), column for column.
// Views may gain columns; the pages read only these.
import type { SubmissionReport } from '../../functions/domain/index.ts';

type Rating = 'Outstanding' | 'Good' | 'Requires improvement' | 'Inadequate' | 'Not scored';

export interface ProviderRef {
  provider_id: string;
  provider_name: string;
}

interface MonthCompleteness {
  period: string;
  providers_scored: number;
  returns_received: number;
  returns_missing: number;
  returns_awaited: number;
  due_at: string | null;
  providers_with_hours: number;
  offers: number;
  complete: boolean;
  latest_complete: boolean;
}

export interface Session {
  identity: { role: 'commissioner' } | { role: 'provider'; provider_id: string };
  /** True under `carescore serve`: no sign-in, the page shows the role switch. */
  local?: boolean;
  providers: ProviderRef[];
  months: MonthCompleteness[];
  latest_complete: string | null;
  method_version: string;
}

export interface RiskRow {
  provider_id: string;
  provider_name?: string;
  period: string;
  likelihood: number;
  likelihood_base?: number;
  impact: number;
  risk_score: number;
  risk_tier: string;
  factors: string;
  impact_basis: string;
  max_market_share: number | null;
  maturity: string;
  maturity_months?: number;
  intensity: string;
}

interface ActionRow {
  provider_id: string;
  provider_name: string;
  period: string;
  likelihood: number;
  impact: number;
  risk_score: number;
  risk_tier: string;
  overall_score: number | null;
  overall_rating: Rating;
  level3_triggers: string;
  max_active_level: number | null;
  reasons: string;
}

export interface AlertRow {
  alert_key: string;
  alert_type: string;
  severity: string;
  provider_id: string;
  provider_name?: string;
  period: string;
  message: string;
  first_raised_at: string;
  status?: string;
  acknowledged_at?: string | null;
  withdrawn_at?: string | null;
  withdrawn_reason?: string | null;
}

export interface Overview {
  period: string;
  completeness: MonthCompleteness | null;
  matrix: RiskRow[];
  action_list: ActionRow[];
  alerts: AlertRow[];
  counts: {
    ratings: Record<string, number>;
    tiers: Record<string, number>;
    previous_period: string | null;
    previous_ratings: Record<string, number> | null;
    previous_tiers: Record<string, number> | null;
  };
}

export interface ScorecardRow {
  provider_id: string;
  provider_name?: string;
  period: string;
  overall_score: number | null;
  overall_rating: Rating;
  overall_rating_before_cap?: Rating;
  quality_rating: Rating;
  cost_flex_rating: Rating;
  delivery_rating: Rating;
  relationship_rating: Rating;
  workforce_rating: Rating;
  overall_limiters: string;
  level3_triggers: string;
  worst_cqc_rating?: string | null;
  method_version: string;
}

interface AreaRow {
  provider_id: string;
  period: string;
  area: string;
  score: number | null;
  effective_score: number | null;
  rating: Rating;
  rating_before_limiters?: Rating;
  limiters: string;
}

export interface KpiRow {
  provider_id: string;
  period: string;
  kpi_id: string;
  kpi_name?: string;
  area: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  points: number | null;
  weight: number;
}

export interface SubmissionRow {
  submission_id: string;
  provider_id: string;
  input_type: string;
  period: string | null;
  received_at: string;
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  file_name?: string;
  errors?: number;
  warnings?: number;
}

export interface ComplianceRow {
  provider_id: string;
  period: string;
  return_type: string;
  due_at: string;
  received_at: string | null;
  status: string;
  days_late: number | null;
  submission_id?: string | null;
}

/** A v_market_share row: a provider's share of a cluster's commissioned hours in a month. */
export interface MarketShareRow {
  cluster_id: string;
  cluster_name: string | null;
  provider_id: string;
  provider_name: string | null;
  period: string;
  hours: number;
  cluster_hours: number;
  share: number | null;
}

export interface ClusterRow {
  cluster_id: string;
  cluster_name?: string;
  period: string;
  providers: number;
  commissioned_hours: number | null;
  hhi: number | null;
  [count: string]: unknown;
}

export type GenericRow = Record<string, unknown>;

export interface ProviderDetail {
  provider: ProviderRef &
    GenericRow & {
      branches?: { branch_id: string; branch_name?: string; cluster_id?: string; contract_start?: string }[];
    };
  scorecards: ScorecardRow[];
  risk: RiskRow[];
  cqc: GenericRow[];
  sanctions: GenericRow[];
  market_share: GenericRow[];
  compliance: ComplianceRow[];
  kpis?: KpiRow[];
}

export interface ProviderMonth {
  scorecard: ScorecardRow | null;
  areas: AreaRow[];
  kpis: KpiRow[];
  risk: RiskRow | null;
  action: ActionRow | null;
  self_assessment: GenericRow[];
  evidence: SubmissionRow[];
}

export interface SubmitAnswer {
  submission_id: string;
  status: string;
  report: SubmissionReport;
}

export type { SubmissionReport };
