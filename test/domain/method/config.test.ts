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
});
