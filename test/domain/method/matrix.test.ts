import { describe, expect, it } from 'vitest';
import { impact } from '../../../functions/domain/method/impact.ts';
import { marketImpacts } from '../../../functions/domain/method/market-share.ts';
import { intensity, maturity, maturityMonths } from '../../../functions/domain/method/maturity.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { riskTier } from '../../../functions/domain/method/risk-tier.ts';
import { cqc, hours, intel, mr, riskOf, run, sa, sanction } from './builders.ts';

const config = publishedMethod('v1');

const at = (iso: string) => new Date(iso);
const base = { monthlyReturns: [mr()], selfAssessments: [sa()] }; // overall Outstanding → base 1

describe('likelihood (§6)', () => {
  it('base from the overall rating, no factors', () => {
    expect(riskOf(run(base))).toMatchObject({ likelihood: 1, likelihood_base: 1, factors: '' });
  });
  it('F1_CQC: worst rating RI or Inadequate', () => {
    const r = run({ ...base, cqcRatings: [cqc({ rating: 'Requires improvement' })] });
    // overall capped at RI → base 3, + F1 = 4
    expect(riskOf(r)).toMatchObject({ likelihood_base: 3, likelihood: 4, factors: 'F1_CQC' });
  });
  it('F2_SANCTION_L2: level ≥ 2 active at month end (lifted on the last day is not active)', () => {
    const r = run({ ...base, sanctions: [sanction({ level: 2, evidenced_on: '2024-01-01' })] });
    expect(riskOf(r)).toMatchObject({ likelihood: 2, factors: 'F2_SANCTION_L2' });
    const lifted = run({
      ...base,
      sanctions: [sanction({ level: 2, evidenced_on: '2024-01-01', lifted_on: '2024-05-31' })],
    });
    expect(riskOf(lifted).factors).toBe('');
    const stillActive = run({
      ...base,
      sanctions: [sanction({ level: 2, evidenced_on: '2024-05-31', lifted_on: '2024-06-01' })],
    });
    expect(riskOf(stillActive).factors).toBe('F2_SANCTION_L2');
  });
  it('F3_SAFEGUARDING: a substantiated safeguarding record in the 3 months ending m', () => {
    const r = run({
      ...base,
      intelligence: [intel({ date: '2024-03-01', source: 'safeguarding', substantiated: 'yes' })],
    });
    expect(riskOf(r).factors).toBe('F3_SAFEGUARDING');
    const unknown = run({
      ...base,
      intelligence: [intel({ source: 'safeguarding', substantiated: 'unknown' })],
    });
    expect(riskOf(unknown).factors).toBe('');
  });
  it('F4_EPISODES: more than 3 sanctions evidenced in the 12 months ending m, any level, lifted or not', () => {
    const s = (id: string, evidenced_on: string) =>
      sanction({
        sanction_id: id,
        evidenced_on,
        lifted_on: '2024-02-01',
        action_plan_received_on: '2024-01-01',
      });
    const four = [s('a', '2023-06-01'), s('b', '2023-09-01'), s('c', '2024-01-01'), s('d', '2024-01-15')];
    expect(riskOf(run({ ...base, sanctions: four })).factors).toBe('F4_EPISODES');
    const outside = [s('a', '2023-05-31'), ...four.slice(1)];
    expect(riskOf(run({ ...base, sanctions: outside })).factors).toBe('');
  });
  it('F5_RETURNS: m and m−1 both late or missing (m−1 must be a scored month)', () => {
    const r = run(
      {
        ...base,
        monthlyReturns: [
          mr({ submission_id: 'a', period: '2024-04', received_at: at('2024-05-20T00:00:00Z') }),
          mr({ submission_id: 'b', period: '2024-05', received_at: at('2024-06-20T00:00:00Z') }),
        ],
      },
      { periods: ['2024-05'] },
    );
    expect(riskOf(r).factors).toBe('F5_RETURNS');
    // May alone late: April is before the lake's first month, so it is not "missing"
    const alone = run({ ...base, monthlyReturns: [mr({ received_at: at('2024-06-20T00:00:00Z') })] });
    expect(riskOf(alone).factors).toBe('');
  });
  it('F6_DECLINE: overall score fell by ≥ 0.5 against m−3 (both scored)', () => {
    const month = (p: string, extra = {}) =>
      mr({ submission_id: p, period: p, received_at: at(`${p}-28T00:00:00Z`), ...extra });
    const r = run(
      {
        monthlyReturns: [
          month('2024-02'),
          month('2024-03'),
          month('2024-04'),
          // May: D01 25% late → 1 (delivery 35/11 = 3.18 → Good), Q02/Q03 drop too
          month('2024-05', {
            calls_late_early: 2500,
            complaints_closed_in_20wd: 0,
            notifications_on_time: 0,
          }),
        ],
      },
      { periods: ['2024-05'] },
    );
    // Feb: quality (2·3+4+2·4+4)/6 = 22/6, delivery 4, relationship 4 (R02 not due) → (110 + 120 + 40)/70 = 3.857
    // May: quality (2·3+1+2·1+4)/6 = 13/6, delivery (1+40)/11 = 41/11, relationship (R01 4 + R02 missing 1)/2 = 2.5
    //   → (65 + 111.82 + 25)/70 = 2.883; drop 0.974 ≥ 0.5
    expect(riskOf(r).factors).toBe('F6_DECLINE');
    const flat = run(
      { monthlyReturns: [month('2024-02'), month('2024-03'), month('2024-04'), month('2024-05')] },
      { periods: ['2024-05'] },
    );
    // May differs from Feb only by R02 missing: relationship 2.5 → (110 + 120 + 25)/70 = 3.643; drop 0.214 < 0.5
    expect(riskOf(flat).factors).toBe('');
  });
  it('L3 override: likelihood 5 with every factor still listed', () => {
    const r = run({
      ...base,
      cqcRatings: [cqc({ rating: 'Inadequate' })],
      sanctions: [sanction({ level: 3, evidenced_on: '2024-05-01' })],
      intelligence: [intel({ source: 'safeguarding', substantiated: 'yes' })],
    });
    // base 4 (Inadequate overall) + F1 + F2 + F3 = 7 → capped 5; L3 from the level 3 sanction and trigger
    expect(riskOf(r)).toMatchObject({ likelihood: 5, factors: 'F1_CQC,F2_SANCTION_L2,F3_SAFEGUARDING,L3' });
  });
});

describe('impact (§6)', () => {
  it.each([
    [0.0999, 1],
    [0.1, 2],
    [0.1999, 2],
    [0.2, 3],
    [0.3499, 3],
    [0.35, 4],
    [0.5, 4],
    [0.5001, 5],
  ])('share %s → impact %s', (share, expected) => {
    expect(impact(share, config)).toEqual({ impact: expected, basis: 'market_share' });
  });
  it('no data → 3, unknown', () => {
    expect(impact(null, config)).toEqual({ impact: 3, basis: 'unknown' });
  });
  it('largest share over clusters for weeks ending in m', () => {
    const r = run({
      ...base,
      commissionedHours: [
        hours({ cluster_id: 'C1', hours: 35 }),
        hours({ provider_id: 'P2', cluster_id: 'C1', hours: 65 }),
        hours({ cluster_id: 'C2', hours: 20 }),
        hours({ provider_id: 'P2', cluster_id: 'C2', hours: 80 }),
        hours({ provider_id: 'P2', cluster_id: 'C1', week_ending: '2024-06-02', hours: 1000 }),
      ],
    });
    // C1: 35 / 100 = 0.35 → 4; C2: 0.20 → 3; June's week is not in May
    expect(riskOf(r)).toMatchObject({ impact: 4, impact_basis: 'market_share', max_market_share: 0.35 });
    expect(riskOf(run(base))).toMatchObject({ impact: 3, impact_basis: 'unknown', max_market_share: null });
  });
  it('market shares as Arquero rollups: a provider-month with hours but no positive cluster total is unknown', () => {
    const rows = [
      hours({ cluster_id: 'C1', hours: 10.01 }),
      hours({ provider_id: 'P2', cluster_id: 'C1', hours: 30.03 }),
      hours({ provider_id: 'P3', cluster_id: 'C9', hours: 0 }),
      hours({ week_ending: '2024-06-02', hours: 5 }),
    ];
    const all = marketImpacts(rows, config);
    expect(all.get('P1')?.get('2024-05')).toEqual({ maxShare: 0.25, impact: 3, basis: 'market_share' });
    expect(all.get('P2')?.get('2024-05')).toEqual({ maxShare: 0.75, impact: 5, basis: 'market_share' });
    expect(all.get('P3')?.get('2024-05')).toEqual({ maxShare: null, impact: 3, basis: 'unknown' });
    expect(all.get('P1')?.get('2024-06')).toMatchObject({ maxShare: 1, impact: 5 });
    // Only the months asked for.
    expect(marketImpacts(rows, config, new Set(['2024-06'])).get('P2')).toBeUndefined();
  });
});

describe('risk tier, maturity and intensity (§6)', () => {
  it.each([
    [4, 'Low'],
    [5, 'Moderate'],
    [9, 'Moderate'],
    [10, 'High'],
    [15, 'High'],
    [16, 'Critical'],
    [25, 'Critical'],
  ])('score %s → %s', (score, tier) => {
    expect(riskTier(score, config)).toBe(tier);
  });
  it('whole months to the first day of m, minus 1 when the start day is after the 1st', () => {
    expect(maturityMonths('2024-01-01', '2024-07')).toBe(6);
    expect(maturityMonths('2024-01-02', '2024-07')).toBe(5);
    expect(maturityMonths('2024-01-02', '2024-08')).toBe(6);
    expect(maturity('2024-01-01', '2024-07', config)).toMatchObject({
      stage: 'mobilising',
      floor: 'Moderate',
    });
    expect(maturity('2024-01-01', '2024-08', config)).toMatchObject({ stage: 'embedding', floor: 'Low' });
    expect(maturity('2024-01-01', '2025-01', config)).toMatchObject({ stage: 'embedding', months: 12 });
    expect(maturity('2024-01-01', '2025-02', config)).toMatchObject({ stage: 'established', floor: null });
  });
  it('intensity is the higher of tier and floor', () => {
    expect(intensity('Low', 'Moderate')).toBe('Moderate');
    expect(intensity('High', 'Moderate')).toBe('High');
    expect(intensity('Low', null)).toBe('Low');
    const r = run({
      ...base,
      register: [
        {
          provider_id: 'P1',
          provider_name: 'x',
          cqc_provider_id: 'x',
          branch_id: 'L1',
          branch_name: 'x',
          cluster_id: 'C1',
          contract_start: '2024-02-15',
        },
      ],
    });
    // 2024-05 − 2024-02 = 3, start after the 1st → 2 months: mobilising; risk 1 × 3 = 3 Low → intensity Moderate
    expect(riskOf(r)).toMatchObject({
      maturity: 'mobilising',
      maturity_months: 2,
      risk_tier: 'Low',
      intensity: 'Moderate',
    });
  });
});
