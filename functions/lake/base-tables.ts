// The base tables the views read, named like the Glue tables: results tables, curated tables
// (by contract.table) and the submission ledger. Column lists come from the schemas the writers
// use, so an engine can create an empty, typed table before any file exists.
import { contracts } from '../domain/contracts/index.ts';
import type { Submission } from '../domain/submission.ts';
import { compactedInColumn, curatedSchema } from './curated.ts';
import { keys } from './keys.ts';
import type { ColumnType } from './parquet.ts';
import { resultsTables } from './results-tables.ts';

/** 'bigint' for byte counts; 'json' for nested ledger values, exposed as text. */
export type BaseColumnType = ColumnType | 'bigint' | 'json';

export interface BaseTable {
  name: string;
  columns: Record<string, BaseColumnType>;
  /**
   * Where its files live under the lake root: Parquet under period=YYYY-MM/ folders
   * ('partitioned', which adds a 'period' column), Parquet directly in the folder ('flat'), or one
   * JSON document per file ('json').
   */
  layout: 'partitioned' | 'flat' | 'json';
  prefix: string;
  /**
   * A provider-return table: a file per submission and period, and compacted files (compaction.ts)
   * that, while a compaction is between writing its file and deleting what it holds, hold rows a
   * submission's own file still holds. Its compacted_in column tells them apart: each submission's
   * rows are to be read from one file (oneCopyPerSubmission; curated.ts readFrom by file name).
   */
  compacted?: true;
}

/**
 * The rows of `from` (a provider-return table, or any relation with its columns) with each
 * submission's rows from one file, as curated.ts readFrom reads them: its own file (rows with no
 * compacted_in) if it is there, else the compacted file of the latest generation, then the
 * greatest name, that holds it. Portable SQL, the same on Athena and DuckDB.
 */
export function oneCopyPerSubmission(table: BaseTable, from: string): string {
  const columns = Object.keys(table.columns).join(', ');
  // An own file's rows rank above every compacted file's ('~' sorts after 'compacted-…').
  const file = `coalesce(${compactedInColumn}, '~')`;
  return [
    `SELECT ${columns} FROM (`,
    `  SELECT *, ${file} AS from_file,`,
    `    max(${file}) OVER (PARTITION BY period, submission_id) AS chosen_file`,
    `  FROM ${from}`,
    ') WHERE from_file = chosen_file',
  ].join('\n');
}

/**
 * A view per provider-return table, `<table>_once`: the rows of committed submissions (those with a
 * ledger record: ingest writes rows before the record, so an interrupted ingest leaves rows the
 * ledger does not name), each submission's once. On Athena the table is its files as they are, so
 * a compaction between writing its file and deleting the ones it folded in shows their rows twice
 * there; the view never does.
 */
/** The ledger's table: a submission is committed when it has a record there. */
const ledgerTableName = 'submissions';

/** The rows of `table` whose submission has a ledger record, as a relation. */
const committedRows = (table: string) =>
  `(SELECT * FROM ${table} WHERE submission_id IN (SELECT submission_id FROM ${ledgerTableName}))`;

export function baseViews(): { name: string; sql: string }[] {
  return baseTables().flatMap((table) =>
    table.compacted
      ? [
          {
            name: `${table.name}_once`,
            sql: [
              `CREATE OR REPLACE VIEW ${table.name}_once AS`,
              oneCopyPerSubmission(table, committedRows(table.name)),
              '',
            ].join('\n'),
          },
        ]
      : [],
  );
}

/** A ledger record (ingest/submission.ts); instants are ISO text there. */
const ledgerColumns = {
  schema_version: 'int',
  submission_id: 'string',
  sha256: 'string',
  size_bytes: 'bigint',
  input_type: 'string',
  provider_id: 'string',
  file_name: 'string',
  stored_name: 'string',
  format: 'string',
  encoding: 'string',
  received_at: 'string',
  processed_at: 'string',
  status: 'string',
  rows_read: 'int',
  rows_accepted: 'int',
  rows_rejected: 'int',
  errors: 'int',
  warnings: 'int',
  period: 'string',
  file_error: 'json',
  raw_key: 'string',
  report_json_key: 'string',
  report_html_key: 'string',
  quarantine_key: 'string',
} as const satisfies Record<keyof Submission, BaseColumnType>;

export function baseTables(): BaseTable[] {
  const results: BaseTable[] = Object.entries(resultsTables).map(([name, columns]) => ({
    name,
    columns: { ...columns, period: 'string' },
    layout: 'partitioned',
    prefix: keys.resultsPrefix(name),
  }));
  const curated: BaseTable[] = Object.values(contracts).map((contract) => {
    const columns: Record<string, BaseColumnType> = { ...curatedSchema(contract) };
    const compacted = contract.periodOf !== undefined && contract.storage === 'append';
    if (compacted) columns[compactedInColumn] = 'string';
    if (contract.periodOf) columns.period = 'string';
    return {
      name: contract.table,
      columns,
      layout: contract.periodOf ? 'partitioned' : 'flat',
      prefix: keys.curatedPrefix(contract.table),
      ...(compacted ? { compacted: true as const } : {}),
    };
  });
  const ledger: BaseTable = {
    name: ledgerTableName,
    columns: ledgerColumns,
    layout: 'json',
    prefix: keys.ledgerPrefix,
  };
  return [...results, ...curated, ledger];
}
