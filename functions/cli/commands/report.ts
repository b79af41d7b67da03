// carescore report --period YYYY-MM --out FILE.html: the commissioners' page for a month.
import { writeFile } from 'node:fs/promises';
import { publishedMethod } from '../../domain/method/published.ts';
import { isPeriod } from '../../domain/period.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { type MonthReport, NoScoresForMonthError, reportMonth } from '../../pipeline/report-month.ts';
import { type Invocation, type Output, openLake, UsageError, UserFacingError } from '../args.ts';

export async function reportCommand(
  { values }: Invocation<{ lake: string; period?: string; out?: string }>,
  io: Output,
): Promise<number> {
  if (!values.period || !isPeriod(values.period)) {
    throw new UsageError('Give the month with --period YYYY-MM.');
  }
  if (!values.out) throw new UsageError('Say where to write the page with --out FILE.html.');
  const store = openLake(values.lake);
  const { providers } = await writeCommissionerReport(store, values.period, values.out, new Date());
  io.out(`Wrote the ${values.period} report (${providers} providers) to ${values.out}`);
  return 0;
}

/** Writes the month's page to `out`; a month never scored is the user's to fix, not an internal error. */
export async function writeCommissionerReport(
  store: ObjectStore,
  period: string,
  out: string,
  generatedAt: Date,
): Promise<{ providers: number }> {
  let report: MonthReport;
  try {
    report = await reportMonth(store, { period, generatedAt, methodOf: publishedMethod });
  } catch (error) {
    if (error instanceof NoScoresForMonthError)
      throw new UserFacingError(`${error.message} Run carescore score --period ${period}.`);
    throw error;
  }
  await writeFile(out, report.html);
  return { providers: report.providers };
}
