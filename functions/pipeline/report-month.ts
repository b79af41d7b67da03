// Report step: the commissioners' page for one month, from the stored results and the inputs that
// name providers and clusters. Its legends and bands come from the method that produced the month's
// rows, whichever version that was.
import type { MethodConfig } from '../domain/method/config.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';
import { readAlerts, readStoredResults } from './raise-alerts.ts';
import { commissionerReportHtml } from './report/commissioner-report.ts';

export class NoScoresForMonthError extends Error {
  override name = 'NoScoresForMonthError';
  constructor(readonly period: string) {
    super(`There are no scores for ${period}: score that month first.`);
  }
}

export interface MonthReport {
  html: string;
  /** Providers scored in the month. */
  providers: number;
}

export async function reportMonth(
  store: ObjectStore,
  options: {
    period: string;
    generatedAt: Date;
    /** The method of a version named on the result rows. */
    methodOf: (version: string) => MethodConfig;
  },
): Promise<MonthReport> {
  const { period } = options;
  const [results, inputs, alerts] = await Promise.all([
    readStoredResults(store),
    loadScoringInputs(store),
    readAlerts(store),
  ]);
  const month = results.scorecards.filter((s) => s.period === period);
  if (month.length === 0) throw new NoScoresForMonthError(period);
  const html = commissionerReportHtml({
    period,
    generatedAt: options.generatedAt,
    scorecards: results.scorecards,
    riskMatrix: results.riskMatrix,
    areaScores: results.areaScores,
    register: inputs.register,
    clusters: inputs.clusters,
    commissionedHours: inputs.commissionedHours,
    alerts,
    // A month is scored in one run, by one method.
    method: options.methodOf(month[0]!.method_version),
  });
  return { html, providers: month.length };
}
