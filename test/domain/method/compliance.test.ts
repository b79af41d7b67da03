import { describe, expect, it } from 'vitest';
import { dueInstant, quarterStartOf } from '../../../functions/domain/method/due-dates.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { cardOf, kpiOf, mr, run, sa } from './builders.ts';

const config = publishedMethod('v1');

const at = (iso: string) => new Date(iso);

describe('due instants (Europe/London)', () => {
  it('monthly return for March is due 15 Apr 23:59:59 BST = 22:59:59Z; for December, 15 Jan GMT', () => {
    expect(dueInstant('2024-03', config.due_dates.monthly_return).toISOString()).toBe(
      '2024-04-15T22:59:59.000Z',
    );
    expect(dueInstant('2023-12', config.due_dates.monthly_return).toISOString()).toBe(
      '2024-01-15T23:59:59.000Z',
    );
  });
  it('self-assessment for the quarter starting April is due 20 July 23:59:59 BST', () => {
    expect(dueInstant('2024-04', config.due_dates.self_assessment).toISOString()).toBe(
      '2024-07-20T22:59:59.000Z',
    );
    expect(quarterStartOf('2024-06', config)).toBe('2024-04');
    expect(quarterStartOf('2024-01', config)).toBe('2024-01');
  });
});

describe('monthly-return compliance and R01', () => {
  const row = (r: ReturnType<typeof run>) =>
    r.submissionCompliance.find((c) => c.return_type === 'monthly-return')!;
  it('on time at the due instant exactly; no warnings → R01 4', () => {
    const r = run({ monthlyReturns: [mr({ received_at: at('2024-06-15T22:59:59Z') })] });
    expect(row(r)).toMatchObject({ status: 'on_time', days_late: 0, due_at: at('2024-06-15T22:59:59Z') });
    expect(kpiOf(r, 'R01').points).toBe(4);
  });
  it('on time with warnings (accepted_with_warnings or partially_accepted) → 3', () => {
    const r = run({ monthlyReturns: [mr({ submission_status: 'partially_accepted' })] });
    expect(kpiOf(r, 'R01').points).toBe(3);
  });
  it('one second late is 1 day late (rounded up) → 2; exactly 5 days → 2; 5 days + 1 s → 6 days → 1', () => {
    const late = (iso: string) => run({ monthlyReturns: [mr({ received_at: at(iso) })] });
    expect(row(late('2024-06-15T23:00:00Z'))).toMatchObject({ status: 'late', days_late: 1 });
    expect(kpiOf(late('2024-06-15T23:00:00Z'), 'R01').points).toBe(2);
    expect(row(late('2024-06-20T22:59:59Z')).days_late).toBe(5);
    expect(kpiOf(late('2024-06-20T22:59:59Z'), 'R01').points).toBe(2);
    expect(row(late('2024-06-20T23:00:00Z')).days_late).toBe(6);
    expect(kpiOf(late('2024-06-20T23:00:00Z'), 'R01').points).toBe(1);
  });
  it('missing when due and not received by the as-of instant → R01 1; no row before it is due', () => {
    const r = run(
      {
        monthlyReturns: [
          mr(),
          mr({ submission_id: 'S2', period: '2024-06', received_at: at('2024-07-01T00:00:00Z') }),
        ],
      },
      { asOf: at('2024-08-16T00:00:00Z'), periods: ['2024-05', '2024-06', '2024-07'] },
    );
    const july = r.submissionCompliance.find(
      (c) => c.period === '2024-07' && c.return_type === 'monthly-return',
    );
    expect(july).toMatchObject({ status: 'missing', days_late: null, received_at: null });
    expect(kpiOf(r, 'R01', '2024-07').points).toBe(1);
    const early = run(
      { monthlyReturns: [mr()] },
      { asOf: at('2024-06-12T00:00:00Z'), periods: ['2024-05', '2024-06'] },
    );
    expect(early.submissionCompliance.filter((c) => c.period === '2024-06')).toEqual([]);
    expect(kpiOf(early, 'R01', '2024-06').points).toBeNull();
  });
  it('returns received after the as-of instant do not exist for the run', () => {
    const r = run(
      { monthlyReturns: [mr({ received_at: at('2024-07-02T00:00:00Z') })] },
      { periods: ['2024-05'] },
    );
    expect(row(r).status).toBe('missing');
  });
});

describe('supersession (§8 "Which return counts")', () => {
  it('latest-received submission is scored, even with fewer rows; the first is judged for timeliness', () => {
    const first = [
      mr({ submission_id: 'A', received_at: at('2024-06-20T10:00:00Z'), complaints_closed_in_20wd: 0 }),
      mr({
        submission_id: 'A',
        branch_id: 'L2',
        received_at: at('2024-06-20T10:00:00Z'),
        complaints_closed_in_20wd: 0,
      }),
    ];
    const second = mr({
      submission_id: 'B',
      received_at: at('2024-06-25T10:00:00Z'),
      submission_status: 'accepted',
    });
    const r = run({ monthlyReturns: [second, ...first] });
    // scored: only B's single row (10/10); timeliness: A, 20 Jun 10:00Z is 4 d 11 h late → 5 days
    expect(kpiOf(r, 'Q02')).toMatchObject({ numerator: 10, denominator: 10 });
    expect(r.submissionCompliance[0]).toMatchObject({ status: 'late', days_late: 5, submission_id: 'A' });
    expect(kpiOf(r, 'R01').points).toBe(2);
  });
});

describe('self-assessment compliance and R02', () => {
  it('R02 not scored until a quarter from the first scored month is due by month end', () => {
    const r = run({ monthlyReturns: [mr()] });
    expect(kpiOf(r, 'R02').points).toBeNull();
  });
  it('R02 judges the latest quarter due by month end: on time 4, ≤ 5 days late 2, later or missing 1', () => {
    const months = ['2024-05', '2024-06', '2024-07'].map((p) =>
      mr({ submission_id: p, period: p, received_at: at(`${p}-28T00:00:00Z`) }),
    );
    const asOf = at('2024-08-20T00:00:00Z');
    const onTime = run(
      { monthlyReturns: months, selfAssessments: [sa({ received_at: at('2024-07-20T22:59:59Z') })] },
      { asOf },
    );
    // the 2024-04 quarter is due 20 Jul: not due by the end of June, due by the end of July
    expect(kpiOf(onTime, 'R02', '2024-06').points).toBeNull();
    expect(kpiOf(onTime, 'R02', '2024-07').points).toBe(4);
    const late = run(
      { monthlyReturns: months, selfAssessments: [sa({ received_at: at('2024-07-25T22:59:59Z') })] },
      { asOf },
    );
    expect(kpiOf(late, 'R02', '2024-07').points).toBe(2);
    const missing = run({ monthlyReturns: months }, { asOf });
    expect(kpiOf(missing, 'R02', '2024-07').points).toBe(1);
    const row = missing.submissionCompliance.find((c) => c.return_type === 'self-assessment');
    expect(row).toMatchObject({
      period: '2024-04',
      status: 'missing',
      due_at: at('2024-07-20T22:59:59Z'),
      days_late: null,
    });
  });
  it('a received self-assessment has a row even before it is due', () => {
    const r = run({ monthlyReturns: [mr()], selfAssessments: [sa()] });
    expect(r.submissionCompliance.find((c) => c.return_type === 'self-assessment')).toMatchObject({
      period: '2024-04',
      status: 'on_time',
      days_late: 0,
    });
  });
});

describe('which months are scored (§8)', () => {
  it('from the lake first month (earliest return period) up to the latest return period', () => {
    const r = run({
      monthlyReturns: [
        mr({ submission_id: 'a', period: '2024-03', received_at: at('2024-04-10T00:00:00Z') }),
        mr({ submission_id: 'b', period: '2024-05' }),
      ],
    });
    expect(r.scorecards.map((s) => s.period)).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(cardOf(r, '2024-04').overall_rating).not.toBeUndefined();
  });
  it('not before the contract start month (a start on the last day of m counts)', () => {
    const r = run({
      register: [
        {
          provider_id: 'P1',
          provider_name: 'x',
          cqc_provider_id: 'x',
          branch_id: 'L1',
          branch_name: 'x',
          cluster_id: 'C1',
          contract_start: '2024-04-30',
        },
      ],
      monthlyReturns: [
        mr({ submission_id: 'a', period: '2024-03', received_at: at('2024-04-10T00:00:00Z') }),
        mr(),
      ],
    });
    expect(r.scorecards.map((s) => s.period)).toEqual(['2024-04', '2024-05']);
  });
});
