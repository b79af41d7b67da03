// carescore alerts [--as-of ISO] [--format table|json]: raises new alerts and prints them.
// carescore alerts --withdraw KEY --reason TEXT: withdraws one alert, kept on record.
import { TerminalNotifier } from '../../adapters/terminal-notifier.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import {
  AlertAlreadyWithdrawnError,
  NoResultsError,
  raiseAlerts,
  UnknownAlertError,
  withdrawAlert,
} from '../../pipeline/raise-alerts.ts';
import {
  type Invocation,
  type Output,
  openLake,
  parseInstant,
  UsageError,
  UserFacingError,
} from '../args.ts';

export async function alertsCommand(
  {
    values,
  }: Invocation<{ lake: string; 'as-of'?: string; format: string; withdraw?: string; reason?: string }>,
  io: Output,
): Promise<number> {
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json.');
  if (values.withdraw !== undefined) return withdraw(values.lake, values.withdraw, values.reason, io);
  if (values.reason !== undefined) throw new UsageError('--reason goes with --withdraw KEY.');
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  const lines: string[] = [];
  const notifier = new TerminalNotifier((line) => lines.push(line));
  try {
    const { raised, backfilled, known } = await raiseAlerts(openLake(values.lake), notifier, {
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
      if (backfilled.length > 0)
        io.out(
          `${backfilled.length} of them, for months before the last two, stored as backfilled (first run over past months): in v_alerts, not sent.`,
        );
      for (const line of lines) io.out(line);
    }
  } catch (error) {
    if (error instanceof NoResultsError) throw new UserFacingError(`${error.message} Run carescore score.`);
    throw error;
  }
  return 0;
}

async function withdraw(lake: string, key: string, reason: string | undefined, io: Output): Promise<number> {
  if (reason === undefined || reason.trim() === '')
    throw new UsageError('--withdraw needs --reason TEXT: say why the alert is withdrawn.');
  try {
    const done = await withdrawAlert(openLake(lake), { key, reason, now: () => new Date() });
    io.out(
      `Withdrew ${key}: kept in v_alerts with status withdrawn and reason "${done.withdrawn_reason}"; it will not be sent or raised again.`,
    );
  } catch (error) {
    if (error instanceof UnknownAlertError || error instanceof AlertAlreadyWithdrawnError)
      throw new UserFacingError(error.message);
    throw error;
  }
  return 0;
}
