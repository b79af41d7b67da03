// carescore alerts [--as-of ISO] [--format table|json]: raises new alerts and prints them, with any
// an earlier run stored but did not print; each is marked sent only once it is printed.
// carescore alerts --withdraw KEY --reason TEXT: withdraws one alert, kept on record.
import { TerminalNotifier } from '../../adapters/terminal-notifier.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import type { Clock, ObjectStore } from '../../pipeline/ports.ts';
import {
  AlertAlreadyWithdrawnError,
  type AlertsToSend,
  NoResultsError,
  raiseAlerts,
  UnknownAlertError,
  withdrawAlert,
} from '../../pipeline/raise-alerts.ts';
import {
  type Invocation,
  type Output,
  OutputClosedError,
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
  await sendAlerts(openLake(values.lake), io, { asOf, format: values.format });
  return 0;
}

/**
 * Raises new alerts and prints them with any an earlier run left unsent. The notifier prints
 * straight to standard output and returns only once the lines are written: raiseAlerts marks the
 * alerts sent after that, never before (a kill in between prints them again, never loses them).
 */
export async function sendAlerts(
  store: ObjectStore,
  io: Output,
  options: { asOf: Date; format: 'table' | 'json'; now?: Clock },
): Promise<void> {
  const notifier = new TerminalNotifier(io.out, {
    format: options.format,
    ...(io.flush ? { flush: io.flush } : {}),
  });
  try {
    await raiseAlerts(store, notifier, {
      asOf: options.asOf,
      method: publishedMethod(),
      now: options.now ?? (() => new Date()),
      beforeSending: (run) => {
        if (options.format === 'table') summary(run, io);
      },
    });
  } catch (error) {
    if (error instanceof NoResultsError) throw new UserFacingError(`${error.message} Run carescore score.`);
    if (error instanceof OutputClosedError)
      throw new UserFacingError(
        'Standard output was closed before every alert was printed: none is marked sent, and the next carescore alerts prints them again.',
      );
    throw error;
  }
}

function summary({ raised, backfilled, known, unsent }: AlertsToSend, io: Output): void {
  io.out(
    `${raised.length} new alert${raised.length === 1 ? '' : 's'} (${known} raised earlier and not repeated).`,
  );
  if (backfilled.length > 0)
    io.out(
      `${backfilled.length} of them, for months before the last two, stored as backfilled (first run over past months): in v_alerts, not sent.`,
    );
  if (unsent.length > 0)
    io.out(
      `${unsent.length} alert${unsent.length === 1 ? '' : 's'} raised earlier but not yet printed (an earlier run stopped first), printed now.`,
    );
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
