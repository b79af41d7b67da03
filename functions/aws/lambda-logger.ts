// Structured logs for the Lambdas: Powertools' Logger, one JSON line per entry (stdout, and stderr for
// warnings and errors; Lambda stores both), so CloudWatch Logs Insights can filter on any field.
// Errors are written with name, message, stack and cause. Callers log keys, sizes, ids, statuses and
// counts; never file contents or row values.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';

/**
 * Runs one invocation's work with the logger tagged with it (request id, function name and ARN,
 * memory, cold start); a failure is logged (stack included) and rethrown for Lambda to report.
 */
export async function logInvocation<T>(
  log: Logger,
  context: Context | undefined,
  work: () => Promise<T>,
): Promise<T> {
  tagInvocation(log, context);
  try {
    return await work();
  } catch (error) {
    log.error('invocation failed', { error });
    throw error;
  }
}

/** Adds the invocation's context to every line the logger writes from now on. */
export function tagInvocation(log: Logger, context: Context | undefined): void {
  if (context) log.addContext(context);
}

/**
 * Runs `work` with these keys on every line the logger writes meanwhile. For work done one step at a
 * time (as the handlers do): concurrent work on the same logger would share the keys.
 */
export async function withKeys<T>(log: Logger, keys: LogAttributes, work: () => Promise<T>): Promise<T> {
  // Keys, not a child logger: Powertools' createChild marks every child's first line cold_start: true.
  log.appendKeys(keys);
  try {
    return await work();
  } finally {
    log.removeKeys(Object.keys(keys));
  }
}
