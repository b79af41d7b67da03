// What EventBridge Scheduler passes the alerts Lambda: any payload, optionally {asOf} to evaluate
// alerts as at another instant (a re-run after an outage).
import * as z from '../../domain/zod.ts';
import { parseEvent } from './parse-event.ts';

const withAsOfSchema = z.object({ asOf: z.optional(z.iso.datetime({ offset: true })) });

/** The instant to evaluate at: the payload's asOf when it has one, otherwise now. */
export function alertsAsOf(payload: unknown, now: Date): Date {
  if (payload === null || typeof payload !== 'object') return now;
  const { asOf } = parseEvent(withAsOfSchema, 'alerts schedule payload', payload);
  return asOf === undefined ? now : new Date(asOf);
}
