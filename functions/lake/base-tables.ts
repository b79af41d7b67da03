// The base tables the views read, named like the Glue tables: results tables, curated tables
// (by contract.table) and the submission ledger. Column lists come from the schemas the writers
// use, so an engine can create an empty, typed table before any file exists.
import { contracts } from '../domain/contracts/index.ts';
import type { Submission } from '../domain/submission.ts';
import { curatedSchema } from './curated.ts';
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
   * that may, after an interrupted compaction, hold rows a submission's own file still holds. Each
   * submission's rows are to be read from one file (curated.ts readFrom).
   */
  compacted?: true;
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
    if (contract.periodOf) columns.period = 'string';
    return {
      name: contract.table,
      columns,
      layout: contract.periodOf ? 'partitioned' : 'flat',
      prefix: keys.curatedPrefix(contract.table),
      ...(contract.periodOf && contract.storage === 'append' ? { compacted: true as const } : {}),
    };
  });
  const ledger: BaseTable = {
    name: 'submissions',
    columns: ledgerColumns,
    layout: 'json',
    prefix: keys.ledgerPrefix,
  };
  return [...results, ...curated, ledger];
}
