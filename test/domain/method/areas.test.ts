import { describe, expect, it } from 'vitest';
import { areaOf, cardOf, cqc, intel, kpiOf, mr, reg, run, sa } from './builders.ts';

const good = sa(); // every W KPI 4 (headcount 100, all 100, leavers 10 → 0.10 ≤ 0.15), Q05 3

describe('area scores (§3)', () => {
  it('weighted mean of scored KPIs; quality = (2·3 + 1·4 + 2·4 + 1·4 + 1·3) / 7 = 25/7', () => {
    const r = run({ monthlyReturns: [mr()], selfAssessments: [good] });
    expect(areaOf(r, 'quality')).toMatchObject({ score: 3.57, effective_score: 3.57, rating: 'Outstanding' });
  });
  it('Not scored when scored weight < half: workforce without a self-assessment', () => {
    const r = run({ monthlyReturns: [mr()] });
    expect(areaOf(r, 'workforce')).toMatchObject({
      score: null,
      effective_score: null,
      rating: 'Not scored',
      limiters: '',
    });
  });
  it('exactly half the weight is enough (relationship with R01 only)', () => {
    const r = run({ monthlyReturns: [mr()] });
    expect(areaOf(r, 'cost_flex').rating).toBe('Not scored');
    // relationship: R01 scored (weight 1 of 2 = half) → scored; R02 not due yet for a first month of 2024-05
    expect(areaOf(r, 'relationship')).toMatchObject({ score: 4, rating: 'Outstanding' });
  });
  it('delivery below half weight: D01, D02, D06, D07 scored (5 of 11 < 5.5) → Not scored', () => {
    const r = run({
      monthlyReturns: [
        mr({
          calls_missed: 0,
          hours_commissioned: 0,
          hours_delivered: 0,
          hours_invoiced: 0,
          people_served: 0,
          people_trusted_team_ok: 0,
        }),
      ],
    });
    expect(areaOf(r, 'delivery').rating).toBe('Not scored');
  });
  it('band edges on the unrounded score: 2.5 is Good, 1.75 is RI', () => {
    // relationship: R01 = 2 (late ≤ 5 days) and R02 = 4? not due → only R01 → 2 → RI (≥ 1.75)
    const r = run({ monthlyReturns: [mr({ received_at: new Date('2024-06-17T10:00:00Z') })] });
    expect(areaOf(r, 'relationship')).toMatchObject({ score: 2, rating: 'Requires improvement' });
  });
});

describe('limiters (§3, §8 "Otherwise" is literal)', () => {
  it('CQC_INADEQUATE caps quality at Inadequate, effective min(score, 1.0)', () => {
    const r = run({ monthlyReturns: [mr()], cqcRatings: [cqc({ rating: 'Inadequate' })] });
    // quality = (2·1 + 4 + 2·4 + 4) / 6 (Q05 not scored) = 18/6 = 3 → Good, limited to Inadequate
    expect(areaOf(r, 'quality')).toMatchObject({
      score: 3,
      effective_score: 1,
      rating: 'Inadequate',
      rating_before_limiters: 'Good',
      limiters: 'CQC_INADEQUATE',
    });
  });
  it('CQC_WARNING_NOTICE (6 months ending m, category trimmed and case-insensitive) with CQC_INADEQUATE: both recorded, CQC_RI not', () => {
    const r = run({
      monthlyReturns: [mr()],
      cqcRatings: [cqc({ rating: 'Inadequate' })],
      intelligence: [intel({ date: '2023-12-01', category: ' Warning_Notice ', substantiated: 'unknown' })],
    });
    expect(areaOf(r, 'quality').limiters).toBe('CQC_INADEQUATE,CQC_WARNING_NOTICE');
  });
  it('a warning notice 7 months back or marked not substantiated does not count', () => {
    const r = run({
      monthlyReturns: [mr()],
      intelligence: [
        intel({ record_id: 'a', date: '2023-11-30', category: 'warning_notice' }),
        intel({ record_id: 'b', date: '2024-05-01', category: 'warning_notice', substantiated: 'no' }),
      ],
    });
    expect(areaOf(r, 'quality').limiters).toBe('');
  });
  it('CQC_RI caps at Requires improvement: effective min(score, 2.0), recorded even when already below', () => {
    const r = run({ monthlyReturns: [mr()], cqcRatings: [cqc({ rating: 'Requires improvement' })] });
    // (2·2 + 4 + 8 + 4) / 6 = 20/6 = 3.33 → Good → RI, effective 2
    expect(areaOf(r, 'quality')).toMatchObject({
      score: 3.33,
      effective_score: 2,
      rating: 'Requires improvement',
      limiters: 'CQC_RI',
    });
    const low = run({
      monthlyReturns: [mr({ complaints_closed_in_20wd: 0, notifications_on_time: 0 })],
      cqcRatings: [cqc({ rating: 'Requires improvement' })],
    });
    // (2·2 + 1 + 2·1 + 4) / 6 = 11/6 = 1.83 → RI already; still recorded, effective stays 1.83
    expect(areaOf(low, 'quality')).toMatchObject({ score: 1.83, effective_score: 1.83, limiters: 'CQC_RI' });
  });
  it('CQC_RI is not applied when a warning notice applies ("otherwise")', () => {
    const r = run({
      monthlyReturns: [mr()],
      cqcRatings: [cqc({ rating: 'Requires improvement' })],
      intelligence: [intel({ category: 'warning_notice' })],
    });
    expect(areaOf(r, 'quality')).toMatchObject({ rating: 'Inadequate', limiters: 'CQC_WARNING_NOTICE' });
  });
  const missed = (period: string, calls_missed: number, received = `${period}-28T10:00:00Z`) =>
    mr({
      submission_id: period,
      period,
      calls_missed,
      calls_scheduled: 1000,
      received_at: new Date(received),
    });
  it('MISSED_CALLS_PERSISTENT: D02 = 1 in 2 of the 3 months ending m, and CRITICAL_DELIVERY_KPI is then not recorded', () => {
    // D02 = 20/1000 = 0.02 > 0.01 → 1 in March and May; April 0 → 4
    const r = run(
      {
        monthlyReturns: [
          missed('2024-03', 20),
          missed('2024-04', 0),
          missed('2024-05', 20, '2024-06-10T10:00:00Z'),
        ],
      },
      { periods: ['2024-05'] },
    );
    expect(kpiOf(r, 'D02').points).toBe(1);
    expect(areaOf(r, 'delivery')).toMatchObject({
      rating: 'Inadequate',
      effective_score: 1,
      limiters: 'MISSED_CALLS_PERSISTENT',
    });
  });
  it('one bad month of three → CRITICAL_DELIVERY_KPI caps at RI', () => {
    const r = run(
      {
        monthlyReturns: [
          missed('2024-03', 0),
          missed('2024-04', 0),
          missed('2024-05', 20, '2024-06-10T10:00:00Z'),
        ],
      },
      { periods: ['2024-05'] },
    );
    // delivery = (4 + 2·1 + 2·4 + 2·4 + 2·4 + 4 + 4) / 11 = 38/11 = 3.45 → Good → RI, effective 2
    expect(areaOf(r, 'delivery')).toMatchObject({
      score: 3.45,
      effective_score: 2,
      rating: 'Requires improvement',
      limiters: 'CRITICAL_DELIVERY_KPI',
    });
  });
  it('DBS_BELOW_90: W03 below 0.90 caps workforce at RI; exactly 0.90 does not', () => {
    const r = run({ monthlyReturns: [mr()], selfAssessments: [sa({ staff_dbs_current: 89 })] });
    expect(areaOf(r, 'workforce')).toMatchObject({
      rating: 'Requires improvement',
      effective_score: 2,
      limiters: 'DBS_BELOW_90',
    });
    const ok = run({ monthlyReturns: [mr()], selfAssessments: [sa({ staff_dbs_current: 90 })] });
    expect(areaOf(ok, 'workforce').limiters).toBe('');
  });
  it('no limiters on a Not scored area', () => {
    const r = run({ cqcRatings: [cqc({ rating: 'Inadequate' })], monthlyReturns: [mr()] }, {});
    expect(areaOf(r, 'workforce').limiters).toBe('');
    const noQuality = run({
      register: [reg()],
      cqcRatings: [cqc({ rating: 'Inadequate' })],
      monthlyReturns: [
        mr({
          complaints_closed: 0,
          complaints_closed_in_20wd: 0,
          notifications_due: 0,
          notifications_on_time: 0,
          people_served: 0,
          people_trusted_team_ok: 0,
        }),
      ],
    });
    // quality: only Q01 (weight 2 of 7) → Not scored, so CQC_INADEQUATE is not recorded
    expect(areaOf(noQuality, 'quality')).toMatchObject({ rating: 'Not scored', limiters: '' });
  });
});

describe('overall rating (§4)', () => {
  it('area-weighted effective scores; cap lowers the rating only and is recorded', () => {
    const r = run({
      monthlyReturns: [mr()],
      selfAssessments: [good],
      cqcRatings: [cqc({ rating: 'Requires improvement' })],
    });
    // quality 20/7 = 2.857 → Good → CQC_RI → RI, effective 2; cost_flex Not scored; delivery 4; relationship 4 (R01 only); workforce 4
    // overall = (30·2 + 30·4 + 10·4 + 20·4) / 90 = 300/90 = 3.33 → Good, capped at RI by quality
    expect(cardOf(r)).toMatchObject({
      overall_score: 3.33,
      overall_rating: 'Requires improvement',
      overall_rating_before_cap: 'Good',
      quality_rating: 'Requires improvement',
      cost_flex_rating: 'Not scored',
      overall_limiters: 'QUALITY_OR_DELIVERY_CAP',
    });
  });
  it('the cap is not recorded when it does not lower the rating', () => {
    const r = run({ monthlyReturns: [mr()], selfAssessments: [good] });
    expect(cardOf(r)).toMatchObject({ overall_rating: 'Outstanding', overall_limiters: '' });
  });
  it('quality and delivery both Not scored → overall Not scored', () => {
    const r = run(
      {
        cqcRatings: [],
        selfAssessments: [good],
        monthlyReturns: [mr({ period: '2024-04', received_at: new Date('2024-05-10T00:00:00Z') })],
      },
      { periods: ['2024-05'] },
    );
    expect(cardOf(r)).toMatchObject({
      overall_score: null,
      overall_rating: 'Not scored',
      quality_rating: 'Not scored',
      delivery_rating: 'Not scored',
    });
  });
});

describe('level 3 triggers (§5)', () => {
  it('lists codes in the §5 order; intelligence in m counts unless substantiated = no', () => {
    const r = run({
      monthlyReturns: [mr()],
      cqcRatings: [cqc({ rating: 'Inadequate' })],
      intelligence: [
        intel({ record_id: 'a', category: 'needs_not_met', substantiated: 'unknown' }),
        intel({ record_id: 'b', category: 'Significant_Risk' }),
        intel({ record_id: 'c', category: 'warning_notice', date: '2024-05-01' }),
        intel({ record_id: 'd', category: 'significant_risk', date: '2024-04-30' }),
      ],
    });
    expect(cardOf(r).level3_triggers).toBe(
      'SCORECARD_QUALITY_INADEQUATE,CQC_WARNING_NOTICE,SIGNIFICANT_RISK,NEEDS_NOT_MET',
    );
  });
  it('not substantiated records and records outside m raise nothing', () => {
    const r = run({
      monthlyReturns: [mr()],
      intelligence: [
        intel({ record_id: 'a', category: 'needs_not_met', substantiated: 'no' }),
        intel({ record_id: 'b', category: 'significant_risk', date: '2024-06-01' }),
      ],
    });
    expect(cardOf(r).level3_triggers).toBe('');
  });
  it('SCORECARD_DELIVERY_INADEQUATE from the rating after limiters', () => {
    const months = ['2024-03', '2024-04', '2024-05'].map((p) =>
      mr({
        submission_id: p,
        period: p,
        calls_missed: 20,
        calls_scheduled: 1000,
        received_at: new Date(`${p}-28T00:00:00Z`),
      }),
    );
    const r = run({ monthlyReturns: months }, { periods: ['2024-05'] });
    expect(cardOf(r).level3_triggers).toBe('SCORECARD_DELIVERY_INADEQUATE');
  });
});
