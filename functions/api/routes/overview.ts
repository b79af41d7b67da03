// GET /api/overview?period=: the commissioner's month: completeness, the risk matrix, who needs
// action and why, the month's alerts, and rating and tier counts against the month before.
import { Hono } from 'hono';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { type ApiEnv, requireCommissioner } from '../identity.ts';
import { countBy, monthOrDefault, previousMonth, where } from '../query.ts';
import { periodParam } from '../sql.ts';

export function overviewRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const q = (sql: string) => deps.queries.query(sql);
  return new Hono<ApiEnv>().get('/overview', async (c) => {
    requireCommissioner(c);
    const asked = c.req.query('period');
    const period = await monthOrDefault(deps.queries, asked === undefined ? undefined : periodParam(asked));
    const previous = previousMonth(period);
    const [completeness, matrix, actionList, alerts, scorecards, previousScorecards, previousRisk] =
      await Promise.all([
        q(`SELECT * FROM v_month_completeness ${where('period', period)}`),
        q(`SELECT * FROM v_risk_matrix ${where('period', period)} ORDER BY risk_score DESC, provider_id`),
        q(`SELECT * FROM v_action_list ${where('period', period)} ORDER BY risk_score DESC, provider_id`),
        q(`SELECT * FROM v_alerts ${where('period', period)} ORDER BY first_raised_at DESC, alert_key`),
        q(`SELECT provider_id, overall_rating FROM v_scorecards ${where('period', period)}`),
        q(`SELECT provider_id, overall_rating FROM v_scorecards ${where('period', previous)}`),
        q(`SELECT provider_id, risk_tier FROM v_risk_matrix ${where('period', previous)}`),
      ]);
    if (completeness.length === 0 && scorecards.length === 0)
      throw notFound(`${period} has not been scored: pick a month from the list of scored months.`);
    const hasPrevious = previousScorecards.length > 0;
    return c.json({
      period,
      completeness: completeness[0] ?? null,
      matrix,
      action_list: actionList,
      alerts,
      counts: {
        ratings: countBy(scorecards, 'overall_rating'),
        tiers: countBy(matrix, 'risk_tier'),
        previous_period: hasPrevious ? previous : null,
        previous_ratings: hasPrevious ? countBy(previousScorecards, 'overall_rating') : null,
        previous_tiers: hasPrevious ? countBy(previousRisk, 'risk_tier') : null,
      },
    });
  });
}
