// The benchmark baseline: the monthly-return KPI points and the area scores they give, written as
// plain DuckDB SQL from the same method config (ratio KPIs, D03 bands, D04 over-invoicing).
import type { MethodConfig } from '../functions/domain/method/config.ts';

type Kpi = MethodConfig['kpis'][number] & Record<string, unknown>;

function banded(value: string, kpi: Kpi): string {
  const t = kpi.thresholds as { O: number; G: number; R: number };
  const op = kpi.direction === 'higher' ? '>=' : '<=';
  return `CASE WHEN ${value} ${op} ${t.O} THEN 4 WHEN ${value} ${op} ${t.G} THEN 3 WHEN ${value} ${op} ${t.R} THEN 2 ELSE 1 END`;
}

export function kpiBaselineSql(config: MethodConfig, table: string): string {
  const parts: string[] = [];
  for (const kpi of config.kpis as Kpi[]) {
    let num: string;
    let den: string;
    let points: (v: string) => string;
    if (kpi.kind === 'ratio' && kpi.source === 'monthly_return') {
      num = `sum(${kpi.numerator})`;
      den = `sum(${kpi.denominator})`;
      points = (v) => banded(v, kpi);
    } else if (kpi.kind === 'hours_ratio_band') {
      num = 'sum(round(hours_delivered * 100))';
      den = 'sum(round(hours_commissioned * 100))';
      const bands = kpi.bands as { min: number; max: number; points: number }[];
      points = (v) =>
        `CASE ${bands.map((b) => `WHEN ${v} BETWEEN ${b.min} AND ${b.max} THEN ${b.points}`).join(' ')} ELSE ${kpi.otherwise_points} END`;
    } else if (kpi.kind === 'over_invoicing') {
      num = 'sum(greatest(round(hours_invoiced * 100) - round(hours_delivered * 100), 0))';
      den = 'sum(round(hours_delivered * 100))';
      points = (v) => banded(v, kpi);
    } else {
      continue;
    }
    const min =
      kpi.kind === 'ratio' ? (kpi.min_denominator as number) : (kpi.min_denominator as number) * 100;
    const value = `CAST(${num} AS double) / ${den}`;
    parts.push(
      `SELECT provider_id, period, '${kpi.id}' AS kpi_id, '${kpi.area}' AS area, ${kpi.weight} AS weight, ` +
        `CASE WHEN ${den} >= ${min} AND ${den} > 0 THEN ${points(value)} END AS points FROM ${table} GROUP BY provider_id, period`,
    );
  }
  return `WITH kpis AS (${parts.join(' UNION ALL ')})
SELECT provider_id, period, area, sum(weight * points) / sum(CASE WHEN points IS NOT NULL THEN weight END) AS score
FROM kpis GROUP BY provider_id, period, area`;
}
