// A KPI in words on the scorecard and the method page: its value, the band of the method config's
// thresholds it fell in, and its points, with expectations worked by hand from config/method-v1.json.
import { describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/index.ts';
import { bandWords, explainKpi, type KpiConfig } from '../../web/src/kpi-words.ts';
import type { KpiRow } from '../../web/src/types.ts';

const kpis = new Map((publishedMethod().kpis as unknown as KpiConfig[]).map((k) => [k.id, k]));
const kpi = (id: string) => kpis.get(id)!;

function row(
  kpi_id: string,
  value: number | null,
  points: number | null,
  numerator: number | null,
  denominator: number | null,
): KpiRow {
  return {
    provider_id: 'P001',
    period: '2025-12',
    kpi_id,
    area: kpi(kpi_id).area,
    value,
    points,
    numerator,
    denominator,
    weight: kpi(kpi_id).weight,
  };
}

describe('a KPI in words', () => {
  it('names a lower-is-better share, its band and its points', () => {
    // D01 late or early calls: ≤ 2% → 4, ≤ 5% → 3, ≤ 10% → 2, else 1.
    expect(explainKpi(row('D01', 0.124, 1, 124, 1000), kpi('D01'))).toBe(
      '12.4% (124 of 1000): over 10% scores 1.',
    );
    expect(explainKpi(row('D01', 0.05, 3, 50, 1000), kpi('D01'))).toBe(
      '5% (50 of 1000): over 2% up to 5% scores 3.',
    );
    // D02 missed calls: thresholds under 1% keep their decimals.
    expect(explainKpi(row('D02', 0, 4, 0, 400), kpi('D02'))).toBe('0% (0 of 400): 0.05% or less scores 4.');
  });

  it('names a higher-is-better share, a banded ratio and hours', () => {
    // Q02 complaints closed in 20 working days: ≥ 95% → 4, ≥ 85% → 3, ≥ 70% → 2.
    expect(explainKpi(row('Q02', 0.9, 3, 9, 10), kpi('Q02'))).toBe(
      '90% (9 of 10): 85% to under 95% scores 3.',
    );
    expect(explainKpi(row('Q02', 0.5, 1, 5, 10), kpi('Q02'))).toBe('50% (5 of 10): under 70% scores 1.');
    // D03 hours delivered against commissioned: the band 99%–100% scores 4.
    expect(explainKpi(row('D03', 0.995, 4, 398, 400), kpi('D03'))).toBe(
      '99.5% (398 of 400): 99% to 100% scores 4.',
    );
    expect(explainKpi(row('D03', 0.8, 1, 320, 400), kpi('D03'))).toBe(
      '80% (320 of 400): outside every band above scores 1.',
    );
    // C01 median response to offers, hours: ≤ 4 → 4, ≤ 24 → 3, ≤ 48 → 2.
    expect(explainKpi(row('C01', 30, 2, null, null), kpi('C01'))).toBe(
      '30 hours: over 24 hours up to 48 hours scores 2.',
    );
  });

  it('says why a KPI was not scored', () => {
    expect(explainKpi(row('D01', null, null, 1, 3), kpi('D01'))).toBe(
      'Not scored: 3 is fewer than the 20 needed to score it.',
    );
    expect(explainKpi(row('Q02', null, null, 0, 0), kpi('Q02'))).toBe(
      'Not scored: 0 is fewer than the 1 needed to score it.',
    );
  });

  it('gives every points band of the method page', () => {
    expect([4, 3, 2, 1].map((p) => bandWords(kpi('W06'), p))).toEqual([
      '15% or less',
      'over 15% up to 25%',
      'over 25% up to 35%',
      'over 35%',
    ]);
    expect([4, 3, 2, 1].map((p) => bandWords(kpi('C02'), p))).toEqual([
      '80% or more',
      '60% to under 80%',
      '40% to under 60%',
      'under 40%',
    ]);
    expect(bandWords(kpi('Q05'), 3)).toBeNull();
  });
});
