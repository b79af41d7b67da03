// The QueryEngine port (DESIGN §1): Athena over Glue tables in AWS, DuckDB over the lake locally.
// Both run the same view files from queries/views (see views.ts).

export type QueryRow = Record<string, unknown>;

export interface QueryEngine {
  /** Runs SQL and returns its rows as plain JS values (numbers, strings, booleans, Dates, null). */
  query(sql: string): Promise<QueryRow[]>;
  /** Creates (or replaces) every view of CONTRACTS §4, in dependency order. */
  createViews(): Promise<void>;
  close(): Promise<void>;
}

/** SQL the engine rejected; the message is one sentence a person can act on. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
  }
}
