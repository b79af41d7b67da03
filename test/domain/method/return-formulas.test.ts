// The formula KPIs rolled up by Arquero: published months together, look-back months one KPI at a
// time when read; each provider-month's figures are its own rows' whatever the batch.
import { describe, expect, it } from 'vitest';
import { isFormulaKpi } from '../../../functions/domain/method/config.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { evaluateFormulas } from '../../../functions/domain/method/return-formulas.ts';
import { mr } from './builders.ts';

const formulas = publishedMethod('v1').kpis.filter(isFormulaKpi);

describe('evaluateFormulas', () => {
  const groups = [
    [mr({ calls_missed: 3 }), mr({ branch_id: 'L2', calls_missed: 1, calls_scheduled: 30 })],
    [mr({ period: '2024-04', calls_missed: 7, hours_invoiced: 995.25 })],
    [mr({ provider_id: 'P2', period: '2024-04', calls_scheduled: 0, calls_missed: 0 })],
    [mr({ provider_id: 'P2', hours_delivered: 0.01, hours_commissioned: 0.03 })],
  ];
  const months = ['2024-05', '2024-04', '2024-04', '2024-05'];

  it('gives each provider-month its own sums, looked back to or not', () => {
    const together = evaluateFormulas(formulas, groups);
    const lookedBack = evaluateFormulas(formulas, groups, (g) =>
      months[g] === '2024-04' ? months[g]! : null,
    );
    for (const results of [together, lookedBack]) {
      expect(results[0]!.figures('D02')).toEqual({ numerator: 4, denominator: 10_030, value: 4 / 10_030 });
      expect(results[0]!.people_served).toBe(200);
      expect(results[1]!.figures('D02')).toEqual({ numerator: 7, denominator: 10_000, value: 0.0007 });
      // D04 in hundredths: 99525 − 99500 = 25 over 99500 delivered
      expect(results[1]!.figures('D04')).toEqual({ numerator: 0.25, denominator: 995, value: 25 / 99_500 });
      // A 0 denominator publishes no value.
      expect(results[2]!.figures('D02')).toEqual({ numerator: 0, denominator: 0, value: null });
      expect(results[3]!.figures('D03')).toEqual({ numerator: 0.01, denominator: 0.03, value: 1 / 3 });
      expect(results[3]!.figures('Q04')).toBeNull();
    }
  });
});
