// Compaction of the provider-return tables (monthly returns, self-assessments): ingest writes one
// file per submission and period, so a county's year is thousands of small files that every reader
// (DuckDB, Athena, scoring) lists and opens. Compaction folds a period's committed submissions into
// one file, without a lock and without ever hiding or doubling a row:
//
//   1. list the period's files; its own files count only once their submission's ledger record exists;
//   2. write `compacted-<generation>-<digest>.parquet` with the rows of the previous compacted file(s)
//      and of those committed submissions (the generation one above the highest there; the digest
//      names the submissions it holds, so two compactions of the same files write the same key);
//   3. delete the files it read: the older compacted files, then the submissions' own files.
//
// Readers take each submission's rows from one file (curated.ts readFrom), so a crash after step 2
// reads as after, before it as before; a submission that commits meanwhile keeps its own file, read
// beside the compacted one until the next compaction. Raw copies, ledger records and reports stay
// one per submission (CONTRACTS §3); council feeds' tables are already one file per period.
import { createHash } from 'node:crypto';
import { appendAll } from '../domain/append-all.ts';
import { contracts, type InputContract } from '../domain/contracts/index.ts';
import {
  compactedFileName,
  compactedInColumn,
  compactedSchema,
  isMerged,
  readFrom,
  readRowFile,
  tableFiles,
} from './curated.ts';
import { keys, type TableFile } from './keys.ts';
import { committedAmong } from './ledger.ts';
import type { ObjectInfo, ObjectStore } from './object-store.ts';
import { encodeParquet, type Row } from './parquet.ts';

export interface CompactedPeriod {
  table: string;
  period: string;
  /** The files folded into the new one (deleted once it is written). */
  files: number;
  submissions: number;
  rows: number;
  key: string;
}

/** Compacts every provider-return table of the lake; what it compacted, period by period. */
export async function compactLake(store: ObjectStore): Promise<CompactedPeriod[]> {
  const done: CompactedPeriod[] = [];
  for (const contract of Object.values(contracts)) {
    if (!isMerged(contract)) appendAll(done, await compactTable(store, contract));
  }
  return done;
}

export interface CompactionOptions {
  /** Only these months (default: every month of the table). */
  periods?: ReadonlySet<string>;
  /**
   * Compact a month only once it holds at least this many submissions' own files (default 1, with
   * at least two files in all). The ingest Lambda waits for a few, so each return does not rewrite
   * its month's compacted file.
   */
  minOwnFiles?: number;
}

/** Compacts each period of a provider-return table that holds more than one readable file. */
export async function compactTable(
  store: ObjectStore,
  contract: InputContract,
  options: CompactionOptions = {},
): Promise<CompactedPeriod[]> {
  if (isMerged(contract))
    throw new Error(`${contract.table} is rebuilt from its submissions, not compacted.`);
  const byPeriod = new Map<string, (ObjectInfo & TableFile)[]>();
  for (const file of await tableFiles(store, contract)) {
    if (file.period === null || (options.periods && !options.periods.has(file.period))) continue;
    const files = byPeriod.get(file.period);
    if (files) files.push(file);
    else byPeriod.set(file.period, [file]);
  }
  const done: CompactedPeriod[] = [];
  for (const [period, files] of byPeriod) {
    const own = files.filter((f) => !compactedFileName.test(f.name)).length;
    if (own < (options.minOwnFiles ?? 1) && files.length - own < 2) continue;
    const outcome = await compactPeriod(store, contract, period, files);
    if (outcome) done.push(outcome);
  }
  return done;
}

async function compactPeriod(
  store: ObjectStore,
  contract: InputContract,
  period: string,
  files: readonly (ObjectInfo & TableFile)[],
): Promise<CompactedPeriod | null> {
  const compacted = files.filter((f) => compactedFileName.test(f.name));
  const own = files.filter((f) => !compactedFileName.test(f.name));
  const committed = new Set(
    await committedAmong(
      store,
      own.map((f) => f.name),
    ),
  );
  const inputs = [...compacted, ...own.filter((f) => committed.has(f.name))];
  if (inputs.length < 2) return null;

  const read = [];
  for (const file of inputs) {
    const rows = await readRowFile(store, contract, file.key);
    read.push({ ...file, rows, ids: new Set(rows.map((r) => r.submission_id as string)) });
  }
  // A file that holds rows of another submission than its name says is left for audit to name.
  const usable = read.filter(
    (f) => compactedFileName.test(f.name) || [...f.ids].every((id) => id === f.name),
  );
  if (usable.length < 2) return null;
  const chosen = readFrom(usable);
  const rows: Row[] = [];
  for (const file of usable) {
    const ids = chosen.get(file.key)!;
    appendAll(
      rows,
      file.rows.filter((r) => ids.has(r.submission_id as string)),
    );
  }
  rows.sort(bySubmissionThenRow);
  const held = [...new Set(rows.map((r) => r.submission_id as string))].sort();
  // A compaction that stopped after writing its file, before deleting what it holds: finish it.
  const holdsAll = usable.find((f) => compactedFileName.test(f.name) && held.every((id) => f.ids.has(id)));
  const generation = Math.max(0, ...compacted.map((f) => Number(compactedFileName.exec(f.name)![1]))) + 1;
  const digest = createHash('sha256').update(held.join('\n')).digest('hex').slice(0, 16);
  const name = `compacted-${String(generation).padStart(6, '0')}-${digest}`;
  const key = holdsAll?.key ?? keys.curatedPartition(contract.table, period, name);

  if (!holdsAll)
    await store.put(
      key,
      encodeParquet(
        rows.map((row) => ({ ...row, [compactedInColumn]: name })),
        compactedSchema(contract),
      ),
    );
  // Only now may what it holds go: the older compacted files first, then the submissions' own files.
  for (const file of usable)
    if (compactedFileName.test(file.name) && file.key !== key) await store.delete(file.key);
  for (const file of usable) if (!compactedFileName.test(file.name)) await store.delete(file.key);
  return {
    table: contract.table,
    period,
    files: usable.length,
    submissions: held.length,
    rows: rows.length,
    key,
  };
}

function bySubmissionThenRow(a: Row, b: Row): number {
  const ida = a.submission_id as string;
  const idb = b.submission_id as string;
  if (ida !== idb) return ida < idb ? -1 : 1;
  return (a.row_number as number) - (b.row_number as number);
}
