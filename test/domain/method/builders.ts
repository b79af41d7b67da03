// Small builders for hand-made scoring inputs: every field has a dull default so a test states
// only what it is about.
import type {
  CommissionedHoursRow,
  CqcRatingRow,
  IntelligenceRow,
  MonthlyReturnRow,
  OfferRow,
  ProviderRegisterRow,
  SanctionRow,
  ScoringInputs,
  SelfAssessmentRow,
} from '../../../functions/domain/method/inputs.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import type { ScoringResults } from '../../../functions/domain/method/results.ts';
import { type ScoreOptions, scoreProviders } from '../../../functions/domain/method/score.ts';

export function inputs(parts: Partial<ScoringInputs> = {}): ScoringInputs {
  return {
    register: [],
    clusters: [],
    monthlyReturns: [],
    selfAssessments: [],
    cqcRatings: [],
    sanctions: [],
    offers: [],
    commissionedHours: [],
    intelligence: [],
    ...parts,
  };
}

export function reg(p: Partial<ProviderRegisterRow> = {}): ProviderRegisterRow {
  return {
    provider_id: 'P1',
    provider_name: 'Provider One',
    cqc_provider_id: '1-1',
    branch_id: 'L1',
    branch_name: 'Branch One',
    cluster_id: 'C1',
    contract_start: '2020-01-01',
    ...p,
  };
}

/** A return row for 2024-05 that scores 4 on every KPI it supplies, received on time. */
export function mr(p: Partial<MonthlyReturnRow> = {}): MonthlyReturnRow {
  return {
    submission_id: 'S1',
    received_at: new Date('2024-06-10T09:00:00Z'),
    submission_status: 'accepted',
    provider_id: 'P1',
    branch_id: 'L1',
    service_code: 'HC',
    period: '2024-05',
    calls_scheduled: 10_000,
    calls_late_early: 0,
    calls_missed: 0,
    calls_double_handed: 100,
    calls_double_handed_on_time: 100,
    hours_commissioned: 1000,
    hours_delivered: 995,
    hours_invoiced: 995,
    people_served: 100,
    people_trusted_team_ok: 100,
    packages_new: 10,
    care_plans_by_second_visit: 10,
    complaints_closed: 10,
    complaints_closed_in_20wd: 10,
    notifications_due: 10,
    notifications_on_time: 10,
    ...p,
  };
}

export function sa(p: Partial<SelfAssessmentRow> = {}): SelfAssessmentRow {
  return {
    submission_id: 'SA1',
    received_at: new Date('2024-07-01T09:00:00Z'),
    submission_status: 'accepted',
    provider_id: 'P1',
    quarter_start: '2024-04',
    self_rating_quality: 3,
    self_rating_cost_flex: 3,
    self_rating_delivery: 3,
    self_rating_relationship: 3,
    self_rating_workforce: 3,
    staff_headcount: 100,
    staff_supervised_in_quarter: 100,
    staff_appraised_12m: 100,
    staff_dbs_current: 100,
    staff_safeguarding_trained: 100,
    leavers_12m: 10,
    starters_due_care_certificate: 10,
    starters_care_certificate_12w: 10,
    registered_manager_in_post: true,
    ...p,
  };
}

export function cqc(p: Partial<CqcRatingRow> = {}): CqcRatingRow {
  return { location_id: 'L1', provider_id: '1-1', report_date: '2023-01-01', rating: 'Good', ...p };
}

export function sanction(p: Partial<SanctionRow> = {}): SanctionRow {
  return {
    sanction_id: 'X1',
    provider_id: 'P1',
    type: 'contract_compliance',
    level: 1,
    trigger: 'test',
    evidenced_on: '2024-05-10',
    action_plan_received_on: '2024-05-12',
    lifted_on: null,
    ...p,
  };
}

export function offer(p: Partial<OfferRow> = {}): OfferRow {
  return {
    offer_id: 'O1',
    provider_id: 'P1',
    cluster_id: 'C1',
    offered_at: new Date('2024-05-10T10:00:00Z'),
    responded_at: new Date('2024-05-10T11:00:00Z'),
    response: 'accepted',
    ...p,
  };
}

export function hours(p: Partial<CommissionedHoursRow> = {}): CommissionedHoursRow {
  return { provider_id: 'P1', cluster_id: 'C1', week_ending: '2024-05-12', hours: 100, ...p };
}

export function intel(p: Partial<IntelligenceRow> = {}): IntelligenceRow {
  return {
    record_id: 'I1',
    provider_id: 'P1',
    date: '2024-05-15',
    source: 'practitioner',
    category: 'general',
    severity: 'low',
    substantiated: 'yes',
    ...p,
  };
}

/** After every May 2024 return is due, before June's. */
const AS_OF = new Date('2024-07-01T12:00:00Z');

/** Scores P1 (registered since 2020, branch L1 rated Good) with the given extra inputs. */
export function run(parts: Partial<ScoringInputs> = {}, opts: Partial<ScoreOptions> = {}): ScoringResults {
  return scoreProviders(inputs({ register: [reg()], cqcRatings: [cqc()], ...parts }), {
    asOf: AS_OF,
    method: publishedMethod('v1'),
    ...opts,
  });
}

export function kpiOf(r: ScoringResults, id: string, period = '2024-05', provider = 'P1') {
  const row = r.kpiScores.find((k) => k.kpi_id === id && k.period === period && k.provider_id === provider);
  if (!row) throw new Error(`no ${id} row for ${provider} ${period}`);
  return row;
}

export function areaOf(r: ScoringResults, area: string, period = '2024-05', provider = 'P1') {
  const row = r.areaScores.find((a) => a.area === area && a.period === period && a.provider_id === provider);
  if (!row) throw new Error(`no ${area} row for ${provider} ${period}`);
  return row;
}

export function cardOf(r: ScoringResults, period = '2024-05', provider = 'P1') {
  const row = r.scorecards.find((a) => a.period === period && a.provider_id === provider);
  if (!row) throw new Error(`no scorecard for ${provider} ${period}`);
  return row;
}

export function riskOf(r: ScoringResults, period = '2024-05', provider = 'P1') {
  const row = r.riskMatrix.find((a) => a.period === period && a.provider_id === provider);
  if (!row) throw new Error(`no risk row for ${provider} ${period}`);
  return row;
}
