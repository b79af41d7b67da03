// One way to check an event against its schema, so every handler reports a bad event the same way.
import { parseOnce } from '../../domain/parse-once.ts';
import { prettifyError, type z } from '../../domain/zod.ts';
import { InvalidEventError } from './invalid-event-error.ts';

export function parseEvent<S extends z.ZodMiniType>(
  schema: S,
  eventKind: string,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value, parseOnce);
  if (!parsed.success) throw new InvalidEventError(eventKind, prettifyError(parsed.error));
  return parsed.data;
}

/** JSON text (a message body) checked against a schema. */
export function parseJsonEvent<S extends z.ZodMiniType>(
  schema: S,
  eventKind: string,
  text: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text; the length is enough to recognise the record.
    throw new InvalidEventError(eventKind, `the body (${text.length} characters) is not JSON`);
  }
  return parseEvent(schema, eventKind, value);
}
