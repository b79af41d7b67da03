// A KPI's value, the band it fell in and its points, in words ("12.4% of calls late or early:
// over 10% up to 15% scores 2"), from the method config that scored it (GET /api/method).
import type { KpiRow } from './types.ts';

export interface KpiConfig {
  id: string;
  area: string;
  name: string;
  kind: string;
  weight: number;
  direction?: 'higher' | 'lower';
  thresholds?: { O: number; G: number; R: number };
  bands?: { min: number; max: number; points: number }[];
  otherwise_points?: number;
  min_denominator?: number;
  numerator?: string;
  denominator?: string;
  [other: string]: unknown;
}

const shareKinds = new Set(['ratio', 'offer_acceptance', 'hours_ratio_band']);

/** A plain number with at most `max` decimals, trailing zeros dropped. */
function plain(n: number, max: number): string {
  return n
    .toFixed(max)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

export function kpiValue(kpi: KpiConfig | undefined, value: number): string {
  if (!kpi) return plain(value, 6);
  if (shareKinds.has(kpi.kind)) return `${plain(value * 100, 2)}%`;
  if (kpi.kind === 'offer_response_median') return `${plain(value, 1)} hours`;
  if (kpi.kind === 'safeguarding_rate') return `${plain(value, 2)} per 100 people`;
  return plain(value, 4);
}

/** The band of the thresholds that a KPI's points stand for. */
export function bandWords(kpi: KpiConfig, points: number): string | null {
  const t = kpi.thresholds;
  const f = (n: number) => kpiValue(kpi, n);
  if (t && kpi.direction === 'higher') {
    return (
      {
        4: `${f(t.O)} or more`,
        3: `${f(t.G)} to under ${f(t.O)}`,
        2: `${f(t.R)} to under ${f(t.G)}`,
        1: `under ${f(t.R)}`,
      }[points] ?? null
    );
  }
  if (t && kpi.direction === 'lower') {
    return (
      {
        4: `${f(t.O)} or less`,
        3: `over ${f(t.O)} up to ${f(t.G)}`,
        2: `over ${f(t.G)} up to ${f(t.R)}`,
        1: `over ${f(t.R)}`,
      }[points] ?? null
    );
  }
  if (kpi.bands) {
    const band = kpi.bands.find((b) => b.points === points);
    if (band) return `${f(band.min)} to ${f(band.max)}`;
    if (points === kpi.otherwise_points) return 'outside every band above';
  }
  return null;
}

export function explainKpi(row: KpiRow, kpi: KpiConfig | undefined): string {
  if (row.points === null) {
    if (
      row.denominator !== null &&
      kpi?.min_denominator !== undefined &&
      row.denominator < kpi.min_denominator
    )
      return `Not scored: ${row.denominator} is fewer than the ${kpi.min_denominator} needed to score it.`;
    return 'Not scored: there was nothing to score this month.';
  }
  const counts =
    row.numerator !== null && row.denominator !== null ? ` (${row.numerator} of ${row.denominator})` : '';
  if (row.value === null || !kpi) return `Scores ${row.points}.`;
  const band = bandWords(kpi, row.points);
  return `${kpiValue(kpi, row.value)}${counts}: ${band ? `${band} scores ${row.points}` : `scores ${row.points}`}.`;
}
