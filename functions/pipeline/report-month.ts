// Report step: the commissioners' page for one month, from the stored results and the inputs that
// name providers and clusters. Who needs action and why, and how complete the month is, are read
// from the views (v_action_list, v_month_completeness) through the QueryEngine port, so the page
// says exactly what a commissioner's SQL says. Its legends and bands come from the method that
// produced the month's rows, whichever version that was.
import type { MethodConfig } from '../domain/method/config.ts';
import { readResults } from '../lake/results.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { ObjectStore, QueryEngine } from './ports.ts';
import { readAlerts } from './raise-alerts.ts';
import type { ActionListRow } from './report/commissioner-actions.ts';
import { commissionerReportHtml } from './report/commissioner-report.ts';
import type { MonthCompleteness } from './report/commissioner-sections.ts';

export class NoScoresForMonthError extends Error {
  override name = 'NoScoresForMonthError';
  constructor(
    readonly period: string | undefined,
    /** The months that have scores, oldest first. */
    readonly scoredMonths: readonly string[],
  ) {
    const which = period ? `There are no scores for ${period}` : 'No month has been scored yet';
    const have =
      scoredMonths.length === 0
        ? 'no month has any'
        : `months with scores: ${scoredMonths.length > 6 ? `${scoredMonths[0]} to ${scoredMonths.at(-1)}` : scoredMonths.join(', ')}`;
    super(`${which} (${have}): score that month first, or choose one of those.`);
  }
}

export interface MonthReport {
  html: string;
  /** The month reported: the one asked for, or the latest complete month. */
  period: string;
  /** Providers scored in the month. */
  providers: number;
}

const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The month the 'latest' views report (v_month_completeness.latest_complete), if any is scored. */
async function latestCompleteMonth(engine: QueryEngine): Promise<string | undefined> {
  const rows = await engine.query('SELECT period FROM v_month_completeness WHERE latest_complete');
  const period = rows[0]?.period;
  return typeof period === 'string' ? period : undefined;
}

export async function reportMonth(
  store: ObjectStore,
  engine: QueryEngine,
  options: {
    /** 'YYYY-MM'; the latest complete month when omitted. */
    period?: string;
    generatedAt: Date;
    /** The method of a version named on the result rows. */
    methodOf: (version: string) => MethodConfig;
  },
): Promise<MonthReport> {
  const period = options.period ?? (await latestCompleteMonth(engine));
  const history = period ? await readResults(store, 'scorecards', { periods: (p) => p <= period }) : [];
  const month = history.filter((s) => s.period === period);
  if (!period || month.length === 0) {
    const scored = await readResults(store, 'scorecards');
    throw new NoScoresForMonthError(
      options.period,
      [...new Set(scored.map((s) => s.period as string))].sort(),
    );
  }
  // The month's own rows; of earlier months only the scorecards the trends draw.
  const ofMonth = { periods: (p: string) => p === period };
  const [riskMatrix, areaScores, alerts, inputs] = await Promise.all([
    readResults(store, 'risk_matrix', ofMonth),
    readResults(store, 'area_scores', ofMonth),
    readAlerts(store, ofMonth),
    loadScoringInputs(store, { tables: ['register', 'clusters', 'commissionedHours'] }),
  ]);
  const [actionList, completeness] = await Promise.all([
    engine.query(
      `SELECT provider_id, reasons FROM v_action_list WHERE period = ${sqlText(period)} ORDER BY risk_score DESC, provider_id`,
    ),
    engine.query(`SELECT * FROM v_month_completeness WHERE period = ${sqlText(period)}`),
  ]);
  const html = commissionerReportHtml({
    period,
    generatedAt: options.generatedAt,
    scorecards: history as never,
    riskMatrix: riskMatrix as never,
    areaScores: areaScores as never,
    register: inputs.register,
    clusters: inputs.clusters,
    commissionedHours: inputs.commissionedHours,
    alerts,
    actionList: actionList.map(
      (r): ActionListRow => ({ provider_id: String(r.provider_id), reasons: String(r.reasons ?? '') }),
    ),
    completeness: completeness[0] as MonthCompleteness | undefined,
    // A month is scored in one run, by one method.
    method: options.methodOf(month[0]!.method_version as string),
  });
  return { html, period, providers: month.length };
}
