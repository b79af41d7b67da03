// Shared command-line plumbing: usage errors (exit 2) and the options every command takes.
import { resolve } from 'node:path';
import { FsObjectStore } from '../adapters/fs-object-store.ts';
import { limitSettings, limitValue, type ReadLimits, settingRule } from '../domain/formats/index.ts';
import { parseLondonDateTime } from '../domain/time/london.ts';
import { UsageError } from './errors.ts';

export { OutputClosedError, UsageError, UserFacingError } from './errors.ts';

export function openLake(dir: string): FsObjectStore {
  return new FsObjectStore(resolve(dir));
}

export function parseInstant(text: string, option: string): Date {
  const value = parseLondonDateTime(text);
  if (!value) {
    throw new UsageError(
      `${option} must be an ISO date-time such as 2025-03-14T09:30:00Z (London time when no offset is given); got "${text}".`,
    );
  }
  return value;
}

/** How far ahead of this machine's clock a "when it arrived" flag may be: other clocks drift. */
const clockSkewMs = 5 * 60_000;

/**
 * An instant that has already happened (within clockSkewMs), such as --received-at: a file
 * received in the future would let a row for a month not yet due into the lake.
 */
export function parsePastInstant(text: string, option: string, now = new Date()): Date {
  const value = parseInstant(text, option);
  if (value.getTime() > now.getTime() + clockSkewMs) {
    throw new UsageError(
      `${option} cannot be in the future (it is now ${now.toISOString().slice(0, 19)}Z); got "${text}": give the time the file actually arrived.`,
    );
  }
  return value;
}

/**
 * The limits given as flags (--max-file-mb, --max-rows, …; only those given), or a UsageError
 * naming the bad flag. The flags, their units and their rules come from the same table as
 * config/ingest-limits.json; main.ts declares them.
 */
export function limitsFromFlags(values: Record<string, unknown>): Partial<ReadLimits> {
  const limits: Partial<ReadLimits> = {};
  for (const setting of limitSettings) {
    const text = values[setting.flag];
    if (typeof text !== 'string') continue;
    const value = text.trim() === '' ? null : limitValue(setting, Number(text));
    if (value === null) {
      throw new UsageError(`--${setting.flag} must be ${settingRule(setting)}; got "${text}".`);
    }
    limits[setting.field] = value;
  }
  return limits;
}

/** A command's options, by flag name without the dashes: `as-of`, `max-rows`. */
export type Values = Record<string, string | string[] | undefined>;

/** What main.ts hands a command: its options (defaults filled in) and its operands. */
export interface Invocation<V extends Values = Values> {
  values: V;
  positionals: string[];
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * Resolves once every line given to `out` so far has been written (handed to the terminal, pipe
   * or file); rejects with OutputClosedError when one could not be (the reader had gone). Without
   * it a line is written when `out` returns.
   */
  flush?: () => Promise<void>;
}
