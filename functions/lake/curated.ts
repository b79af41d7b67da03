// Curated tables: one per input type, typed, written as Parquet through the ObjectStore.
// An ingest writes only keys named after its own submission, so a retry overwrites what an
// interrupted attempt wrote and two ingests never write the same object. Provider returns are
// appended per (period, submission); scoring decides supersession. A council feed keeps each
// submission's rows under curated/_submissions/, and its table (what the SQL views read) is rebuilt
// from the committed ones after each commit: snapshots replace, upserts and history merge by key,
// and in every case the latest received submission wins, whatever order they arrived in.

import { createHash } from 'node:crypto';
import { appendAll } from '../domain/append-all.ts';
import { fieldSpecOf } from '../domain/contracts/fields.ts';
import { columnsOf, type InputContract } from '../domain/contracts/index.ts';
import type { AcceptedBatch, AcceptedRows } from '../domain/validation/accepted-rows.ts';
import { StringDictionary } from '../domain/validation/string-dictionary.ts';
import { mapBounded } from './bounded.ts';
import { keys, type TableFile, tableFileOf } from './keys.ts';
import { committedAmong } from './ledger.ts';
import { getJson, type ObjectInfo, type ObjectStore } from './object-store.ts';
import { decodeParquet, encodeParquet, type Row, type TableSchema } from './parquet.ts';
import { type ColumnBatch, parquetFromBatches, parquetOfBatch } from './parquet-stream.ts';

/** Where a curated row came from. */
const provenanceColumns: TableSchema = {
  submission_id: 'string',
  received_at: 'timestamp',
  submission_status: 'string',
  row_number: 'int',
};

/** The Parquet schema of a curated table; a column named 'period' lives in the partition path. */
export function curatedSchema(contract: InputContract): TableSchema {
  const shape = contract.schema.shape as Record<string, object>;
  const schema: TableSchema = {};
  for (const column of columnsOf(contract)) {
    if (column === 'period' && contract.periodOf) continue;
    schema[column] = fieldSpecOf(shape[column]!).kind;
  }
  return { ...schema, ...provenanceColumns };
}

/** The column a compacted file adds to each row: the file's name (compactedSchema). */
export const compactedInColumn = 'compacted_in';

/**
 * The Parquet schema of a compacted file (compaction.ts): each row also names the file, so SQL over
 * every file of a table can take each submission's rows from one (base-tables.ts
 * oneCopyPerSubmission). Readers decoding with curatedSchema leave the column out.
 */
export function compactedSchema(contract: InputContract): TableSchema {
  return { ...curatedSchema(contract), [compactedInColumn]: 'string' };
}

/** Provider returns are appended as they come; council feeds are merged into a current state. */
export function isMerged(contract: InputContract): boolean {
  return contract.storage !== 'append';
}

export interface CuratedBatch {
  submissionId: string;
  receivedAt: Date;
  status: string;
  rows: AcceptedRows;
}

/** Writes one submission's accepted rows, before its ledger record; returns the keys written. */
export async function writeSubmissionRows(
  store: ObjectStore,
  contract: InputContract,
  batch: CuratedBatch,
): Promise<string[]> {
  const schema = curatedSchema(contract);
  const written: string[] = [];
  const groups: Map<string | null, Int32Array | null> = isMerged(contract)
    ? new Map([[null, null]])
    : batch.rows.indicesByPeriod();
  for (const [period, indices] of groups) {
    // One group is every row: the blocks are written as they are, not copied.
    const batches = withSubmissionColumns(batch, batch.rows.batches(groups.size === 1 ? null : indices));
    const key =
      period === null
        ? keys.submissionRows(contract.table, batch.submissionId)
        : keys.curatedPartition(contract.table, period, batch.submissionId);
    const first = batches.next();
    const second = first.done ? first : batches.next();
    // Rows that fit one batch are held whole already: one piece, one write. More go out as a stream.
    if (!first.done && second.done) await store.put(key, await parquetOfBatch(first.value, schema));
    else await store.putStream(key, parquetFromBatches(resumed([first, second], batches), schema));
    written.push(key);
  }
  return written;
}

/** The values already taken from `rest`, then the rest of it. */
function* resumed<T>(taken: readonly IteratorResult<T>[], rest: Iterator<T>): Generator<T> {
  for (const result of taken) {
    if (result.done) return;
    yield result.value;
  }
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

/** The rows' batches with the columns that say where each row came from. */
function* withSubmissionColumns(batch: CuratedBatch, rows: Iterable<AcceptedBatch>): Generator<ColumnBatch> {
  const submissionId = StringDictionary.of([batch.submissionId]);
  const status = StringDictionary.of([batch.status]);
  const receivedAt = batch.receivedAt.getTime();
  for (const { length, vectors, rowNumbers } of rows) {
    yield {
      length,
      vectors: {
        ...vectors,
        submission_id: { type: 'string', ids: new Int32Array(length), dictionary: submissionId },
        received_at: { type: 'timestamp', values: new Float64Array(length).fill(receivedAt), nulls: null },
        submission_status: { type: 'string', ids: new Int32Array(length), dictionary: status },
        row_number: { type: 'int', values: rowNumbers, nulls: null },
      },
    };
  }
}

/**
 * Deletes this submission's row files other than `keep`. A retry after an interrupted attempt
 * calls it: if the provider register changed in between, the earlier attempt may have written a
 * period this one rejects, and those rows must not become part of the submission when it commits.
 */
export async function removeRowsOfEarlierAttempt(
  store: ObjectStore,
  contract: InputContract,
  submissionId: string,
  keep: readonly string[],
): Promise<void> {
  const candidates = isMerged(contract)
    ? [keys.submissionRows(contract.table, submissionId)]
    : (await tableFiles(store, contract)).filter((f) => f.name === submissionId).map((f) => f.key);
  for (const key of candidates) if (!keep.includes(key)) await store.delete(key);
}

/**
 * The earliest period holding rows of a committed submission (one whose ledger record exists) in
 * a partitioned table, or null when it holds none: for monthly returns, the lake's first month
 * under `first_month: auto` (METHODOLOGY §8). Read from the keys, not the rows.
 */
export async function earliestCommittedPeriod(
  store: ObjectStore,
  contract: InputContract,
): Promise<string | null> {
  const files = (await tableFiles(store, contract))
    .flatMap(({ period, name }) => (period === null ? [] : [{ period, name }]))
    .sort((a, b) => a.period.localeCompare(b.period));
  for (const { period, name } of files) {
    // A compacted file holds committed submissions only.
    if (compactedFileName.test(name) || (await store.head(keys.ledger(name))) !== null) return period;
  }
  return null;
}

/**
 * A curated table's files, exactly as CONTRACTS §3 lays them out (keys.tableFileOf): anything
 * else under its folder (a lake made inside it, a stray file) is neither read nor deleted.
 */
export async function tableFiles(
  store: ObjectStore,
  contract: InputContract,
): Promise<(ObjectInfo & TableFile)[]> {
  const prefix = keys.curatedPrefix(contract.table);
  const partitioned = contract.periodOf !== undefined;
  const files: (ObjectInfo & TableFile)[] = [];
  for (const object of await store.list(prefix)) {
    const file = tableFileOf(prefix, object.key, partitioned);
    if (file) files.push({ ...object, ...file });
  }
  return files;
}

/**
 * Every row of a curated table as the views see it, with 'period' restored from the partition path.
 * In a provider-return table each submission's rows are read from one file only (readFrom): a
 * compaction interrupted after writing its file leaves the rows it copied in two places.
 * With `periods`, only those partitions are read (readFrom chooses within a period, so the rows
 * of a period are the same whichever others are read).
 */
export async function readCurated(
  store: ObjectStore,
  contract: InputContract,
  periods?: ReadonlySet<string>,
): Promise<Row[]> {
  const found = (await tableFiles(store, contract)).filter(
    (f) => !periods || (f.period !== null && periods.has(f.period)),
  );
  const parts = await mapBounded(found, store.readConcurrency ?? 1, ({ key }) =>
    readRowFile(store, contract, key),
  );
  const files = found.map((file, i) => ({ ...file, rows: parts[i]! }));
  const out: Row[] = [];
  if (isMerged(contract)) {
    for (const { rows } of files) appendAll(out, rows);
    return out;
  }
  const chosen = readFrom(
    files.map((f) => ({ ...f, ids: new Set(f.rows.map((r) => r.submission_id as string)) })),
  );
  for (const { key, rows } of files) {
    const ids = chosen.get(key)!;
    appendAll(
      out,
      rows.filter((r) => ids.has(r.submission_id as string)),
    );
  }
  return out;
}

/**
 * A compacted file of a provider-return table (compaction.ts): `compacted-<generation>-<digest>`,
 * holding the rows of committed submissions of one period. Every other file there is named after
 * the one submission whose rows it holds.
 */
export const compactedFileName = /^compacted-(\d{6})-([0-9a-f]{16})$/;

/**
 * Where each submission's rows are read from, per file: the ids whose rows to take from it. Per
 * period, a submission's rows in its own file and in compacted files are copies (a compaction
 * copies them before deleting the own file), read once: from its own file if it is there, else
 * from the compacted file of the latest generation (then the greatest name) that holds it, which
 * holds every row the older ones held. Rows in any other file are read as they are (audit names
 * them when they double a submission's rows).
 */
export function readFrom(
  files: readonly { key: string; name: string; period: string | null; ids: ReadonlySet<string> }[],
): Map<string, Set<string>> {
  const rank = (name: string, id: string) => (name === id ? 2 : compactedFileName.test(name) ? 1 : 0);
  const chosen = new Map(files.map((f) => [f.key, new Set<string>()]));
  const best = new Map<string, { key: string; name: string; rank: number }>();
  for (const { key, name, period, ids } of files) {
    for (const id of ids) {
      const r = rank(name, id);
      if (r === 0) {
        chosen.get(key)!.add(id);
        continue;
      }
      const at = `${period}\u0000${id}`;
      const current = best.get(at);
      if (!current || r > current.rank || (r === current.rank && name > current.name))
        best.set(at, { key, name, rank: r });
    }
  }
  for (const [at, { key }] of best) chosen.get(key)!.add(at.slice(at.indexOf('\u0000') + 1));
  return chosen;
}

/** The rows of one curated file (a table partition or a submission's rows); none if it has gone. */
export async function readRowFile(store: ObjectStore, contract: InputContract, key: string): Promise<Row[]> {
  const bytes = await store.get(key);
  if (!bytes) return [];
  const period = tableFileOf(keys.curatedPrefix(contract.table), key, true)?.period ?? null;
  const rows = decodeParquet(bytes, curatedSchema(contract));
  if (contract.periodOf && 'period' in contract.schema.shape) for (const row of rows) row.period = period;
  return rows;
}

/**
 * What scoring reads: the rows of committed submissions only; for a council feed, merged from
 * each committed submission's rows, so a half-done ingest or a table still being rebuilt is never seen.
 * `committed` is the ledger's list of committed submissions; null looks up each submission read
 * (fewer reads than listing a large ledger when only a few are read). `periods` limits a
 * partitioned table to those partitions (a council feed's rows to those whose period is one of
 * them, after the merge: a later row for a key may have moved it out).
 */
export async function currentRows(
  store: ObjectStore,
  contract: InputContract,
  committed: ReadonlySet<string> | null,
  periods?: ReadonlySet<string>,
): Promise<Row[]> {
  if (!isMerged(contract)) {
    const rows = await readCurated(store, contract, periods);
    const ids = committed ?? new Set(await committedAmong(store, [...new Set(rows.map(submissionOf))]));
    return rows.filter((row) => ids.has(submissionOf(row)));
  }
  const stored = await mergedSubmissionIds(store, contract);
  const ids = committed ? stored.filter((id) => committed.has(id)) : await committedAmong(store, stored);
  if (ids.length === 0) return [];
  const table = await verifiedTableRows(store, contract, ids, periods);
  if (table) return table;
  const rows = mergeLatest(contract, await rowsOfSubmissions(store, contract, ids));
  const { periodOf } = contract;
  return periods && periodOf ? rows.filter((row) => periods.has(periodOf(row as never))) : rows;
}

/** What a council feed's table was built from, written after the table (refreshMergedTable). */
interface BuiltFrom {
  submissions: string[];
  /** Each of the table's files, by key, with the SHA-256 of its bytes (hex). */
  files?: Record<string, string>;
}

/**
 * A council feed's rows read from its table instead of merged again from every submission, when
 * that is certain to give the same rows: the record of what the table was built from names exactly
 * the committed submissions `ids`, and each file read has the bytes the record says (a rebuild
 * under way, or one from an older state finishing late, changes them). The table's files are a
 * period each, so `periods` reads only those months; the merge of a whole feed, 170,000 offers
 * for 1,600 providers, is decoded as one file otherwise. Null when it cannot be certain (an older
 * record without digests, a stale table, a file that changed): the caller merges the submissions.
 */
async function verifiedTableRows(
  store: ObjectStore,
  contract: InputContract,
  ids: readonly string[],
  periods?: ReadonlySet<string>,
): Promise<Row[] | null> {
  const record = await getJson<BuiltFrom>(store, keys.tableBuiltFrom(contract.table));
  if (!record?.files || !Array.isArray(record.submissions)) return null;
  const built = new Set(record.submissions);
  if (built.size !== ids.length || ids.some((id) => !built.has(id))) return null;
  const prefix = keys.curatedPrefix(contract.table);
  const wanted = Object.entries(record.files).filter(([key]) => {
    const file = tableFileOf(prefix, key, contract.periodOf !== undefined);
    return file !== null && (!periods || !contract.periodOf || periods.has(file.period!));
  });
  const parts = await mapBounded(wanted, store.readConcurrency ?? 1, async ([key, digest]) => {
    const bytes = await store.get(key);
    if (!bytes || sha256Hex(bytes) !== digest) return null;
    return decodeParquet(bytes, curatedSchema(contract));
  });
  if (parts.some((rows) => rows === null)) return null;
  const rows: Row[] = [];
  for (const part of parts) appendAll(rows, part!);
  // The files are the merge's rows by period; in received order again, as mergeLatest gives them.
  return rows.sort(receivedOrder);
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Rebuilds a council feed's table from its committed submissions, after a commit. Ingests may run
 * at once, so it repeats until the committed submissions are the same after writing as before: a
 * rebuild that started before another ingest committed is then always followed by a complete one,
 * and the table converges on the merge of every committed submission without any locking.
 */
export async function refreshMergedTable(store: ObjectStore, contract: InputContract): Promise<void> {
  let built: string | null = null;
  for (;;) {
    const ids = await committedAmong(store, await mergedSubmissionIds(store, contract));
    const signature = ids.join(',');
    if (signature === built) return;
    const files = await writeMergedTable(
      store,
      contract,
      mergeLatest(contract, await rowsOfSubmissions(store, contract, ids)),
    );
    // Then what it was built from, so the next reader can tell a table an interrupted ingest left
    // stale (committed, not yet rebuilt) without rebuilding it each time (mergedTableIsCurrent),
    // and a reader can trust the files it reads are this build's (verifiedTableRows).
    const record: BuiltFrom = { submissions: ids, files };
    await store.put(keys.tableBuiltFrom(contract.table), `${JSON.stringify(record)}\n`);
    built = signature;
  }
}

/**
 * Whether a council feed's table is built from every committed submission. An ingest that died
 * between its ledger record and the rebuild leaves it stale; the next use must rebuild it first.
 * One list and one small read when it is current: the submissions with rows against the record
 * of what the table was built from; only submissions not in that record are looked up in the
 * ledger (one in flight, or never committed, leaves the table current).
 */
export async function mergedTableIsCurrent(store: ObjectStore, contract: InputContract): Promise<boolean> {
  const [stored, record] = await Promise.all([
    mergedSubmissionIds(store, contract),
    getJson<Partial<BuiltFrom>>(store, keys.tableBuiltFrom(contract.table)),
  ]);
  // Built before the record existed, or never: current only when there is nothing to build from.
  if (!record || !Array.isArray(record.submissions)) return stored.length === 0;
  const built = new Set(record.submissions as string[]);
  const listed = new Set(stored);
  if ([...built].some((id) => !listed.has(id))) return false;
  const others = stored.filter((id) => !built.has(id));
  return others.length === 0 || (await committedAmong(store, others)).length === 0;
}

/** A council feed's current state, merged from its committed submissions (what its table holds when current). */
export async function committedMergedRows(store: ObjectStore, contract: InputContract): Promise<Row[]> {
  const ids = await committedAmong(store, await mergedSubmissionIds(store, contract));
  return mergeLatest(contract, await rowsOfSubmissions(store, contract, ids));
}

/** Ids of the submissions whose rows a council feed's table is built from, sorted. */
export async function mergedSubmissionIds(store: ObjectStore, contract: InputContract): Promise<string[]> {
  const prefix = keys.submissionRowsPrefix(contract.table);
  return (await store.list(prefix))
    .map((o) => /^([^/]+)\.parquet$/.exec(o.key.slice(prefix.length))?.[1])
    .filter((id): id is string => id !== undefined);
}

async function rowsOfSubmissions(store: ObjectStore, contract: InputContract, ids: string[]): Promise<Row[]> {
  const parts = await mapBounded(ids, store.readConcurrency ?? 1, (id) =>
    readRowFile(store, contract, keys.submissionRows(contract.table, id)),
  );
  const out: Row[] = [];
  for (const rows of parts) appendAll(out, rows);
  return out;
}

const submissionOf = (row: Row) => row.submission_id as string;

/** Received time, then submission id, then row number: one order whatever order files arrived in. */
function receivedOrder(a: Row, b: Row): number {
  const d = (a.received_at as Date).getTime() - (b.received_at as Date).getTime();
  if (d !== 0) return d;
  const ida = a.submission_id as string;
  const idb = b.submission_id as string;
  if (ida !== idb) return ida < idb ? -1 : 1;
  return (a.row_number as number) - (b.row_number as number);
}

/** The current state of a council feed: the latest snapshot, or per key the latest received row. */
export function mergeLatest(contract: InputContract, rows: readonly Row[]): Row[] {
  const ordered = [...rows].sort(receivedOrder);
  if (contract.storage === 'snapshot') {
    const latest = ordered.at(-1)?.submission_id;
    return ordered.filter((row) => row.submission_id === latest);
  }
  const byKey = new Map<string, Row>();
  for (const row of ordered) byKey.set(contract.key.map((k) => String(row[k] ?? '')).join('\u0000'), row);
  return [...byKey.values()].sort(receivedOrder);
}

/**
 * Puts only partitions whose bytes change, then deletes partitions that are no longer in the state;
 * returns the table's files with the SHA-256 of each.
 */
async function writeMergedTable(
  store: ObjectStore,
  contract: InputContract,
  rows: Row[],
): Promise<Record<string, string>> {
  const schema = curatedSchema(contract);
  const wanted = new Map<string, Uint8Array>();
  if (contract.periodOf) {
    for (const [period, part] of groupByPeriod(contract, rows))
      wanted.set(keys.curatedPartition(contract.table, period, 'data'), encodeParquet(part, schema));
  } else if (rows.length > 0) {
    wanted.set(keys.curatedTable(contract.table, 'data'), encodeParquet(rows, schema));
  }
  for (const [key, bytes] of wanted) {
    const current = await store.get(key);
    if (!current || !sameBytes(current, bytes)) await store.put(key, bytes);
  }
  for (const { key } of await tableFiles(store, contract)) if (!wanted.has(key)) await store.delete(key);
  return Object.fromEntries([...wanted].map(([key, bytes]) => [key, sha256Hex(bytes)]));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function groupByPeriod(contract: InputContract, rows: Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const period = contract.periodOf!(row as never);
    const group = groups.get(period);
    if (group) group.push(row);
    else groups.set(period, [row]);
  }
  return groups;
}
