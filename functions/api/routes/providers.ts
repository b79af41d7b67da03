// The providers: the latest scorecards (commissioner), and one provider's page and month, which a
// provider may open for its own id only.
import { Hono } from 'hono';
import type { QueryRow } from '../../pipeline/ports.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { type ApiEnv, ownProviderId, requireCommissioner } from '../identity.ts';
import { where } from '../query.ts';
import { literal, periodParam } from '../sql.ts';

/** The first month of the quarter a month is in: self-assessments are kept by quarter. */
function quarterStart(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
}

/** The rows of the latest received submission among rows of several. */
function latestReceived(rows: QueryRow[]): QueryRow[] {
  const time = (row: QueryRow) => (row.received_at instanceof Date ? row.received_at.getTime() : 0);
  const latest = Math.max(...rows.map(time));
  return rows.filter((row) => time(row) === latest);
}

export function providerRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const q = (sql: string) => deps.queries.query(sql);
  return new Hono<ApiEnv>()
    .get('/providers', async (c) => {
      requireCommissioner(c);
      return c.json({ providers: await q('SELECT * FROM v_scorecard_latest ORDER BY provider_id') });
    })
    .get('/providers/:id', async (c) => {
      const id = ownProviderId(c);
      const provider = where('provider_id', id);
      const [register, scorecards, risk, cqc, sanctions, marketShare, compliance] = await Promise.all([
        q(
          `SELECT provider_id, provider_name, cqc_provider_id, branch_id, branch_name, cluster_id, contract_start FROM provider_register ${provider} ORDER BY branch_id, cluster_id`,
        ),
        q(`SELECT * FROM v_scorecards ${provider} ORDER BY period`),
        q(`SELECT * FROM v_risk_matrix ${provider} ORDER BY period`),
        q(
          `SELECT location_id, provider_id, registration_status, rating, report_date, rating_source FROM cqc_ratings WHERE provider_id IN (SELECT cqc_provider_id FROM provider_register ${provider}) ORDER BY report_date DESC, location_id`,
        ),
        q(
          `SELECT sanction_id, provider_id, type, level, trigger, evidenced_on, action_plan_received_on, lifted_on FROM sanctions ${provider} ORDER BY evidenced_on DESC, sanction_id`,
        ),
        q(
          `SELECT cluster_id, period, hours, cluster_hours, share FROM v_market_share ${provider} ORDER BY period, cluster_id`,
        ),
        q(`SELECT * FROM v_submission_compliance ${provider} ORDER BY period, return_type`),
      ]);
      const first = register[0];
      if (!first) throw notFound(`No provider ${id} is in the provider register.`);
      return c.json({
        provider: {
          provider_id: id,
          provider_name: first.provider_name,
          cqc_provider_id: first.cqc_provider_id,
          branches: register.map(({ branch_id, branch_name, cluster_id, contract_start }) => ({
            branch_id,
            branch_name,
            cluster_id,
            contract_start,
          })),
        },
        scorecards,
        risk,
        cqc,
        sanctions,
        market_share: marketShare,
        compliance,
      });
    })
    .get('/providers/:id/months/:period', async (c) => {
      const id = ownProviderId(c);
      const period = periodParam(c.req.param('period'));
      const both = `${where('provider_id', id)} AND period = ${literal(period)}`;
      const [scorecard, areas, kpis, risk, action, selfAssessment, evidence] = await Promise.all([
        q(`SELECT * FROM v_scorecards ${both}`),
        q(`SELECT * FROM v_area_scores ${both} ORDER BY area`),
        q(`SELECT * FROM v_kpi_scores ${both} ORDER BY area, kpi_id`),
        q(`SELECT * FROM v_risk_matrix ${both}`),
        q(`SELECT * FROM v_action_list ${both}`),
        // The provider's self-assessments of the month's quarter (the latest is kept below).
        // Committed submissions' rows, each submission's once, also while a compaction on S3 is
        // half-way (base-tables.ts baseViews).
        q(
          `SELECT * FROM self_assessment_once ${where('provider_id', id)} AND period = ${literal(quarterStart(period))} ORDER BY row_number`,
        ),
        // The submissions the month was scored from: the return (and the quarter's self-assessment)
        // its compliance rows name, and any other file that sent rows for the month.
        q(`SELECT * FROM v_submissions
WHERE submission_id IN (
  SELECT submission_id FROM v_submission_compliance ${both}
  UNION
  SELECT submission_id FROM v_submission_compliance ${where('provider_id', id)} AND period = ${literal(quarterStart(period))} AND return_type = 'self-assessment'
)
ORDER BY received_at DESC`),
      ]);
      if (!scorecard[0]) throw notFound(`Provider ${id} has no scorecard for ${period}.`);
      return c.json({
        scorecard: scorecard[0],
        areas,
        kpis,
        risk: risk[0] ?? null,
        action: action[0] ?? null,
        self_assessment: latestReceived(selfAssessment),
        evidence,
      });
    });
}
