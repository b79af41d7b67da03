// The benchmark baseline: the monthly-return KPI points and the area scores they give, written as
// plain DuckDB SQL from the same method config (its monthly-return formulas, translated).
import { isFormulaKpi, type MethodConfig } from '../functions/domain/method/config.ts';

type Kpi = MethodConfig['kpis'][number] & Record<string, unknown>;

/** The config's Arquero expression as DuckDB SQL: op.sum(d.x) → sum(x) (op.greatest, op.round alike). */
function sql(expression: string): string {
  return expression.replace(/\bop\./g, '').replace(/\bd\./g, '');
}

function banded(value: string, kpi: Kpi): string {
  const t = kpi.thresholds as { O: number; G: number; R: number };
  const op = kpi.direction === 'higher' ? '>=' : '<=';
  return `CASE WHEN ${value} ${op} ${t.O} THEN 4 WHEN ${value} ${op} ${t.G} THEN 3 WHEN ${value} ${op} ${t.R} THEN 2 ELSE 1 END`;
}

export function kpiBaselineSql(config: MethodConfig, table: string): string {
  const parts: string[] = [];
  for (const kpi of config.kpis as Kpi[]) {
    if (!isFormulaKpi(kpi)) continue;
    const den = sql(kpi.denominator);
    const points =
      kpi.kind === 'ratio'
        ? (v: string) => banded(v, kpi as Kpi)
        : (v: string) =>
            `CASE ${kpi.bands.map((b) => `WHEN ${v} BETWEEN ${b.min} AND ${b.max} THEN ${b.points}`).join(' ')} ELSE ${kpi.otherwise_points} END`;
    const min = kpi.min_denominator;
    const value = `CAST(${sql(kpi.value)} AS double)`;
    parts.push(
      `SELECT provider_id, period, '${kpi.id}' AS kpi_id, '${kpi.area}' AS area, ${kpi.weight} AS weight, ` +
        `CASE WHEN ${den} >= ${min} AND ${den} > 0 THEN ${points(value)} END AS points FROM ${table} GROUP BY provider_id, period`,
    );
  }
  return `WITH kpis AS (${parts.join(' UNION ALL ')})
SELECT provider_id, period, area, sum(weight * points) / sum(CASE WHEN points IS NOT NULL THEN weight END) AS score
FROM kpis GROUP BY provider_id, period, area`;
}
