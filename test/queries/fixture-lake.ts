// A small lake written through the real writers (encodeParquet, keys, FsObjectStore), whose every
// view output is computed by hand in views.test.ts.
//
// Providers: P1, P2 (cluster K1); P3, P4, P5 (K2; P5 never scored); P6 (K3, scored in 2025-01 only).
// Months 2025-01..2025-03. Latest risk tiers: P1 Moderate, P2 High, P3 Critical, P4 Moderate
// (High in 2025-02), P6 High (2025-01).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { curatedSchema } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { encodeParquet, type Row } from '../../functions/lake/parquet.ts';
import { type ResultsTable, resultsTables } from '../../functions/lake/results-tables.ts';

/** Today's UTC date, which DuckDB's current_date is in this engine (TimeZone UTC). */
const todayUtc = (): string => new Date().toISOString().slice(0, 10);

const provenance = {
  submission_id: 'sub_council',
  received_at: new Date('2025-04-01T09:00:00Z'),
  submission_status: 'accepted',
  row_number: 1,
};

const register: Row[] = [
  ['P1', 'Alpha Care', 'B1', 'K1'],
  ['P2', 'Beta Care', 'B2', 'K1'],
  ['P2', 'Beta Care', 'B2X', 'K1'],
  ['P3', 'Gamma Care', 'B3', 'K2'],
  ['P4', 'Delta Care', 'B4', 'K2'],
  ['P5', 'Epsilon Care', 'B5', 'K2'],
  ['P6', 'Zeta Care', 'B6', 'K3'],
].map(([provider_id, provider_name, branch_id, cluster_id]) => ({
  provider_id,
  provider_name,
  cqc_provider_id: `CQC-${provider_id}`,
  branch_id,
  branch_name: `${provider_name} ${branch_id}`,
  cluster_id,
  contract_start: provider_id === 'P5' ? '2025-06-01' : '2024-01-01',
  ...provenance,
}));

const clusters: Row[] = [
  ['K1', 'North Downs'],
  ['K2', 'South Coast'],
  ['K3', 'Weald'],
].map(([cluster_id, cluster_name]) => ({
  cluster_id,
  cluster_name,
  district: 'Kent',
  ccg: 'Kent CCG',
  lot_area: 'Kent',
  ...provenance,
}));

// [provider, cluster, week_ending, hours]
const hours: [string, string, string, number][] = [
  ['P1', 'K1', '2025-01-31', 60],
  ['P2', 'K1', '2025-01-26', 40],
  ['P1', 'K1', '2025-02-02', 100],
  ['P1', 'K1', '2025-02-09', 200],
  ['P2', 'K1', '2025-02-16', 100],
  ['P1', 'K1', '2025-03-02', 40.25],
  ['P1', 'K1', '2025-03-09', 44.75],
  ['P2', 'K1', '2025-03-16', 15],
  ['P3', 'K2', '2025-03-02', 200],
  ['P4', 'K2', '2025-03-02', 100],
  ['P6', 'K3', '2025-04-06', 10],
];

// [id, provider, level, trigger, evidenced_on, lifted_on]
const sanctions = (today: string): [string, string, number, string, string, string | null][] => [
  ['SAN-01', 'P3', 3, 'Missed calls', '2025-02-10', null],
  ['SAN-02', 'P2', 2, 'Late notifications', '2025-01-05', null],
  ['SAN-03', 'P4', 3, 'Safeguarding failure', '2025-01-15', '2025-03-01'],
  ['SAN-04', 'P1', 3, 'Not yet in force', '2999-01-01', null],
  ['SAN-05', 'P3', 3, 'CQC warning notice', '2025-03-20', '2999-12-31'],
  ['SAN-06', 'P3', 1, 'Old episode', '2024-06-01', '2024-07-01'],
  ['SAN-07', 'P1', 1, 'Invoice query', '2025-01-10', null],
  ['SAN-08', 'P4', 3, 'Lifted today', '2025-01-01', today],
  ['SAN-09', 'P5', 2, 'Evidenced today', today, null],
];

type Rating = string;
// provider → [2025-01, 2025-02, 2025-03] overall ratings; null = not scored that month (no row).
const overall: Record<string, (Rating | null)[]> = {
  P1: ['Good', 'Good', 'Outstanding'],
  P2: ['Good', 'Requires improvement', 'Requires improvement'],
  P3: ['Requires improvement', 'Inadequate', 'Inadequate'],
  P4: ['Good', 'Requires improvement', 'Not scored'],
  P6: ['Good', null, null],
};
const tiers: Record<string, (string | null)[]> = {
  P1: ['Low', 'Low', 'Moderate'],
  P2: ['Low', 'Moderate', 'High'],
  P3: ['Moderate', 'Critical', 'Critical'],
  P4: ['Low', 'High', 'Moderate'],
  P6: ['High', null, null],
};
const months = ['2025-01', '2025-02', '2025-03'];
const nextMonth = (period: string) => ({ '2025-02': '2025-03', '2025-03': '2025-04' })[period] ?? period;

function scorecard(provider_id: string, period: string, rating: Rating): Row {
  const special: Record<string, Row> = {
    'P2 2025-03': { worst_cqc_rating: 'Requires improvement' },
    'P3 2025-03': {
      level3_triggers: 'SCORECARD_QUALITY_INADEQUATE,CQC_WARNING_NOTICE',
      worst_cqc_rating: 'Inadequate',
      quality_rating: 'Inadequate',
      overall_limiters: 'QUALITY_OR_DELIVERY_CAP',
    },
  };
  return {
    provider_id,
    overall_score:
      rating === 'Not scored'
        ? null
        : ({ Outstanding: 3.6, Good: 3, 'Requires improvement': 2.25, Inadequate: 1.5 }[rating] ?? null),
    overall_rating: rating,
    overall_rating_before_cap: rating,
    quality_rating: rating,
    cost_flex_rating: 'Good',
    delivery_rating: rating,
    relationship_rating: 'Good',
    workforce_rating: 'Good',
    overall_limiters: '',
    level3_triggers: '',
    worst_cqc_rating: 'Good',
    method_version: 'v1',
    ...special[`${provider_id} ${period}`],
  };
}

function riskRow(provider_id: string, period: string, tier: string): Row {
  const special: Record<string, Row> = {
    'P2 2025-03': {
      likelihood: 5,
      impact: 2,
      risk_score: 10,
      factors: 'F1_CQC,F2_SANCTION_L2,F5_RETURNS,F6_DECLINE',
      max_market_share: 0.15,
    },
    'P3 2025-03': {
      likelihood: 5,
      impact: 5,
      risk_score: 25,
      factors: 'F1_CQC,F2_SANCTION_L2,F3_SAFEGUARDING,F4_EPISODES,L3',
      max_market_share: 0.666667,
    },
    'P6 2025-01': { likelihood: 2, impact: 5, risk_score: 10, factors: '', max_market_share: 1 },
  };
  const score = { Low: 2, Moderate: 6, High: 12, Critical: 20 }[tier] ?? 0;
  return {
    provider_id,
    likelihood: 2,
    likelihood_base: 2,
    impact: score / 2,
    risk_score: score,
    risk_tier: tier,
    factors: '',
    impact_basis: 'market_share',
    max_market_share: 0.25,
    maturity: 'established',
    maturity_months: 14,
    intensity: tier,
    method_version: 'v1',
    ...special[`${provider_id} ${period}`],
  };
}

const ledger: Submission[] = [
  submission('sub_aaa', 'P1', 'monthly-return', '2025-02-14T10:00:00.000Z', 'accepted', '2025-01', 12, 12, 0),
  submission(
    'sub_bbb',
    'council',
    'sanctions',
    '2025-03-31T23:30:00.000Z',
    'partially_accepted',
    '',
    9,
    8,
    1,
  ),
];

function submission(
  submission_id: string,
  provider_id: string,
  input_type: Submission['input_type'],
  received_at: string,
  status: Submission['status'],
  period: string,
  rows_read: number,
  rows_accepted: number,
  rows_rejected: number,
): Submission {
  return {
    schema_version: 1,
    submission_id,
    sha256: `${submission_id}-sha`,
    size_bytes: 1234,
    input_type,
    provider_id,
    file_name: `${input_type}.csv`,
    stored_name: `${input_type}.csv`,
    format: 'csv',
    encoding: 'utf-8',
    received_at,
    processed_at: received_at,
    status,
    rows_read,
    rows_accepted,
    rows_rejected,
    errors: rows_rejected,
    warnings: 0,
    period,
    file_error: rows_rejected > 0 ? { code: 'demo', message: 'a row was rejected' } : null,
    raw_key: `raw/${input_type}/${submission_id}/${input_type}.csv`,
    report_json_key: `reports/${provider_id}/${submission_id}.json`,
    report_html_key: `reports/${provider_id}/${submission_id}.html`,
    quarantine_key: null,
  };
}

const kpiRows: Row[] = [
  {
    provider_id: 'P1',
    kpi_id: 'D02',
    kpi_name: 'Missed calls',
    area: 'delivery',
    numerator: 3,
    denominator: 4200,
    value: 0.000714,
    points: 2,
    weight: 2,
    method_version: 'v1',
  },
  {
    provider_id: 'P1',
    kpi_id: 'Q01',
    kpi_name: 'CQC overall rating',
    area: 'quality',
    numerator: null,
    denominator: null,
    value: null,
    points: null,
    weight: 2,
    method_version: 'v1',
  },
];
const areaRows: Row[] = [
  {
    provider_id: 'P1',
    area: 'delivery',
    score: 3.67,
    effective_score: 3.67,
    rating: 'Outstanding',
    rating_before_limiters: 'Outstanding',
    limiters: '',
    method_version: 'v1',
  },
  {
    provider_id: 'P1',
    area: 'quality',
    score: null,
    effective_score: null,
    rating: 'Not scored',
    rating_before_limiters: 'Not scored',
    limiters: '',
    method_version: 'v1',
  },
];
const complianceRows: Row[] = [
  {
    provider_id: 'P1',
    return_type: 'monthly-return',
    due_at: new Date('2025-02-15T23:59:59Z'),
    received_at: new Date('2025-02-14T10:00:00Z'),
    status: 'on_time',
    days_late: 0,
    submission_id: 'sub_aaa',
    method_version: 'v1',
  },
  {
    provider_id: 'P2',
    return_type: 'monthly-return',
    due_at: new Date('2025-02-15T23:59:59Z'),
    received_at: null,
    status: 'missing',
    days_late: null,
    submission_id: null,
    method_version: 'v1',
  },
];
const alertRows: Row[] = [
  {
    alert_key: 'RISK_CRITICAL|P3|2025-02',
    alert_type: 'RISK_CRITICAL',
    severity: 'high',
    provider_id: 'P3',
    message: 'P3 is Critical',
    first_raised_at: new Date('2025-03-20T08:00:00Z'),
  },
  {
    alert_key: 'LEVEL3_TRIGGER|P3|2025-03',
    alert_type: 'LEVEL3_TRIGGER',
    severity: 'critical',
    provider_id: 'P3',
    message: '=cmd|calc',
    first_raised_at: new Date('2025-04-20T08:00:00Z'),
    notified_at: new Date('2025-04-20T08:01:00Z'),
    status: 'withdrawn',
    withdrawn_at: new Date('2025-04-22T10:00:00Z'),
    withdrawn_reason: 'Raised in error',
  },
];

export async function buildFixtureLake(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'carescore-views-'));
  const store = new FsObjectStore(dir);
  const putResults = async (table: ResultsTable, period: string, rows: Row[]) =>
    store.put(keys.resultsPartition(table, period), encodeParquet(rows, resultsTables[table]));

  for (const [i, period] of months.entries()) {
    const cards = Object.entries(overall).flatMap(([p, r]) => (r[i] ? [scorecard(p, period, r[i])] : []));
    const risks = Object.entries(tiers).flatMap(([p, t]) => (t[i] ? [riskRow(p, period, t[i])] : []));
    await putResults('scorecards', period, cards);
    await putResults('risk_matrix', period, risks);
  }
  await putResults('kpi_scores', '2025-01', kpiRows);
  // A month published with no rows leaves an empty Parquet file, which must read as nothing.
  await putResults('kpi_scores', '2025-02', []);
  await putResults('area_scores', '2025-01', areaRows);
  await putResults('submission_compliance', '2025-01', complianceRows);
  // Later months: every scored provider's return received on time, so every month is complete.
  for (const period of months.slice(1)) {
    const due = new Date(`${nextMonth(period)}-15T23:59:59Z`);
    const rows = Object.entries(overall).flatMap(([provider_id, r]) =>
      r[months.indexOf(period)]
        ? [
            {
              ...complianceRows[0]!,
              provider_id,
              due_at: due,
              received_at: new Date(due.getTime() - 86_400_000),
            },
          ]
        : [],
    );
    await putResults('submission_compliance', period, rows);
  }
  await putResults('alerts', '2025-02', [alertRows[0]!]);
  await putResults('alerts', '2025-03', [alertRows[1]!]);

  const registerContract = contracts['provider-register'];
  await store.put(
    keys.curatedTable(registerContract.table, 'data'),
    encodeParquet(register, curatedSchema(registerContract)),
  );
  const clustersContract = contracts.clusters;
  await store.put(
    keys.curatedTable(clustersContract.table, 'data'),
    encodeParquet(clusters, curatedSchema(clustersContract)),
  );
  const sanctionsContract = contracts.sanctions;
  const sanctionRows = sanctions(todayUtc()).map(
    ([sanction_id, provider_id, level, trigger, evidenced_on, lifted_on]) => ({
      sanction_id,
      provider_id,
      type: 'contract_compliance',
      level,
      trigger,
      evidenced_on,
      action_plan_received_on: null,
      lifted_on,
      ...provenance,
    }),
  );
  await store.put(
    keys.curatedTable(sanctionsContract.table, 'data'),
    encodeParquet(sanctionRows, curatedSchema(sanctionsContract)),
  );
  // Commissioned hours are partitioned by the month of week_ending, as the curated writer does.
  const hoursContract = contracts['commissioned-hours'];
  const byMonth = new Map<string, Row[]>();
  for (const [provider_id, cluster_id, week_ending, h] of hours) {
    const month = week_ending.slice(0, 7);
    byMonth.set(month, [
      ...(byMonth.get(month) ?? []),
      { provider_id, cluster_id, week_ending, hours: h, ...provenance },
    ]);
  }
  for (const [month, rows] of byMonth) {
    await store.put(
      keys.curatedPartition(hoursContract.table, month, 'data'),
      encodeParquet(rows, curatedSchema(hoursContract)),
    );
  }
  for (const record of ledger)
    await store.put(keys.ledger(record.submission_id), `${JSON.stringify(record)}\n`);
  return dir;
}
