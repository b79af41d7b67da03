// Clusters and trends: per cluster hours, HHI and ratings (v_cluster_summary) and each provider's
// share (v_market_share) for a month, and county-wide monthly trends of ratings, tiers, the average
// overall score and each KPI's average and median.
import { Hono } from 'hono';
import { median } from '../../domain/method/kpis/offers.ts';
import type { ApiDeps } from '../deps.ts';
import { type ApiEnv, requireCommissioner } from '../identity.ts';
import { countBy, monthOrDefault, type Rows, where } from '../query.ts';
import { periodParam } from '../sql.ts';

const round = (n: number, places = 6) => Math.round(n * 10 ** places) / 10 ** places;

function groupBy(rows: Rows, column: string): Map<string, Rows> {
  const groups = new Map<string, Rows>();
  for (const row of rows) {
    const key = String(row[column]);
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return groups;
}

function kpiSummary(
  rows: Rows,
): Record<string, { kpi_name: unknown; providers: number; average: number | null; median: number | null }> {
  const summary: Record<
    string,
    { kpi_name: unknown; providers: number; average: number | null; median: number | null }
  > = {};
  for (const [kpi, group] of groupBy(rows, 'kpi_id')) {
    const values = group.map((r) => r.value).filter((v): v is number => typeof v === 'number');
    summary[kpi] = {
      kpi_name: group[0]?.kpi_name ?? kpi,
      providers: values.length,
      average: values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null,
      median: median(values),
    };
  }
  return summary;
}

export function clusterRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const q = (sql: string) => deps.queries.query(sql);
  return new Hono<ApiEnv>()
    .get('/clusters', async (c) => {
      requireCommissioner(c);
      const asked = c.req.query('period');
      const period = await monthOrDefault(deps.queries, asked === undefined ? undefined : periodParam(asked));
      const [clusters, shares] = await Promise.all([
        q(`SELECT * FROM v_cluster_summary ${where('period', period)} ORDER BY cluster_id`),
        q(
          `SELECT * FROM v_market_share ${where('period', period)} ORDER BY cluster_id, share DESC, provider_id`,
        ),
      ]);
      return c.json({ period, clusters, shares });
    })
    .get('/trends', async (c) => {
      requireCommissioner(c);
      const [scorecards, risk, kpis, clusters] = await Promise.all([
        q('SELECT period, overall_rating, overall_score FROM v_scorecards'),
        q('SELECT period, risk_tier FROM v_risk_matrix'),
        q('SELECT period, kpi_id, kpi_name, value FROM v_kpi_scores'),
        q('SELECT * FROM v_cluster_summary ORDER BY period, cluster_id'),
      ]);
      const riskByMonth = groupBy(risk, 'period');
      const kpisByMonth = groupBy(kpis, 'period');
      const months = [...groupBy(scorecards, 'period')]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([period, rows]) => {
          const scores = rows.map((r) => r.overall_score).filter((v): v is number => typeof v === 'number');
          return {
            period,
            providers: rows.length,
            ratings: countBy(rows, 'overall_rating'),
            tiers: countBy(riskByMonth.get(period) ?? [], 'risk_tier'),
            average_overall_score: scores.length
              ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 4)
              : null,
            kpis: kpiSummary(kpisByMonth.get(period) ?? []),
          };
        });
      return c.json({ months, clusters });
    });
}
