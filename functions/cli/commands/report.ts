// carescore report [--period YYYY-MM] [--out FILE.html]: the commissioners' page for a month
// (default: the latest complete month, written to ./carescore-report-<month>.html).
import { writeFile } from 'node:fs/promises';
import { DuckDbQueryEngine } from '../../adapters/duckdb-query-engine.ts';
import type { FsObjectStore } from '../../adapters/fs-object-store.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { isPeriod } from '../../domain/period.ts';
import { type MonthReport, NoScoresForMonthError, reportMonth } from '../../pipeline/report-month.ts';
import { type Invocation, type Output, openLake, UsageError, UserFacingError } from '../args.ts';

export async function reportCommand(
  { values }: Invocation<{ lake: string; period?: string; out?: string }>,
  io: Output,
): Promise<number> {
  if (values.period !== undefined && !isPeriod(values.period)) {
    throw new UsageError(
      'Give the month with --period YYYY-MM, or leave it out for the latest complete month.',
    );
  }
  const store = openLake(values.lake);
  const { providers, period, out } = await writeCommissionerReport(
    store,
    values.period,
    values.out,
    new Date(),
  );
  io.out(`Wrote the ${period} report (${providers} providers) to ${out}`);
  return 0;
}

/** Writes the month's page to `out`; a month never scored is the user's to fix, not an internal error. */
export async function writeCommissionerReport(
  store: FsObjectStore,
  period: string | undefined,
  out: string | undefined,
  generatedAt: Date,
): Promise<{ providers: number; period: string; out: string }> {
  let report: MonthReport;
  const engine = await DuckDbQueryEngine.open(store.root);
  try {
    await engine.createViews();
    report = await reportMonth(store, engine, { period, generatedAt, methodOf: publishedMethod });
  } catch (error) {
    if (error instanceof NoScoresForMonthError)
      throw new UserFacingError(
        `${error.message} Run carescore score${period ? ` --period ${period}` : ''}.`,
      );
    throw error;
  } finally {
    await engine.close();
  }
  const file = out ?? `carescore-report-${report.period}.html`;
  await writeFile(file, report.html);
  return { providers: report.providers, period: report.period, out: file };
}
