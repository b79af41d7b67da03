// carescore alerts [--as-of ISO] [--format table|json]: raises new alerts and prints them.
import { TerminalNotifier } from '../../adapters/terminal-notifier.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { NoResultsError, raiseAlerts } from '../../pipeline/raise-alerts.ts';
import {
  type Invocation,
  type Output,
  openLake,
  parseInstant,
  UsageError,
  UserFacingError,
} from '../args.ts';

export async function alertsCommand(
  { values }: Invocation<{ lake: string; 'as-of'?: string; format: string }>,
  io: Output,
): Promise<number> {
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
