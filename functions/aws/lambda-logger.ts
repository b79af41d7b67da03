// Structured logs for the Lambdas: one JSON line per event, so CloudWatch Logs Insights can filter
// on any field. Callers log keys, sizes, ids, statuses and counts; never file contents or row values.

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger;
}

/** Where lines go; process.stdout by default, so Lambda stores them unprefixed. */
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);

export function lambdaLogger(base: LogFields = {}, sink: LogSink = stdoutSink): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) =>
    sink(JSON.stringify({ level, msg, time: new Date().toISOString(), ...base, ...fields }, replacer));
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => lambdaLogger({ ...base, ...fields }, sink),
  };
}

/** The logger for one invocation, tagged with its request id. */
export function invocationLogger(
  functionName: string,
  context: { awsRequestId?: string } | undefined,
  sink?: LogSink,
): Logger {
  return lambdaLogger({ function: functionName, requestId: context?.awsRequestId ?? null }, sink);
}

// Errors serialise as {} by default; keep what a person needs to find the cause, stack included
// (logs are private to the operator; responses never carry it).
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause !== undefined ? { cause: value.cause } : {}),
    };
  }
  return value;
}

/** Runs an invocation's work; a failure is logged (stack included) and rethrown for Lambda to report. */
export async function logFailure<T>(log: Logger, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    log.error('invocation failed', { error });
    throw error;
  }
}
