import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  bandExpression,
  type Thresholds,
  thresholdExpression,
} from '../../../functions/domain/method/kpi-points.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { cqc, intel, kpiOf, mr, offer, reg, run, sa } from './builders.ts';

const T = { O: 0.95, G: 0.85, R: 0.7 };
const published = publishedMethod();

/** The points an expression of the method's bands gives a value, derived in an Arquero table. */
const pointsOf = (expression: (value: string) => string, value: number) =>
  aq
    .table({ v: [value] })
    .derive({ p: expression('d.v') })
    .get('p', 0);
const thresholdPoints = (value: number, direction: 'higher' | 'lower', t: Thresholds) =>
  pointsOf((v) => thresholdExpression(v, direction, t, published.ratings.points), value);
const bandPoints = (
  value: number,
  bands: { min: number; max: number; points: number }[],
  otherwise: number,
) => pointsOf((v) => bandExpression(v, bands, otherwise), value);

describe('KPI points (§2 banding)', () => {
  it('higher-is-better: each threshold reached exactly scores the higher band', () => {
    expect(thresholdPoints(0.95, 'higher', T)).toBe(4);
    expect(thresholdPoints(0.9499999, 'higher', T)).toBe(3);
    expect(thresholdPoints(0.85, 'higher', T)).toBe(3);
    expect(thresholdPoints(0.8499999, 'higher', T)).toBe(2);
    expect(thresholdPoints(0.7, 'higher', T)).toBe(2);
    expect(thresholdPoints(0.6999999, 'higher', T)).toBe(1);
  });
  it("gives each band the points the method's ratings.points give its rating, not fixed numbers", () => {
    const points = { Outstanding: 4, Good: 4, 'Requires improvement': 1, Inadequate: 1 };
    const p = (value: number) => pointsOf((v) => thresholdExpression(v, 'higher', T, points), value);
    expect([p(0.96), p(0.9), p(0.75), p(0.5)]).toEqual([4, 4, 1, 1]);
  });

  it('lower-is-better: D02 at 0.0025 exactly is Good, just above is RI', () => {
    const d02 = { O: 0.0005, G: 0.0025, R: 0.01 };
    expect(thresholdPoints(0.0005, 'lower', d02)).toBe(4);
    expect(thresholdPoints(0.0025, 'lower', d02)).toBe(3);
    expect(thresholdPoints(0.0025000001, 'lower', d02)).toBe(2);
    expect(thresholdPoints(0.01, 'lower', d02)).toBe(2);
    expect(thresholdPoints(0.0100001, 'lower', d02)).toBe(1);
  });
  it('D03 two-sided bands', () => {
    const bands = [
      { min: 0.99, max: 1, points: 4 },
      { min: 0.97, max: 1.01, points: 3 },
      { min: 0.9, max: 1.03, points: 2 },
    ];
    const p = (r: number) => bandPoints(r, bands, 1);
    expect([p(0.99), p(1), p(1.01), p(0.97), p(1.03), p(0.9)]).toEqual([4, 4, 3, 3, 2, 2]);
    expect([p(0.9899), p(1.0001), p(1.0101), p(0.8999), p(1.0301)]).toEqual([3, 3, 2, 1, 1]);
  });
});

describe('monthly-return KPIs are ratios of sums over all rows', () => {
  it('Q02 sums branches: (9 + 10) / (10 + 10) = 0.95 → 4, not the mean of row ratios', () => {
    const r = run({
      monthlyReturns: [
        mr({ complaints_closed: 10, complaints_closed_in_20wd: 9 }),
        mr({ branch_id: 'L2', complaints_closed: 10, complaints_closed_in_20wd: 10 }),
      ],
    });
    expect(kpiOf(r, 'Q02')).toMatchObject({
      numerator: 19,
      denominator: 20,
      value: 0.95,
      points: 4,
      weight: 1,
    });
  });
  it('Q02 not scored with no complaints closed (denominator 0 < 1)', () => {
    const r = run({ monthlyReturns: [mr({ complaints_closed: 0, complaints_closed_in_20wd: 0 })] });
    expect(kpiOf(r, 'Q02')).toMatchObject({ numerator: 0, denominator: 0, value: null, points: null });
  });
  it('Q03 at 19/20 = 0.95 → 3 (O is 1.00)', () => {
    const r = run({ monthlyReturns: [mr({ notifications_due: 20, notifications_on_time: 19 })] });
    expect(kpiOf(r, 'Q03')).toMatchObject({ value: 0.95, points: 3, weight: 2 });
  });
  it('D01: 20 calls is enough (min 20), 19 is not', () => {
    // 1 / 20 = 0.05 ≤ G 0.05 → 3
    const r = run({ monthlyReturns: [mr({ calls_scheduled: 20, calls_late_early: 1, calls_missed: 0 })] });
    expect(kpiOf(r, 'D01')).toMatchObject({ numerator: 1, denominator: 20, value: 0.05, points: 3 });
    const r2 = run({ monthlyReturns: [mr({ calls_scheduled: 19, calls_late_early: 1, calls_missed: 0 })] });
    expect(kpiOf(r2, 'D01').points).toBeNull();
    expect(kpiOf(r2, 'D01').value).toBe(0.052632); // 1 / 19 published to 6 dp
  });
  it('D02 at exactly 0.0025 (10 of 4000) → 3; 11 of 4000 → 2', () => {
    const r = run({ monthlyReturns: [mr({ calls_scheduled: 4000, calls_missed: 10 })] });
    expect(kpiOf(r, 'D02')).toMatchObject({ value: 0.0025, points: 3 });
    const r2 = run({ monthlyReturns: [mr({ calls_scheduled: 4000, calls_missed: 11 })] });
    expect(kpiOf(r2, 'D02')).toMatchObject({ value: 0.00275, points: 2 });
  });
  it('D03 sums hours in hundredths: 0.1 + 0.2 delivered vs 0.3 commissioned is exactly 1.00 → 4', () => {
    // as doubles 0.1 + 0.2 = 0.30000000000000004; in hundredths 10 + 20 = 30
    const r = run({
      monthlyReturns: [
        mr({ hours_commissioned: 0.15, hours_delivered: 0.1, hours_invoiced: 0.1 }),
        mr({ branch_id: 'L2', hours_commissioned: 0.15, hours_delivered: 0.2, hours_invoiced: 0.2 }),
        mr({ branch_id: 'L3', hours_commissioned: 1, hours_delivered: 1, hours_invoiced: 1 }),
      ],
    });
    // (10 + 20 + 100) / (15 + 15 + 100) = 130 / 130 = 1
    expect(kpiOf(r, 'D03')).toMatchObject({ numerator: 1.3, denominator: 1.3, value: 1, points: 4 });
  });
  it.each([
    [99, 4],
    [100, 4],
    [101, 3],
    [97, 3],
    [103, 2],
    [90, 2],
    [89.99, 1],
    [103.01, 1],
  ])('D03 delivered %s of 100 commissioned → %s', (delivered, points) => {
    const r = run({
      monthlyReturns: [mr({ hours_commissioned: 100, hours_delivered: delivered, hours_invoiced: 0 })],
    });
    expect(kpiOf(r, 'D03').points).toBe(points);
  });
  it('D03 needs 1 commissioned hour: 0.99 h is not scored', () => {
    const r = run({
      monthlyReturns: [mr({ hours_commissioned: 0.99, hours_delivered: 0.99, hours_invoiced: 0 })],
    });
    expect(kpiOf(r, 'D03').points).toBeNull();
  });
  it('D04 sums per-row over-invoicing: under-invoicing on one row does not offset another', () => {
    // row 1: invoiced 100.5 − delivered 100 = 0.5 h over; row 2: 99 − 100 → 0. Σ = 0.5 / 200 = 0.0025 → > R 0.005? no: ≤ 0.005 → 2
    const r = run({
      monthlyReturns: [
        mr({ hours_commissioned: 100, hours_delivered: 100, hours_invoiced: 100.5 }),
        mr({ branch_id: 'L2', hours_commissioned: 100, hours_delivered: 100, hours_invoiced: 99 }),
      ],
    });
    expect(kpiOf(r, 'D04')).toMatchObject({ numerator: 0.5, denominator: 200, value: 0.0025, points: 2 });
  });
  it('D04 zero over-invoicing → 4; 0.1 of 100 h = 0.001 → 3', () => {
    expect(kpiOf(run({ monthlyReturns: [mr()] }), 'D04')).toMatchObject({ value: 0, points: 4 });
    const r = run({ monthlyReturns: [mr({ hours_delivered: 100, hours_invoiced: 100.1 })] });
    expect(kpiOf(r, 'D04')).toMatchObject({ value: 0.001, points: 3 });
  });
  it('D05 min 5 people; 9 of 10 = 0.90 → 4', () => {
    expect(
      kpiOf(run({ monthlyReturns: [mr({ people_served: 10, people_trusted_team_ok: 9 })] }), 'D05'),
    ).toMatchObject({ value: 0.9, points: 4 });
    expect(
      kpiOf(run({ monthlyReturns: [mr({ people_served: 4, people_trusted_team_ok: 4 })] }), 'D05').points,
    ).toBeNull();
  });
  it('D06 one new package is enough; 0 of 1 → 1', () => {
    const r = run({ monthlyReturns: [mr({ packages_new: 1, care_plans_by_second_visit: 0 })] });
    expect(kpiOf(r, 'D06')).toMatchObject({ value: 0, points: 1 });
  });
  it('D07 min 5 double-handed calls', () => {
    // 19 / 20 = 0.95 → 3
    const r = run({ monthlyReturns: [mr({ calls_double_handed: 20, calls_double_handed_on_time: 19 })] });
    expect(kpiOf(r, 'D07')).toMatchObject({ value: 0.95, points: 3 });
    const r2 = run({ monthlyReturns: [mr({ calls_double_handed: 4, calls_double_handed_on_time: 4 })] });
    expect(kpiOf(r2, 'D07').points).toBeNull();
  });
  it('no monthly return → its KPIs are not scored', () => {
    const r = run(
      { monthlyReturns: [mr({ provider_id: 'P1', period: '2024-04', received_at: new Date('2024-05-10') })] },
      {
        periods: ['2024-05'],
      },
    );
    for (const id of ['Q02', 'Q03', 'Q04', 'D01', 'D02', 'D03', 'D04', 'D05', 'D06', 'D07'])
      expect(kpiOf(r, id)).toMatchObject({ numerator: null, denominator: null, value: null, points: null });
  });
});

describe('Q01 CQC (worst registered branch)', () => {
  it('takes the worst branch and publishes points only', () => {
    const r = run({
      register: [reg(), reg({ branch_id: 'L2' })],
      cqcRatings: [cqc(), cqc({ location_id: 'L2', rating: 'Requires improvement' })],
      monthlyReturns: [mr()],
    });
    expect(kpiOf(r, 'Q01')).toMatchObject({
      numerator: null,
      denominator: null,
      value: null,
      points: 2,
      weight: 2,
    });
  });
  it('no rated branch → not scored', () => {
    const r = run({ cqcRatings: [], monthlyReturns: [mr()] });
    expect(kpiOf(r, 'Q01').points).toBeNull();
  });
});

describe('Q04 safeguarding per 100 people (3 months ending m)', () => {
  const safeguarding = (date: string, substantiated: 'yes' | 'no' | 'unknown' = 'yes') =>
    intel({ record_id: date + substantiated, date, source: 'safeguarding', substantiated });
  it('counts substantiated safeguarding records in m−2..m only', () => {
    // 2024-03-01 and 2024-05-31 count; 2024-02-29 is outside; unknown and no never count; 2 × 100 / 100 = 2 → ≤ R 3 → 2
    const r = run({
      monthlyReturns: [mr({ people_served: 100 })],
      intelligence: [
        safeguarding('2024-02-29'),
        safeguarding('2024-03-01'),
        safeguarding('2024-05-31'),
        safeguarding('2024-05-10', 'unknown'),
        safeguarding('2024-05-11', 'no'),
        intel({ record_id: 'x', source: 'practitioner', substantiated: 'yes' }),
      ],
    });
    expect(kpiOf(r, 'Q04')).toMatchObject({ numerator: 2, denominator: 100, value: 2, points: 2 });
  });
  it('zero records with a return scores 0 per 100 → 4; 1 per 100 exactly → 3', () => {
    expect(kpiOf(run({ monthlyReturns: [mr()] }), 'Q04')).toMatchObject({
      numerator: 0,
      value: 0,
      points: 4,
    });
    const r = run({
      monthlyReturns: [mr({ people_served: 100 })],
      intelligence: [safeguarding('2024-05-01')],
    });
    expect(kpiOf(r, 'Q04')).toMatchObject({ value: 1, points: 3 });
  });
  it('not scored without a monthly return for m, or with no people served', () => {
    const r = run({ monthlyReturns: [mr({ people_served: 0, people_trusted_team_ok: 0 })] });
    expect(kpiOf(r, 'Q04').points).toBeNull();
  });
});

describe('self-assessment KPIs (Q05, W01–W06)', () => {
  it('uses the quarter containing m; each W KPI is a ratio over headcount', () => {
    const r = run({
      monthlyReturns: [mr()],
      selfAssessments: [
        sa({
          staff_headcount: 50,
          staff_supervised_in_quarter: 49, // 0.98 → 4
          staff_appraised_12m: 45, // 0.90 → 3
          staff_dbs_current: 44, // 0.88 → 2
          staff_safeguarding_trained: 37, // 0.74 → 1
          starters_due_care_certificate: 4,
          starters_care_certificate_12w: 3, // 0.75 → 2
          leavers_12m: 15, // 0.30 ≤ 0.35 → 2 (lower is better)
          registered_manager_in_post: false, // → 1
        }),
      ],
    });
    expect(kpiOf(r, 'W01')).toMatchObject({ numerator: 49, denominator: 50, value: 0.98, points: 4 });
    expect(kpiOf(r, 'W02').points).toBe(3);
    expect(kpiOf(r, 'W03').points).toBe(2);
    expect(kpiOf(r, 'W04').points).toBe(1);
    expect(kpiOf(r, 'W05')).toMatchObject({ value: 0.75, points: 2 });
    expect(kpiOf(r, 'W06')).toMatchObject({ value: 0.3, points: 2 });
    expect(kpiOf(r, 'Q05')).toMatchObject({ value: null, points: 1 });
  });
  it('manager in post → Q05 3; headcount 4 → W ratios over headcount not scored', () => {
    const r = run({
      monthlyReturns: [mr()],
      selfAssessments: [
        sa({
          staff_headcount: 4,
          staff_supervised_in_quarter: 4,
          staff_appraised_12m: 4,
          staff_dbs_current: 4,
          staff_safeguarding_trained: 4,
          leavers_12m: 0,
        }),
      ],
    });
    expect(kpiOf(r, 'Q05').points).toBe(3);
    for (const id of ['W01', 'W02', 'W03', 'W04', 'W06']) expect(kpiOf(r, id).points).toBeNull();
    expect(kpiOf(r, 'W05').points).toBe(4);
  });
  it('falls back to the previous quarter, but not two quarters back', () => {
    const prev = run({
      monthlyReturns: [mr()],
      selfAssessments: [sa({ quarter_start: '2024-01', leavers_12m: 0 })],
    });
    expect(kpiOf(prev, 'W06')).toMatchObject({ value: 0, points: 4 });
    const old = run({ monthlyReturns: [mr()], selfAssessments: [sa({ quarter_start: '2023-10' })] });
    expect(kpiOf(old, 'W01').points).toBeNull();
    expect(kpiOf(old, 'Q05').points).toBeNull();
  });
  it('uses the latest-received self-assessment for the quarter', () => {
    const r = run({
      monthlyReturns: [mr()],
      selfAssessments: [
        sa({
          submission_id: 'A',
          received_at: new Date('2024-06-01T00:00:00Z'),
          registered_manager_in_post: true,
        }),
        sa({
          submission_id: 'B',
          received_at: new Date('2024-06-02T00:00:00Z'),
          registered_manager_in_post: false,
        }),
      ],
    });
    expect(kpiOf(r, 'Q05').points).toBe(1);
  });
});

describe('offers (C01, C02)', () => {
  const at = (iso: string) => new Date(iso);
  it('C01 median of response hours, unanswered = 72; even count takes the middle mean', () => {
    // hours: 1, 3, 72 (no_response), 72 (no responded_at) → median (3 + 72) / 2 = 37.5 → ≤ 48 → 2
    const r = run({
      monthlyReturns: [mr()],
      offers: [
        offer({
          offer_id: 'a',
          offered_at: at('2024-05-01T10:00:00Z'),
          responded_at: at('2024-05-01T11:00:00Z'),
        }),
        offer({
          offer_id: 'b',
          offered_at: at('2024-05-01T10:00:00Z'),
          responded_at: at('2024-05-01T13:00:00Z'),
        }),
        offer({ offer_id: 'c', response: 'no_response', responded_at: at('2024-05-01T10:30:00Z') }),
        offer({ offer_id: 'd', response: 'declined', responded_at: null }),
      ],
    });
    expect(kpiOf(r, 'C01')).toMatchObject({ numerator: null, denominator: 4, value: 37.5, points: 2 });
    // C02: 2 accepted (a, b) of 4 = 0.5 ≥ R 0.40 → 2
    expect(kpiOf(r, 'C02')).toMatchObject({ numerator: 2, denominator: 4, value: 0.5, points: 2 });
  });
  it('needs 3 offers in m (London month of offered_at)', () => {
    // 2024-04-30T23:30Z is 00:30 BST on 1 May → counts for May; 2024-05-31T23:30Z is June in London
    const r = run({
      monthlyReturns: [mr()],
      offers: [
        offer({
          offer_id: 'a',
          offered_at: at('2024-04-30T23:30:00Z'),
          responded_at: at('2024-05-01T00:30:00Z'),
        }),
        offer({ offer_id: 'b' }),
        offer({
          offer_id: 'c',
          offered_at: at('2024-05-31T23:30:00Z'),
          responded_at: at('2024-06-01T00:00:00Z'),
        }),
      ],
    });
    expect(kpiOf(r, 'C01')).toMatchObject({ denominator: 2, value: 1, points: null });
    expect(kpiOf(r, 'C02').points).toBeNull();
  });
  it('C01 response time is real elapsed time across the spring clock change', () => {
    // 31 Mar 2024 00:30 GMT → 03:30 BST the same night is 2 h elapsed (wall clock says 3)
    const offers = ['a', 'b', 'c'].map((id) =>
      offer({
        offer_id: id,
        offered_at: at('2024-03-31T00:30:00Z'),
        responded_at: at('2024-03-31T02:30:00Z'),
      }),
    );
    const r = run(
      { monthlyReturns: [mr({ period: '2024-03', received_at: at('2024-04-10T00:00:00Z') })], offers },
      { asOf: at('2024-04-20T00:00:00Z') },
    );
    expect(kpiOf(r, 'C01', '2024-03')).toMatchObject({ value: 2, points: 4 });
  });
});
