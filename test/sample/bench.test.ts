import { describe, expect, it } from 'vitest';
import { benchRegisterCsv, monthlyReturnCsv, nationalCountyInputs } from '../../functions/sample/index.ts';
import { monthlyRowProblems, parseCsv } from './helpers.ts';

describe('monthlyReturnCsv + benchRegisterCsv', () => {
  it('writes N valid rows, every one naming a provider and branch of the bench register', () => {
    const options = { rows: 2_003, seed: 4 };
    const csv = monthlyReturnCsv(options);
    const { rows } = parseCsv(csv);
    expect(rows.length).toBe(2_003);
    const register = parseCsv(benchRegisterCsv(options)).rows;
    const branches = new Set(register.map((r) => `${r.provider_id}|${r.branch_id}`));
    const keys = new Set<string>();
    for (const r of rows) {
      expect(monthlyRowProblems(r)).toEqual([]);
      expect(branches.has(`${r.provider_id}|${r.branch_id}`)).toBe(true);
      keys.add(`${r.provider_id}|${r.branch_id}|${r.service_code}|${r.period}`);
    }
    expect(keys.size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(134);
    expect(monthlyReturnCsv(options)).toBe(csv);
    expect(monthlyReturnCsv({ ...options, seed: 5 })).not.toBe(csv);
  });

  it('can put every row under one submitting provider', () => {
    const options = { rows: 500, provider: 'P001', period: '2025-02' };
    const { rows } = parseCsv(monthlyReturnCsv(options));
    expect(new Set(rows.map((r) => r.provider_id))).toEqual(new Set(['P001']));
    expect(new Set(rows.map((r) => r.period))).toEqual(new Set(['2025-02']));
    const register = parseCsv(benchRegisterCsv(options)).rows;
    expect(register.length).toBe(100);
    expect(new Set(rows.map((r) => r.branch_id))).toEqual(new Set(register.map((r) => r.branch_id)));
  });

  it('builds a large file quickly (measured, not asserted)', () => {
    const started = performance.now();
    const csv = monthlyReturnCsv({ rows: 100_000 });
    console.info(
      `monthlyReturnCsv 100,000 rows: ${(performance.now() - started).toFixed(0)} ms, ${csv.length} chars`,
    );
    expect(csv.split('\n').length).toBe(100_002);
  });
});

describe('nationalCountyInputs', () => {
  it('returns typed scoring inputs that keep the monthly-return rules', () => {
    const inputs = nationalCountyInputs({ providers: 300, seed: 2, period: '2025-06' });
    const providers = new Set(inputs.register.map((r) => r.provider_id));
    expect(providers.size).toBe(300);
    expect(new Set(inputs.monthlyReturns.map((r) => r.period))).toEqual(
      new Set(['2025-04', '2025-05', '2025-06']),
    );
    for (const r of inputs.monthlyReturns) {
      const cells = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
      expect(monthlyRowProblems(cells)).toEqual([]);
      expect(r.received_at).toBeInstanceOf(Date);
    }
    for (const s of inputs.selfAssessments) {
      expect(s.staff_dbs_current).toBeLessThanOrEqual(s.staff_headcount);
      expect(s.starters_care_certificate_12w).toBeLessThanOrEqual(s.starters_due_care_certificate);
    }
    const clusters = new Set(inputs.clusters.map((c) => c.cluster_id));
    expect(inputs.register.every((r) => clusters.has(r.cluster_id))).toBe(true);
    expect(inputs.offers.length).toBeGreaterThan(300 * 3 * 3);
    expect(inputs.commissionedHours.length).toBeGreaterThan(300 * 12);
    expect(inputs.cqcRatings.length).toBeGreaterThan(300);
    expect(nationalCountyInputs({ providers: 300, seed: 2, period: '2025-06' })).toEqual(inputs);
  });

  it('scales to 15,000 providers (measured, not asserted)', () => {
    const started = performance.now();
    const inputs = nationalCountyInputs({ providers: 15_000, period: '2025-06' });
    console.info(
      `nationalCountyInputs 15,000: ${(performance.now() - started).toFixed(0)} ms, ${inputs.monthlyReturns.length} return rows`,
    );
    expect(new Set(inputs.register.map((r) => r.provider_id)).size).toBe(15_000);
  });
});
