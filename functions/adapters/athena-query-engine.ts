// The AWS QueryEngine: Athena over the Glue tables. A query is started, polled with exponential
// backoff until it finishes, and its result pages are read and typed (athena-values.ts).
import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionStatus,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { loadViews } from '../lake/views.ts';
import { type QueryEngine, QueryError, type QueryRow } from '../pipeline/ports.ts';
import { athenaValue } from './athena-values.ts';

export interface AthenaPollOptions {
  /** Wait before the first status check; each later wait doubles. @default 200 */
  readonly initialDelayMs: number;
  /** The longest single wait. @default 5000 */
  readonly maxDelayMs: number;
  /** Give up (and stop the query) after this long. @default 600000 (10 minutes, inside Lambda's 15) */
  readonly timeoutMs: number;
}

export interface AthenaQueryEngineOptions {
  readonly client: AthenaClient;
  readonly workGroup: string;
  /** The Glue database holding the lake's tables and views. */
  readonly database: string;
  /** @default Athena's default, AwsDataCatalog */
  readonly catalog?: string;
  readonly poll?: Partial<AthenaPollOptions>;
  /** Waits between status checks; tests pass one that records instead of waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds now, for the timeout; tests pass a clock their sleep advances. @default Date.now */
  readonly now?: () => number;
  /**
   * An instant (ms, on `now`'s clock) no query waits past, whatever timeoutMs says: a Lambda passes
   * its own end, less a margin, so a slow query is stopped and reported before the function is
   * killed mid-wait. @default none
   */
  readonly deadline?: number;
}

/** Athena ran the SQL and it FAILED or was CANCELLED; carries the id to find it in the console. */
export class AthenaQueryFailedError extends QueryError {
  override name = 'AthenaQueryFailedError';
  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    reason: string,
    sql: string,
    /** Athena marks it retryable, or a file it read changed or vanished mid-query (a rebuild). */
    readonly retryable = false,
  ) {
    super(`Athena query ${queryExecutionId} ${state}: ${reason}`, sql);
  }
}

/** The query ran longer than timeoutMs; it has been asked to stop. */
export class AthenaQueryTimeoutError extends QueryError {
  override name = 'AthenaQueryTimeoutError';
  constructor(
    readonly queryExecutionId: string,
    readonly timeoutMs: number,
    sql: string,
    stopFailure?: string,
  ) {
    const stop = stopFailure ? `; stopping it failed too: ${stopFailure}` : '; it has been stopped';
    super(`Athena query ${queryExecutionId} did not finish within ${timeoutMs} ms${stop}`, sql);
  }
}

/** One of a list of statements failed; names it, and keeps Athena's error (with its id) as the cause. */
export class AthenaStatementError extends QueryError {
  override name = 'AthenaStatementError';
  constructor(
    readonly statementName: string,
    override readonly cause: unknown,
    sql: string,
  ) {
    super(`${statementName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, sql);
  }
}

/** A statement to run for its effect, named so a failure says which one. */
export interface NamedStatement {
  readonly name: string;
  readonly sql: string;
}

// What Athena says when an object it planned to read was replaced or deleted before it read it.
const fileChangedDuringQuery =
  /HIVE_CANNOT_OPEN_SPLIT|HIVE_FILESYSTEM_ERROR|HIVE_CURSOR_ERROR|NoSuchKey|file ?size|has changed|does not exist/i;
const queryRetries = 2;

const defaultPoll: AthenaPollOptions = { initialDelayMs: 200, maxDelayMs: 5000, timeoutMs: 600_000 };

export class AthenaQueryEngine implements QueryEngine {
  private readonly client: AthenaClient;
  private readonly workGroup: string;
  private readonly database: string;
  private readonly catalog: string | undefined;
  private readonly poll: AthenaPollOptions;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly deadline: number;

  constructor(options: AthenaQueryEngineOptions) {
    this.client = options.client;
    this.workGroup = options.workGroup;
    this.database = options.database;
    this.catalog = options.catalog;
    this.poll = { ...defaultPoll, ...options.poll };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  }

  async query(sql: string): Promise<QueryRow[]> {
    const { id, statementType } = await this.runTolerantly(sql);
    // Only a SELECT's (DML) results begin with a row of column names; SHOW and DESCRIBE (UTILITY)
    // and DDL results do not, so their first row is data.
    return this.readResults(id, sql, statementType !== 'DDL' && statementType !== 'UTILITY');
  }

  /**
   * Runs a read, once more (twice at most) when it failed only because a score run or a table
   * rebuild replaced a file it was reading, or Athena says trying again may work: the retry reads
   * the new files.
   */
  private async runTolerantly(sql: string): Promise<{ id: string; statementType: string | undefined }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(sql);
      } catch (error) {
        if (!(error instanceof AthenaQueryFailedError && error.retryable) || attempt > queryRetries)
          throw error;
        await this.sleep(this.poll.initialDelayMs * 2 ** attempt);
      }
    }
  }

  /** Runs one statement to completion and returns its query execution id. */
  async execute(sql: string): Promise<string> {
    return (await this.run(sql)).id;
  }

  private async run(sql: string): Promise<{ id: string; statementType: string | undefined }> {
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.workGroup,
        QueryExecutionContext: { Database: this.database, Catalog: this.catalog },
      }),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new QueryError('Athena started the query but returned no query execution id.', sql);
    return { id, statementType: await this.waitFor(id, sql) };
  }

  async createViews(): Promise<void> {
    await runStatements(this, loadViews());
  }

  async close(): Promise<void> {}

  /** Waits for the query to succeed; returns its statement type (DML, DDL or UTILITY). */
  private async waitFor(id: string, sql: string): Promise<string | undefined> {
    const started = this.now();
    const deadline = Math.min(started + this.poll.timeoutMs, this.deadline);
    let delay = this.poll.initialDelayMs;
    for (;;) {
      // The last wait is cut short so the final status check falls on the deadline.
      await this.sleep(Math.min(delay, Math.max(0, deadline - this.now())));
      const out = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const status = out.QueryExecution?.Status;
      const state = status?.State;
      if (state === 'SUCCEEDED') return out.QueryExecution?.StatementType;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = failureReason(status);
        const retryable =
          state === 'FAILED' &&
          (status?.AthenaError?.Retryable === true || fileChangedDuringQuery.test(reason));
        throw new AthenaQueryFailedError(id, state, reason, sql, retryable);
      }
      // QUEUED or RUNNING (a transient error can move RUNNING back to QUEUED): keep waiting.
      if (this.now() >= deadline) await this.stop(id, sql, deadline - started);
      delay = Math.min(delay * 2, this.poll.maxDelayMs);
    }
  }

  private async stop(id: string, sql: string, waitedMs: number): Promise<never> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (error) {
      throw new AthenaQueryTimeoutError(id, waitedMs, sql, String(error));
    }
    throw new AthenaQueryTimeoutError(id, waitedMs, sql);
  }

  private async readResults(id: string, sql: string, headerRow: boolean): Promise<QueryRow[]> {
    const rows: QueryRow[] = [];
    let columns: ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let skipHeader = headerRow;
    do {
      const out = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken }),
      );
      columns ??= out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      // The column names row is on the first page only; no later page repeats them.
      const data = out.ResultSet?.Rows ?? [];
      for (const row of skipHeader ? data.slice(1) : data)
        rows.push(typedRow(row.Data ?? [], columns, id, sql));
      nextToken = out.NextToken;
      skipHeader = false;
    } while (nextToken);
    return rows;
  }
}

/** Runs each statement in order on Athena (e.g. the CREATE OR REPLACE VIEW files), stopping at the first failure. */
export async function runStatements(
  engine: AthenaQueryEngine,
  statements: readonly NamedStatement[],
): Promise<void> {
  for (const statement of statements) {
    try {
      await engine.execute(statement.sql);
    } catch (error) {
      throw new AthenaStatementError(statement.name, error, statement.sql);
    }
  }
}

function typedRow(
  data: { VarCharValue?: string }[],
  columns: ColumnInfo[],
  id: string,
  sql: string,
): QueryRow {
  const row: QueryRow = {};
  columns.forEach((column, i) => {
    const name = column.Name ?? `_col${i}`;
    try {
      row[name] = athenaValue(data[i]?.VarCharValue, column.Type ?? 'varchar');
    } catch (error) {
      throw new QueryError(`Athena query ${id}, column ${name}: ${(error as Error).message}`, sql);
    }
  });
  return row;
}

function failureReason(status: QueryExecutionStatus | undefined): string {
  const reasons = [status?.StateChangeReason, status?.AthenaError?.ErrorMessage].filter(
    (r): r is string => !!r,
  );
  // Athena often repeats the same text in both fields.
  const unique = [...new Set(reasons)];
  return unique.length > 0 ? unique.join(' — ') : 'Athena gave no reason';
}
