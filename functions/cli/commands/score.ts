// carescore score [--period YYYY-MM]… [--as-of ISO]
import { join } from 'node:path';
import { garbageCollector } from '../../adapters/collect-garbage.ts';
import { PeriodAfterLatestReturnError } from '../../domain/method/periods.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { InvalidPeriodError } from '../../domain/period.ts';
import { scoreLake } from '../../pipeline/score-lake.ts';
import { type Invocation, type Output, openLake, parseInstant, UsageError } from '../args.ts';

export async function scoreCommand(
  { values }: Invocation<{ lake: string; period?: string[]; 'as-of'?: string }>,
  io: Output,
): Promise<number> {
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  let outcome: Awaited<ReturnType<typeof scoreLake>>;
  try {
    outcome = await scoreLake(openLake(values.lake), {
      asOf,
      method: publishedMethod(),
      ...(values.period ? { periods: values.period } : {}),
      afterLatestReturn: 'refuse',
      afterPart: garbageCollector(),
    });
  } catch (error) {
    if (error instanceof InvalidPeriodError || error instanceof PeriodAfterLatestReturnError)
      throw new UsageError(`--period ${error.message}`);
    throw error;
  }
  const { periods, providers, rows } = outcome;
  if (periods.length === 0) {
    io.out('Nothing to score yet: load a provider register and at least one monthly return first.');
    return 0;
  }
  const span = periods.length === 1 ? periods[0] : `${periods[0]} to ${periods[periods.length - 1]}`;
  io.out(
    `Scored ${providers} providers for ${periods.length} month${periods.length > 1 ? 's' : ''} (${span}) as of ${asOf.toISOString()}, method ${outcome.method_version}: ${rows.scorecards} scorecards, ${rows.kpiScores} KPI scores. Results in ${join(values.lake, 'results')}/`,
  );
  return 0;
}
