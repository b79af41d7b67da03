// What starts the alerts Lambda: the message EventBridge Scheduler puts on the alerts FIFO queue
// (one message group, so runs never overlap), delivered as an SQS event, or a payload given to a
// direct invocation. Any payload, optionally {asOf} to evaluate alerts as at another instant (a
// re-run after an outage).
import * as z from '../../domain/zod.ts';
import { parseEvent, parseJsonEvent } from './parse-event.ts';
import { sqsEventSchema } from './sqs-event.ts';

/** The one message group of the alerts queue. */
export const alertsMessageGroup = 'alerts';

const payloadKind = 'alerts schedule payload';

/**
 * The payload the run is for: the body of an SQS event's last record (a batch of scheduled
 * messages is one run), or a direct invocation's event itself.
 */
export function alertsPayload(event: unknown): unknown {
  if (event === null || typeof event !== 'object' || !('Records' in event)) return event;
  const { Records } = parseEvent(sqsEventSchema, 'SQS event', event);
  const last = Records.at(-1);
  return last === undefined ? null : parseJsonEvent(z.unknown(), payloadKind, last.body);
}

const withAsOfSchema = z.object({ asOf: z.optional(z.iso.datetime({ offset: true })) });

/** The instant to evaluate at: the payload's asOf when it has one, otherwise now. */
export function alertsAsOf(payload: unknown, now: Date): Date {
  if (payload === null || typeof payload !== 'object') return now;
  const { asOf } = parseEvent(withAsOfSchema, payloadKind, payload);
  return asOf === undefined ? now : new Date(asOf);
}
