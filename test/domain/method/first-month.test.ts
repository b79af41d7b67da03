// The lake's own first_month (its go-live month) takes the place of the method's 'auto'.
import { describe, expect, it } from 'vitest';
import { mr, run } from './builders.ts';

describe("the lake's first month", () => {
  const backDated = mr({
    submission_id: 'S0',
    period: '2019-03',
    received_at: new Date('2024-06-11T09:00:00Z'),
  });
  const months = (r: ReturnType<typeof run>) => [...new Set(r.scorecards.map((s) => s.period))];

  it("with 'auto', the earliest accepted return month (a back-dated one moves it)", () => {
    // P1's contract began 2020-01: it is now scored (and judged missing) from then.
    expect(months(run({ monthlyReturns: [mr(), backDated] }))[0]).toBe('2020-01');
  });

  it("the lake's setting wins over the method's 'auto'", () => {
    const r = run({ monthlyReturns: [mr(), backDated], firstMonth: '2024-05' });
    expect(months(r)).toEqual(['2024-05']);
    expect(r.submissionCompliance.filter((c) => c.period < '2024-04')).toEqual([]);
  });
});
