import { describe, expect, it } from 'vitest';
import { loadMethodConfig, MethodConfigError } from '../../../functions/domain/method/config.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { kpiOf, mr, run } from './builders.ts';

describe('method configuration', () => {
  it('loads v1 and results carry its version', () => {
    expect(publishedMethod('v1').method_version).toBe('v1');
    expect(publishedMethod('v1').kpis.map((k) => k.id)).toHaveLength(22);
    expect(kpiOf(run({ monthlyReturns: [mr()] }), 'D02').method_version).toBe('v1');
  });
  it('rejects a bad configuration naming each problem', () => {
    const bad = structuredClone(publishedMethod('v1')) as unknown as Record<string, unknown>;
    bad.area_min_scored_weight_share = 2;
    delete bad.impact;
    try {
      loadMethodConfig(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MethodConfigError);
      const issues = (e as MethodConfigError).issues.join('\n');
      expect(issues).toContain('area_min_scored_weight_share');
      expect(issues).toContain('impact');
    }
  });
  it('a threshold change needs no code change', () => {
    const config = structuredClone(publishedMethod('v1'));
    const d02 = config.kpis.find((k) => k.id === 'D02');
    if (d02?.kind !== 'ratio') throw new Error('D02 is a ratio');
    d02.thresholds.G = 0.002;
    const r = run(
      { monthlyReturns: [mr({ calls_scheduled: 4000, calls_missed: 10 })] },
      { method: loadMethodConfig({ ...config, method_version: 'v1-test' }) },
    );
    // 10 / 4000 = 0.0025 > 0.002 → 2 under the new G
    expect(kpiOf(r, 'D02')).toMatchObject({ points: 2, method_version: 'v1-test' });
  });
  // A KPI added in the config alone: its numerator, denominator and value are Arquero expressions.
  const missedPer1000Hours = {
    id: 'D08',
    area: 'delivery',
    name: 'Missed calls per 1,000 hours delivered',
    kind: 'ratio',
    source: 'monthly_return',
    numerator: 'op.sum(d.calls_missed)',
    denominator: 'op.sum(d.hours_delivered)',
    value: 'op.sum(d.calls_missed) * 1000 / op.sum(d.hours_delivered)',
    direction: 'lower',
    thresholds: { O: 0.5, G: 1, R: 2 },
    weight: 1,
    min_denominator: 100,
  };
  it('a KPI added to the config is scored with no code change', () => {
    const config = structuredClone(publishedMethod('v1')) as unknown as { kpis: unknown[] };
    config.kpis.push(missedPer1000Hours);
    const r = run(
      {
        monthlyReturns: [
          mr({ calls_missed: 2, hours_commissioned: 1000, hours_delivered: 1000, hours_invoiced: 1000 }),
          mr({
            branch_id: 'L2',
            calls_missed: 1,
            hours_commissioned: 500,
            hours_delivered: 500,
            hours_invoiced: 500,
          }),
        ],
      },
      { method: loadMethodConfig(config) },
    );
    // 3 missed / 1,500 hours × 1,000 = 2 ≤ R → 2 points
    expect(kpiOf(r, 'D08')).toMatchObject({
      kpi_name: 'Missed calls per 1,000 hours delivered',
      area: 'delivery',
      numerator: 3,
      denominator: 1500,
      value: 2,
      points: 2,
    });
    // Every other delivery KPI scores 4 (weights 11); D08 adds 2 at weight 1.
    const delivery = r.areaScores.find((a) => a.area === 'delivery');
    expect(delivery?.score).toBeCloseTo((4 * 11 + 2) / 12, 2);
  });
  it('refuses a formula that is not an aggregate over the return columns, naming the KPI and it', () => {
    for (const [part, expression, reason] of [
      ['numerator', 'op.sum(d.calls_mised)', 'Invalid column reference'],
      ['value', 'd.calls_missed / 1000', 'must be input to an aggregate function'],
      ['denominator', 'op.sum(d.hours_delivered', 'parse error'],
    ] as const) {
      const config = structuredClone(publishedMethod('v1')) as unknown as { kpis: unknown[] };
      config.kpis.push({ ...missedPer1000Hours, [part]: expression });
      try {
        loadMethodConfig(config);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(MethodConfigError);
        const issues = (e as MethodConfigError).issues;
        expect(issues).toHaveLength(1);
        expect(issues[0]).toContain(`KPI D08's ${part} "${expression}"`);
        expect(issues[0]).toContain(reason);
      }
    }
  });
});
