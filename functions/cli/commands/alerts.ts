// carescore alerts [--as-of ISO] [--format table|json]: raises new alerts and prints them.
import { parseArgs } from 'node:util';
import { TerminalNotifier } from '../../adapters/terminal-notifier.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { NoResultsError, raiseAlerts } from '../../pipeline/raise-alerts.ts';
import { lakeOption, type Output, openLake, parseInstant, UsageError, UserFacingError } from '../args.ts';

export async function alertsCommand(argv: string[], io: Output): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...lakeOption, 'as-of': { type: 'string' }, format: { type: 'string', default: 'table' } },
  });
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json.');
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  const lines: string[] = [];
  const notifier = new TerminalNotifier((line) => lines.push(line));
  try {
    const { raised, known } = await raiseAlerts(openLake(values.lake), notifier, {
      asOf,
      method: publishedMethod(),
      now: () => new Date(),
    });
    if (values.format === 'json') {
      io.out(JSON.stringify(raised, null, 2));
    } else {
      io.out(
        `${raised.length} new alert${raised.length === 1 ? '' : 's'} (${known} raised earlier and not repeated).`,
      );
      for (const line of lines) io.out(line);
    }
  } catch (error) {
    if (error instanceof NoResultsError) throw new UserFacingError(`${error.message} Run carescore score.`);
    throw error;
  }
  return 0;
}
