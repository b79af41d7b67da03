// The results tables as written under results/<table>/period=YYYY-MM/ (CONTRACTS §3). These
// schemas are also the Glue table schemas; 'period' is the partition column, not a data column.
// The row types in domain/method/results.ts are the one source of each table's columns: every
// schema here must name exactly their columns (checked by the compiler), and adds only the
// Parquet type of each.
import type {
  Alert,
  AreaScoreRow,
  KpiScoreRow,
  RiskMatrixRow,
  ScorecardRow,
  SubmissionComplianceRow,
} from '../domain/method/results.ts';
import type { ColumnType, TableSchema } from './parquet.ts';

/** A Parquet type for each column of a row type, the partition column aside. */
type ColumnsOf<Row> = Record<Exclude<keyof Row, 'period'>, ColumnType>;

export const resultsTables = {
  kpi_scores: {
    provider_id: 'string',
    kpi_id: 'string',
    kpi_name: 'string',
    area: 'string',
    numerator: 'double',
    denominator: 'double',
    value: 'double',
    points: 'int',
    weight: 'int',
    method_version: 'string',
  } satisfies ColumnsOf<KpiScoreRow>,
  area_scores: {
    provider_id: 'string',
    area: 'string',
    score: 'double',
    effective_score: 'double',
    rating: 'string',
    rating_before_limiters: 'string',
    limiters: 'string',
    method_version: 'string',
  } satisfies ColumnsOf<AreaScoreRow>,
  scorecards: {
    provider_id: 'string',
    overall_score: 'double',
    overall_rating: 'string',
    overall_rating_before_cap: 'string',
    quality_rating: 'string',
    cost_flex_rating: 'string',
    delivery_rating: 'string',
    relationship_rating: 'string',
    workforce_rating: 'string',
    overall_limiters: 'string',
    level3_triggers: 'string',
    worst_cqc_rating: 'string',
    method_version: 'string',
  } satisfies ColumnsOf<ScorecardRow>,
  risk_matrix: {
    provider_id: 'string',
    likelihood: 'int',
    likelihood_base: 'int',
    impact: 'int',
    risk_score: 'int',
    risk_tier: 'string',
    factors: 'string',
    impact_basis: 'string',
    max_market_share: 'double',
    maturity: 'string',
    maturity_months: 'int',
    intensity: 'string',
    method_version: 'string',
  } satisfies ColumnsOf<RiskMatrixRow>,
  submission_compliance: {
    provider_id: 'string',
    return_type: 'string',
    due_at: 'timestamp',
    received_at: 'timestamp',
    status: 'string',
    days_late: 'int',
    submission_id: 'string',
    method_version: 'string',
  } satisfies ColumnsOf<SubmissionComplianceRow>,
  alerts: {
    alert_key: 'string',
    alert_type: 'string',
    severity: 'string',
    provider_id: 'string',
    message: 'string',
    first_raised_at: 'timestamp',
    /** Null until the notifier has taken the alert: a crash in between leaves it to send again. */
    notified_at: 'timestamp',
    /** pending, notified, backfilled or withdrawn (null in rows stored before it existed). */
    status: 'string',
    withdrawn_at: 'timestamp',
    withdrawn_reason: 'string',
    /** When a commissioner acknowledged the alert, and who (null until then). */
    acknowledged_at: 'timestamp',
    acknowledged_by: 'string',
  } satisfies ColumnsOf<
    Omit<Alert, 'key'> & {
      alert_key: string;
      notified_at: Date | null;
      status: string | null;
      withdrawn_at: Date | null;
      withdrawn_reason: string | null;
      acknowledged_at: Date | null;
      acknowledged_by: string | null;
    }
  >,
} as const satisfies Record<string, TableSchema>;

export type ResultsTable = keyof typeof resultsTables;
