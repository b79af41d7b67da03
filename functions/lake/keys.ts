// Lake keys (CONTRACTS §3). File names are data, never paths: only a sanitised form reaches a key.
import { isPeriod, type Period } from '../domain/period.ts';

/** Letters, digits, '.', '-', '_' only; at most 100 characters; never empty or dot-only. */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '')
    .slice(-100);
  return /[A-Za-z0-9]/.test(cleaned) ? cleaned : 'file';
}

export const keys = {
  raw: (inputType: string, submissionId: string, storedName: string) =>
    `raw/${inputType}/${submissionId}/${storedName}`,
  rawPrefix: (inputType: string, submissionId: string) => `raw/${inputType}/${submissionId}/`,
  ledger: (submissionId: string) => `ledger/submissions/${submissionId}.json`,
  ledgerPrefix: 'ledger/submissions/',
  quarantine: (submissionId: string) => `quarantine/${submissionId}/rejected.csv`,
  reportJson: (owner: string, submissionId: string) => `reports/${owner}/${submissionId}.json`,
  reportHtml: (owner: string, submissionId: string) => `reports/${owner}/${submissionId}.html`,
  curatedPrefix: (table: string) => `curated/${table}/`,
  curatedPartition: (table: string, period: string, file: string) =>
    `curated/${table}/period=${period}/${file}.parquet`,
  curatedTable: (table: string, file: string) => `curated/${table}/${file}.parquet`,
  // Each council-feed submission's accepted rows; outside every table's prefix, so no engine reads
  // them as part of a table (the merged tables are built from them).
  submissionRowsPrefix: (table: string) => `curated/_submissions/${table}/`,
  submissionRows: (table: string, submissionId: string) =>
    `curated/_submissions/${table}/${submissionId}.parquet`,
  /** The committed submissions a council feed's table was last built from (curated.ts). */
  tableBuiltFrom: (table: string) => `curated/_submissions/${table}/_built-from.json`,
  resultsPrefix: (table: string) => `results/${table}/`,
  resultsPartition: (table: string, period: string) => `results/${table}/period=${period}/part-0.parquet`,
  /**
   * Under `first_month: auto`, the lake's first month when alerts were first run: no alert is
   * raised for an earlier month. Beside the alerts table's partitions, which the views and the
   * catalog read (period=…/*.parquet), and written by the alerts step only.
   */
  alertsFrom: 'results/alerts/alerts-from.json',
  /** The council's settings for this lake (its go-live month). */
  lakeSettings: 'settings/lake.json',
};

/** A table file as CONTRACTS §3 names it: its month ('period=YYYY-MM' folder) and file name. */
export interface TableFile {
  key: string;
  /** Null in a flat table. */
  period: Period | null;
  /** The file name without '.parquet' (a submission id, 'data', 'part-0'). */
  name: string;
}

const fileName = /^([A-Za-z0-9_-][A-Za-z0-9._-]*)\.parquet$/;

/**
 * The table file `key` names under a table's `prefix`, or null for any other key. A partitioned
 * table holds `period=YYYY-MM/<file>.parquet` (a real month), a flat one `<file>.parquet` directly
 * in its folder. Listing is recursive, so every reader keeps only these keys: a lake made inside
 * a table's folder, or a stray file, is never read as the table's rows (nor deleted as them).
 */
export function tableFileOf(prefix: string, key: string, partitioned: boolean): TableFile | null {
  if (!key.startsWith(prefix)) return null;
  const parts = key.slice(prefix.length).split('/');
  if (parts.length !== (partitioned ? 2 : 1)) return null;
  const name = fileName.exec(parts.at(-1)!)?.[1];
  if (name === undefined) return null;
  if (!partitioned) return { key, period: null, name };
  const period = parts[0]!.startsWith('period=') ? parts[0]!.slice('period='.length) : '';
  return isPeriod(period) ? { key, period, name } : null;
}

export class InvalidKeyError extends Error {
  constructor(readonly key: string) {
    super(`"${key}" is not a valid lake key`);
    this.name = 'InvalidKeyError';
  }
}

/** A key's '/'-separated parts; throws InvalidKeyError for any key that could name a path outside the lake. */
export function lakeKeyParts(key: string): string[] {
  const parts = key.split('/');
  if (key.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..') || key.includes('\\')) {
    throw new InvalidKeyError(key);
  }
  return parts;
}

/** The lake's top-level folders (CONTRACTS §3): a directory holding none of them is not a lake. */
export const lakeFolders = [
  'landing',
  'raw',
  'ledger',
  'quarantine',
  'reports',
  'curated',
  'results',
] as const;
