import { describe, expect, it } from 'vitest';
import { evaluateAlerts, newAlerts } from '../../../functions/domain/method/alerts.ts';
import type { ScoringInputs } from '../../../functions/domain/method/inputs.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { scoreProviders } from '../../../functions/domain/method/score.ts';
import { cqc, inputs, intel, mr, reg, sa, sanction } from './builders.ts';

const at = (iso: string) => new Date(iso);

function alertsFor(parts: Partial<ScoringInputs>, asOf = at('2024-07-01T12:00:00Z'), periods?: string[]) {
  const inp = inputs({ register: [reg()], cqcRatings: [cqc()], selfAssessments: [sa()], ...parts });
  const results = scoreProviders(inp, {
    asOf,
    method: publishedMethod('v1'),
    ...(periods ? { periods } : {}),
  });
  return evaluateAlerts(inp, results, { asOf, method: publishedMethod('v1') });
}

describe('alerts (§7)', () => {
  it('LEVEL3_TRIGGER (critical) and RISK_CRITICAL (high)', () => {
    const a = alertsFor({
      monthlyReturns: [mr()],
      intelligence: [intel({ category: 'needs_not_met' })],
      commissionedHours: [{ provider_id: 'P1', cluster_id: 'C1', week_ending: '2024-05-12', hours: 10 }],
    });
    // L3 → likelihood 5; share 1.0 → impact 5; 25 → Critical
    expect(a.find((x) => x.alert_type === 'LEVEL3_TRIGGER')).toMatchObject({
      key: 'LEVEL3_TRIGGER|P1|2024-05',
      severity: 'critical',
      message: 'needs reported not met in May 2024 — automatic Level 3',
    });
    expect(a.find((x) => x.alert_type === 'RISK_CRITICAL')).toMatchObject({
      severity: 'high',
      period: '2024-05',
      message: 'risk rated Critical in May 2024: likelihood 5 × impact 5 = 25, because Level 3',
    });
  });
  it('RISK_TIER_UP against the previous scored month', () => {
    const a = alertsFor({
      monthlyReturns: [
        mr({ submission_id: 'a', period: '2024-04', received_at: at('2024-05-10T00:00:00Z') }),
        mr(),
      ],
      sanctions: [sanction({ level: 3, evidenced_on: '2024-05-20' })],
    });
    // April: Outstanding, likelihood 1 × impact 3 (unknown) = 3 Low; May: L3 → 5 × 3 = 15 High
    const up = a.find((x) => x.alert_type === 'RISK_TIER_UP');
    expect(up).toMatchObject({ period: '2024-05', severity: 'medium' });
    expect(up?.message).toBe('risk rose from Low (score 3) in April 2024 to High (score 15) in May 2024');
  });
  it('CQC_DOWNGRADE needs a rating at both month ends', () => {
    const a = alertsFor({
      monthlyReturns: [mr()],
      cqcRatings: [cqc(), cqc({ report_date: '2024-05-31', rating: 'Inadequate' })],
    });
    expect(a.find((x) => x.alert_type === 'CQC_DOWNGRADE')).toMatchObject({
      period: '2024-05',
      severity: 'high',
      message: 'CQC rating fell from Good at the end of April 2024 to Inadequate at the end of May 2024',
    });
    const first = alertsFor({
      monthlyReturns: [mr()],
      cqcRatings: [cqc({ report_date: '2024-05-02', rating: 'Inadequate' })],
    });
    expect(first.some((x) => x.alert_type === 'CQC_DOWNGRADE')).toBe(false);
  });
  it('OVER_INVOICING when D04 > 0; NON_COMPLIANCE_EPISODES when > 3 sanctions in 12 months', () => {
    const s = (id: string) =>
      sanction({ sanction_id: id, evidenced_on: '2024-03-01', lifted_on: '2024-03-02' });
    const a = alertsFor({
      monthlyReturns: [mr({ hours_delivered: 100, hours_invoiced: 100.25 })],
      sanctions: [s('a'), s('b'), s('c'), s('d')],
    });
    // D04 is a rate: 0.25 / 100 = 0.0025, shown as a percentage.
    expect(a.find((x) => x.alert_type === 'OVER_INVOICING')?.message).toBe(
      '0.25 hours invoiced beyond the 100 hours delivered in May 2024 (0.25% over-invoiced, D04)',
    );
    expect(a.find((x) => x.alert_type === 'NON_COMPLIANCE_EPISODES')).toMatchObject({
      severity: 'high',
      message: '4 sanctions evidenced in the 12 months to May 2024 (more than 3)',
    });
  });
  it('RETURN_MISSING for every due month still missing; high when m, m−1, m−2 all late or missing', () => {
    const a = alertsFor(
      {
        monthlyReturns: [
          mr({ submission_id: 'a', period: '2024-02', received_at: at('2024-03-10T00:00:00Z') }),
          mr({ submission_id: 'b', period: '2024-03', received_at: at('2024-04-20T00:00:00Z') }),
        ],
      },
      at('2024-06-16T00:00:00Z'),
    );
    // April (due 15 May) and May (due 15 Jun) missing; June not yet due
    const missing = a.filter((x) => x.alert_type === 'RETURN_MISSING').map((x) => [x.period, x.severity]);
    // April: Apr missing, Mar late, Feb on time → medium; May: May, Apr missing, Mar late → high
    expect(missing).toEqual([
      ['2024-04', 'medium'],
      ['2024-05', 'high'],
    ]);
    // Due instants in London time (23:59:59 BST is 22:59:59 UTC).
    expect(a.filter((x) => x.alert_type === 'RETURN_MISSING').map((x) => x.message)).toEqual([
      'monthly return for April 2024 not received; it was due at 23:59 on 15 May 2024 London time',
      'monthly return for May 2024 not received; it was due at 23:59 on 15 June 2024 London time' +
        ' and the returns for the last 3 months were all late or missing',
    ]);
  });
  it('ACTION_PLAN_OVERDUE: active, evidenced_on + 7 days before as-of, no plan; period = month the plan fell due', () => {
    const a = alertsFor(
      {
        monthlyReturns: [mr()],
        sanctions: [
          sanction({ sanction_id: 'x', evidenced_on: '2024-06-25', action_plan_received_on: null }),
          sanction({ sanction_id: 'y', evidenced_on: '2024-06-25', action_plan_received_on: '2024-06-30' }),
          sanction({ sanction_id: 'z', evidenced_on: '2024-06-26', action_plan_received_on: null }),
        ],
      },
      at('2024-07-02T00:00:00Z'), // 2 Jul 01:00 BST: x's plan was due 2 Jul 00:00 BST → overdue; z's 3 Jul → not
    );
    const overdue = a.filter((x) => x.alert_type === 'ACTION_PLAN_OVERDUE');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ key: 'ACTION_PLAN_OVERDUE|P1|2024-07', severity: 'high' });
    expect(overdue[0]?.message).toBe(
      'no action plan received within 7 days of the sanction being evidenced: x (level 1, evidenced 25 June 2024, plan due 2 July 2024)',
    );
  });
  it('quality rated Inadequate reads as a commissioner would write it', () => {
    const a = alertsFor({
      monthlyReturns: [mr({ complaints_closed: 10, complaints_closed_in_20wd: 0, notifications_on_time: 0 })],
      cqcRatings: [cqc({ rating: 'Inadequate' })],
    });
    expect(a.find((x) => x.alert_type === 'LEVEL3_TRIGGER')?.message).toBe(
      'quality rated Inadequate in May 2024 — automatic Level 3',
    );
  });
  it('an as-of before any return was received raises no RETURN_MISSING back to the contract start', () => {
    // The contract started in 2020; the lake's returns begin in May 2024. Scored at a later as-of,
    // then alerts asked for at an as-of before any return was received.
    const inp = inputs({
      register: [reg()],
      cqcRatings: [cqc()],
      selfAssessments: [sa()],
      monthlyReturns: [mr()],
    });
    const results = scoreProviders(inp, { asOf: at('2024-07-01T12:00:00Z'), method: publishedMethod('v1') });
    const early = evaluateAlerts(inp, results, {
      asOf: at('2024-06-01T00:00:00Z'),
      method: publishedMethod('v1'),
    });
    expect(early.filter((x) => x.alert_type === 'RETURN_MISSING')).toEqual([]);
    // Once May's return is due and still missing at the as-of, it is raised, and nothing before May.
    const late = evaluateAlerts(
      inputs({ ...inp, monthlyReturns: [mr({ received_at: at('2024-08-01T00:00:00Z') })] }),
      results,
      {
        asOf: at('2024-07-20T00:00:00Z'),
        method: publishedMethod('v1'),
      },
    );
    expect(late.filter((x) => x.alert_type === 'RETURN_MISSING').map((x) => x.period)).toEqual([
      '2024-05',
      '2024-06',
    ]);
  });
  it('newAlerts raises each key once, stamped with the as-of instant', () => {
    const asOf = at('2024-07-01T12:00:00Z');
    const a = alertsFor({ monthlyReturns: [mr()], intelligence: [intel({ category: 'needs_not_met' })] });
    const first = newAlerts([...a, ...a], new Set(), asOf);
    expect(first.length).toBe(a.length);
    expect(first.every((x) => x.first_raised_at === asOf)).toBe(true);
    expect(newAlerts(a, new Set(first.map((x) => x.key)), at('2024-08-01T00:00:00Z'))).toEqual([]);
  });
});
