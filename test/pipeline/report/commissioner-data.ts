// Hand-made data for the commissioners' report: seven providers in March 2025 whose matrix cells,
// action order and cluster shares are worked out by hand in the comments.

import type { RiskTier } from '../../../functions/domain/method/config.ts';
import type { ProviderRegisterRow } from '../../../functions/domain/method/inputs.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import type { Alert, RiskMatrixRow, ScorecardRow } from '../../../functions/domain/method/results.ts';
import type { CommissionerReportData } from '../../../functions/pipeline/report/commissioner-report.ts';

export const PERIOD = '2025-03';
export const EVIL = `Beta <script>alert(1)</script> "Homecare"`;

/** Tier by the method's bands, written out again so the test does not trust the code under test. */
export function bandOf(score: number): RiskTier {
  return score >= 16 ? 'Critical' : score >= 10 ? 'High' : score >= 5 ? 'Moderate' : 'Low';
}

export function card(p: Partial<ScorecardRow> & Pick<ScorecardRow, 'provider_id'>): ScorecardRow {
  return {
    period: PERIOD,
    overall_score: 3,
    overall_rating: 'Good',
    overall_rating_before_cap: p.overall_rating ?? 'Good',
    quality_rating: 'Good',
    cost_flex_rating: 'Good',
    delivery_rating: 'Good',
    relationship_rating: 'Good',
    workforce_rating: 'Good',
    overall_limiters: '',
    level3_triggers: '',
    worst_cqc_rating: 'Good',
    method_version: 'v1',
    ...p,
  };
}

export function risk(
  p: Partial<RiskMatrixRow> & Pick<RiskMatrixRow, 'provider_id' | 'likelihood' | 'impact'>,
): RiskMatrixRow {
  const score = p.likelihood * p.impact;
  return {
    period: PERIOD,
    likelihood_base: 2,
    risk_score: score,
    risk_tier: bandOf(score),
    factors: '',
    impact_basis: 'market_share',
    max_market_share: 0.3,
    maturity: 'established',
    maturity_months: 40,
    intensity: bandOf(score),
    method_version: 'v1',
    ...p,
  };
}

function reg(provider_id: string, provider_name: string, cluster_id: string): ProviderRegisterRow {
  return {
    provider_id,
    provider_name,
    cqc_provider_id: `1-${provider_id}`,
    branch_id: `${provider_id}-B1`,
    branch_name: `${provider_name} branch`,
    cluster_id,
    contract_start: '2020-04-01',
  };
}

function alert(p: Partial<Alert> & Pick<Alert, 'provider_id' | 'alert_type'>): Alert {
  return {
    key: `${p.alert_type}:${p.provider_id}:${p.period ?? PERIOD}`,
    severity: 'high',
    period: PERIOD,
    message: 'Something to look at',
    first_raised_at: new Date('2025-04-06T09:00:00Z'),
    ...p,
  };
}

/**
 * March 2025 matrix (likelihood × impact): P001 5×4=20 Critical, P002 4×3=12 High,
 * P003 3×4=12 High, P004 2×3=6 Moderate, P005 1×2=2 Low, P006 5×1=5 Moderate (level 3 trigger),
 * P007 3×3=9 Moderate (not scored, impact unknown).
 * Action list: P001 (20), P002 (12), P003 (12, after P002 by id), P006 (5, level 3).
 */
export function sampleData(): CommissionerReportData {
  const months = ['2024-12', '2025-01', '2025-02', PERIOD];
  const history: ScorecardRow[] = [];
  const trend: Record<string, number[]> = {
    P001: [2.4, 2.0, 1.8, 1.5],
    P002: [2.6, 2.5, 2.2, 2.0],
    P003: [3.4, 3.2, 2.9, 2.7],
    P004: [3.0, 3.0, 3.1, 3.0],
    P005: [3.6, 3.7, 3.7, 3.8],
    P006: [2.9, 2.8, 2.8, 2.6],
  };
  const ratingOf = (s: number) =>
    s >= 3.5 ? 'Outstanding' : s >= 2.5 ? 'Good' : s >= 1.75 ? 'Requires improvement' : 'Inadequate';
  for (const [id, scores] of Object.entries(trend))
    months.slice(0, 3).forEach((m, i) => {
      const s = scores[i]!;
      history.push(card({ provider_id: id, period: m, overall_score: s, overall_rating: ratingOf(s) }));
    });
  const scorecards: ScorecardRow[] = [
    ...history,
    card({
      provider_id: 'P001',
      overall_score: 1.5,
      overall_rating: 'Inadequate',
      quality_rating: 'Inadequate',
      level3_triggers: 'SCORECARD_QUALITY_INADEQUATE',
      worst_cqc_rating: 'Inadequate',
    }),
    card({ provider_id: 'P002', overall_score: 2.0, overall_rating: 'Requires improvement' }),
    card({ provider_id: 'P003', overall_score: 2.7, overall_rating: 'Good' }),
    card({ provider_id: 'P004', overall_score: 3.0, overall_rating: 'Good' }),
    card({ provider_id: 'P005', overall_score: 3.8, overall_rating: 'Outstanding' }),
    card({
      provider_id: 'P006',
      overall_score: 2.6,
      overall_rating: 'Good',
      level3_triggers: 'CQC_WARNING_NOTICE',
    }),
    card({ provider_id: 'P007', overall_score: null, overall_rating: 'Not scored' }),
  ];
  const riskMatrix: RiskMatrixRow[] = [
    // An earlier month, which must not count in March's matrix or action list.
    risk({ provider_id: 'P004', period: '2025-02', likelihood: 4, impact: 4 }),
    risk({
      provider_id: 'P001',
      likelihood: 5,
      impact: 4,
      factors: 'F1_CQC,F2_SANCTION_L2,L3',
      max_market_share: 0.6,
      likelihood_base: 4,
    }),
    risk({
      provider_id: 'P002',
      likelihood: 4,
      impact: 3,
      factors: 'F3_SAFEGUARDING,F5_RETURNS',
      max_market_share: 0.4,
    }),
    risk({ provider_id: 'P003', likelihood: 3, impact: 4, factors: 'F6_DECLINE', max_market_share: 1 }),
    risk({ provider_id: 'P004', likelihood: 2, impact: 3, max_market_share: 0.25 }),
    risk({ provider_id: 'P005', likelihood: 1, impact: 2, max_market_share: 0.15 }),
    risk({ provider_id: 'P006', likelihood: 5, impact: 1, factors: 'L3', max_market_share: 0.05 }),
    risk({ provider_id: 'P007', likelihood: 3, impact: 3, impact_basis: 'unknown', max_market_share: null }),
  ];
  return {
    period: PERIOD,
    method: publishedMethod('v1'),
    generatedAt: new Date('2025-04-07T08:30:00Z'),
    scorecards,
    riskMatrix,
    areaScores: [],
    register: [
      reg('P001', 'Alpha Care Ltd', 'C1'),
      reg('P002', EVIL, 'C1'),
      reg('P003', 'Gamma Home Support', 'C2'),
      reg('P004', 'Delta Carers', 'C2'),
      reg('P005', 'Epsilon Living', 'C3'),
      reg('P006', 'Zeta Care at Home', 'C3'),
      reg('P007', 'Eta New Start', 'C3'),
    ],
    clusters: [
      { cluster_id: 'C1', cluster_name: `North ${EVIL}`, district: 'North', ccg: 'X', lot_area: 'A' },
      { cluster_id: 'C2', cluster_name: 'Central', district: 'Mid', ccg: 'X', lot_area: 'B' },
      { cluster_id: 'C3', cluster_name: 'South', district: 'South', ccg: 'Y', lot_area: 'C' },
    ],
    commissionedHours: [
      // C1 in March: P001 60 h, P002 40 h → shares 0.6 / 0.4, HHI 0.36 + 0.16 = 0.52.
      { provider_id: 'P001', cluster_id: 'C1', week_ending: '2025-03-07', hours: 35.5 },
      { provider_id: 'P001', cluster_id: 'C1', week_ending: '2025-03-28', hours: 24.5 },
      { provider_id: 'P002', cluster_id: 'C1', week_ending: '2025-03-14', hours: 40 },
      // Weeks ending outside March do not count.
      { provider_id: 'P002', cluster_id: 'C1', week_ending: '2025-02-28', hours: 500 },
      { provider_id: 'P002', cluster_id: 'C1', week_ending: '2025-04-04', hours: 500 },
      // C2: P003 alone → HHI 1.
      { provider_id: 'P003', cluster_id: 'C2', week_ending: '2025-03-21', hours: 120.25 },
    ],
    alerts: [
      alert({
        provider_id: 'P001',
        alert_type: 'LEVEL3_TRIGGER',
        severity: 'critical',
        message: 'Quality rated Inadequate',
      }),
      alert({
        provider_id: 'P001',
        alert_type: 'RISK_CRITICAL',
        severity: 'high',
        message: 'Risk tier Critical',
      }),
      alert({
        provider_id: 'P002',
        alert_type: 'RETURN_MISSING',
        severity: 'medium',
        message: `Return missing for ${EVIL}`,
      }),
      alert({ provider_id: 'P004', alert_type: 'RISK_TIER_UP', period: '2025-02', message: 'February only' }),
    ],
    // What v_action_list says for these rows (its words, its order).
    actionList: [
      {
        provider_id: 'P001',
        reasons:
          'Overall rating Inadequate; CQC rating Inadequate; active level 2 sanction; ' +
          'Level 3 trigger: quality rated Inadequate; largest cluster market share 60%',
      },
      {
        provider_id: 'P002',
        reasons:
          'Overall rating Requires improvement; substantiated safeguarding concern in the last 3 months; ' +
          'returns for this month and last month late or missing',
      },
      {
        provider_id: 'P003',
        reasons: 'overall score fell by 0.5 or more in 3 months; largest cluster market share 100%',
      },
      { provider_id: 'P006', reasons: 'Level 3 trigger: CQC warning notice' },
    ],
    completeness: {
      period: PERIOD,
      providers_scored: 7,
      returns_received: 5,
      returns_missing: 0,
      returns_awaited: 2,
      providers_with_hours: 3,
      offers: 12,
      complete: false,
    },
  };
}

export function emptyData(): CommissionerReportData {
  return {
    period: PERIOD,
    method: publishedMethod('v1'),
    generatedAt: new Date('2025-04-07T08:30:00Z'),
    scorecards: [],
    riskMatrix: [],
    areaScores: [],
    register: [],
    clusters: [],
    commissionedHours: [],
    alerts: [],
    actionList: [],
  };
}

/** The sample month with `months` scored months of history ending in it (for the trend axes). */
export function longHistoryData(months: number): CommissionerReportData {
  const d = sampleData();
  const [y, m] = PERIOD.split('-').map(Number) as [number, number];
  const periods = Array.from({ length: months }, (_, i) => {
    const k = y * 12 + (m - 1) - (months - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
  const ids = ['P001', 'P002', 'P003', 'P004', 'P005', 'P006'];
  d.scorecards = [
    ...d.scorecards.filter((s) => s.period === PERIOD),
    ...periods.slice(0, -1).flatMap((period, i) =>
      ids.map((provider_id, j) => {
        const s = 1 + ((i + j * 5) % 13) * 0.25;
        const overall_rating = s >= 3.5 ? 'Outstanding' : s >= 2.5 ? 'Good' : 'Requires improvement';
        return card({ provider_id, period, overall_score: s, overall_rating });
      }),
    ),
  ];
  return d;
}
