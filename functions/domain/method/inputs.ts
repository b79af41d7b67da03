// What the scoring engine reads: the curated tables, already typed and validated by ingest.
// Dates are 'YYYY-MM-DD' strings (calendar dates, no time zone), periods 'YYYY-MM', instants Date.

/** Where a provider-return row came from: scoring needs it for supersession and timeliness. */
export interface SubmissionMeta {
  submission_id: string;
  /** When the file was received (the instant; its London month is the month of receipt). */
  received_at: Date;
  /** The submission's status: decides R01's "with warnings". */
  submission_status: 'accepted' | 'accepted_with_warnings' | 'partially_accepted';
}

export type ServiceCode = 'HC' | 'SIS' | 'SISP' | 'ECS' | 'D2A';

/** One accepted monthly-return row. Rows of every submission are present; scoring picks. */
export interface MonthlyReturnRow extends SubmissionMeta {
  provider_id: string;
  branch_id: string;
  service_code: ServiceCode;
  period: string;
  calls_scheduled: number;
  calls_late_early: number;
  calls_missed: number;
  calls_double_handed: number;
  calls_double_handed_on_time: number;
  /** Hours with at most 2 decimal places; sum them in hundredths (Math.round(h * 100)). */
  hours_commissioned: number;
  hours_delivered: number;
  hours_invoiced: number;
  people_served: number;
  people_trusted_team_ok: number;
  packages_new: number;
  care_plans_by_second_visit: number;
  complaints_closed: number;
  complaints_closed_in_20wd: number;
  notifications_due: number;
  notifications_on_time: number;
}

/** One accepted self-assessment row (one per provider per quarter per submission). */
export interface SelfAssessmentRow extends SubmissionMeta {
  provider_id: string;
  /** 'YYYY-MM' with month 01, 04, 07 or 10. */
  quarter_start: string;
  /** Self ratings normalised to 1..4 (4 = Outstanding). */
  self_rating_quality: number;
  self_rating_cost_flex: number;
  self_rating_delivery: number;
  self_rating_relationship: number;
  self_rating_workforce: number;
  staff_headcount: number;
  staff_supervised_in_quarter: number;
  staff_appraised_12m: number;
  staff_dbs_current: number;
  staff_safeguarding_trained: number;
  leavers_12m: number;
  starters_due_care_certificate: number;
  starters_care_certificate_12w: number;
  registered_manager_in_post: boolean;
}

export interface ProviderRegisterRow {
  provider_id: string;
  provider_name: string;
  cqc_provider_id: string;
  branch_id: string;
  branch_name: string;
  cluster_id: string;
  contract_start: string;
}

export interface ClusterRow {
  cluster_id: string;
  cluster_name: string;
  district: string;
  ccg: string;
  lot_area: string;
}

export type CqcRating = 'Outstanding' | 'Good' | 'Requires improvement' | 'Inadequate';

/** Every (location, report date) rating ever received; entries that were not one of the four words are dropped at ingest. */
export interface CqcRatingRow {
  location_id: string;
  provider_id: string | null;
  report_date: string;
  rating: CqcRating;
}

export interface SanctionRow {
  sanction_id: string;
  provider_id: string;
  type: 'poor_practice' | 'contract_compliance' | 'safeguarding';
  level: 1 | 2 | 3;
  trigger: string;
  evidenced_on: string;
  action_plan_received_on: string | null;
  lifted_on: string | null;
}

export interface OfferRow {
  offer_id: string;
  provider_id: string;
  cluster_id: string;
  offered_at: Date;
  responded_at: Date | null;
  response: 'accepted' | 'declined' | 'no_response';
}

export interface CommissionedHoursRow {
  provider_id: string;
  cluster_id: string;
  week_ending: string;
  hours: number;
}

export interface IntelligenceRow {
  record_id: string;
  provider_id: string;
  date: string;
  source: 'practitioner' | 'person' | 'carer' | 'complaint' | 'safeguarding' | 'cqc';
  category: string;
  severity: 'low' | 'medium' | 'high';
  substantiated: 'yes' | 'no' | 'unknown';
}

/** Everything the engine needs, already de-duplicated for council feeds (snapshot / upsert applied). */
export interface ScoringInputs {
  register: ProviderRegisterRow[];
  clusters: ClusterRow[];
  monthlyReturns: MonthlyReturnRow[];
  selfAssessments: SelfAssessmentRow[];
  cqcRatings: CqcRatingRow[];
  sanctions: SanctionRow[];
  offers: OfferRow[];
  commissionedHours: CommissionedHoursRow[];
  intelligence: IntelligenceRow[];
  /**
   * The lake's own `first_month` (its go-live month, 'YYYY-MM', or 'auto'), set by the council in
   * the lake; it takes the place of the method's `first_month`. Absent: the method's value.
   */
  firstMonth?: string;
}
