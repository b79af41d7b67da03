// Every port the pipeline's steps are given, in one place (DESIGN §1). The steps and the lake speak
// only these; adapters implement them (filesystem and DuckDB locally; S3, Athena and SNS on AWS)
// and runtimes wire them. A source's origin and an object's version are opaque tokens: only the
// adapter that made one reads it.
//
// Storage and bytes are defined where the layer that reads them lives (the lake is written over the
// ObjectStore; the domain's file readers read a ByteSource) and are named here with the rest.
import type { Alert } from '../domain/method/results.ts';

export type { ByteSource } from '../domain/formats/source.ts';
export type { ObjectInfo, ObjectStore } from '../lake/object-store.ts';

/** The instant a step treats as now: the system clock, or a fixed one in tests and back-loads. */
export type Clock = () => Date;

/** An alert with its provider's name from the register ('' when the register no longer has it). */
export interface NamedAlert extends Alert {
  provider_name: string;
}

/** Delivers alerts to the people who act on them (SNS e-mail on AWS, the terminal locally). */
export interface Notifier {
  /** Resolves once every alert is delivered; a rejection means none may be marked sent. */
  notify(alerts: readonly NamedAlert[]): Promise<void>;
}

export type QueryRow = Record<string, unknown>;

/**
 * SQL over the lake: Athena over Glue tables on AWS, DuckDB over the lake locally; both run the
 * same view files from queries/views (lake/views.ts).
 */
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
