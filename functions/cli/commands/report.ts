// carescore report --period YYYY-MM --out FILE.html: the commissioners' page for a month.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ObjectStore } from '../../lake/object-store.ts';
import { loadScoringInputs } from '../../lake/scoring-inputs.ts';
import { readAlerts, readStoredResults } from '../../pipeline/raise-alerts.ts';
import { commissionerReportHtml } from '../../pipeline/report/commissioner-report.ts';
import { lakeOption, type Output, openLake, UsageError, UserFacingError } from '../args.ts';

export async function reportCommand(argv: string[], io: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...lakeOption, period: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) {
    throw new UsageError('Give the month with --period YYYY-MM.');
  }
  if (!values.out) throw new UsageError('Say where to write the page with --out FILE.html.');
  const store = openLake(values.lake);
  const { providers } = await writeCommissionerReport(store, values.period, values.out, new Date());
  io.out(`Wrote the ${values.period} report (${providers} providers) to ${values.out}`);
  return 0;
}

export async function writeCommissionerReport(
  store: ObjectStore,
  period: string,
  out: string,
  generatedAt: Date,
): Promise<{ providers: number }> {
  const [results, inputs, alerts] = await Promise.all([
    readStoredResults(store),
    loadScoringInputs(store),
    readAlerts(store),
  ]);
  const month = results.scorecards.filter((s) => s.period === period);
  if (month.length === 0) {
    throw new UserFacingError(
      `There are no scores for ${period}: run carescore score (with --period ${period} if needed) first.`,
    );
  }
  const html = commissionerReportHtml({
    period,
    generatedAt,
    scorecards: results.scorecards,
    riskMatrix: results.riskMatrix,
    areaScores: results.areaScores,
    register: inputs.register,
    clusters: inputs.clusters,
    commissionedHours: inputs.commissionedHours,
    alerts,
  });
  await writeFile(out, html);
  return { providers: month.length };
}
