// What every input contract declares: its schema (the single source of truth for parsing, types,
// messages and templates), its business key, how the curated table keeps it, and its cross-field rules.
import type { z } from '../zod.ts';

export const inputTypes = [
  'monthly-return',
  'self-assessment',
  'provider-register',
  'clusters',
  'cqc-locations',
  'sanctions',
  'offers',
  'commissioned-hours',
  'intelligence',
] as const;
export type InputType = (typeof inputTypes)[number];

export function isInputType(value: string): value is InputType {
  return (inputTypes as readonly string[]).includes(value);
}

/** A problem with one value or combination of values in a row. */
export interface RowIssue {
  column: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Facts about the submission that some rules need. */
export interface CheckContext {
  /** Europe/London month of the received time, 'YYYY-MM'. */
  receivedMonth: string;
}

/**
 * How the curated table keeps rows: provider returns are appended per submission (supersession
 * is decided when scoring); snapshots replace the table; upserts merge by key; history keeps
 * every key ever received.
 */
export type Storage = 'append' | 'snapshot' | 'upsert' | 'history';

export interface InputContract<S extends z.ZodMiniObject = z.ZodMiniObject> {
  type: InputType;
  title: string;
  owner: 'provider' | 'council';
  /** Curated table name (snake case of the type). */
  table: string;
  schema: S;
  key: readonly (keyof z.output<S> & string)[];
  storage: Storage;
  /** The 'YYYY-MM' partition of a row, for tables partitioned by period. */
  periodOf?: (row: z.output<S>) => string;
  check?: (row: z.output<S>, context: CheckContext) => RowIssue[];
}

export function defineContract<S extends z.ZodMiniObject>(contract: InputContract<S>): InputContract<S> {
  return contract;
}

/**
 * Cross-field rule: `part` (its value `a`) must not exceed `whole` (value `b`); an error goes into
 * `issues` when it does. Values are passed, not read by name here: a read by a name held in a
 * variable was a slow lookup on every row of a large return.
 */
export function notMoreThan(
  issues: RowIssue[],
  part: string,
  a: number,
  whole: string,
  b: number,
  why: string,
): void {
  if (a > b)
    issues.push({
      column: part,
      severity: 'error',
      message: `${part} (${a}) is more than ${whole} (${b}): ${why}`,
    });
}
