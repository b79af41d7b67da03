// Curated tables: one per input type, typed, written as Parquet through the ObjectStore.
// Provider returns are appended per submission (scoring decides supersession); council feeds
// are merged so the table always holds the current state: snapshots replace, upserts and
// history merge by key, and in every case the latest received submission wins.

import { fieldSpecOf } from '../contracts/fields.ts';
import { columnsOf, type InputContract } from '../contracts/index.ts';
import type { AcceptedRows } from '../ingest/accepted-rows.ts';
import { keys, periodOfKey } from './keys.ts';
import type { ObjectStore } from './object-store.ts';
import { decodeParquet, encodeParquet, encodeParquetColumns, type Row, type TableSchema } from './parquet.ts';

/** Where a curated row came from. */
export const submissionColumns: TableSchema = {
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
  return { ...schema, ...submissionColumns };
}

export interface CuratedBatch {
  submissionId: string;
  receivedAt: Date;
  status: string;
  rows: AcceptedRows;
}

export async function writeCurated(
  store: ObjectStore,
  contract: InputContract,
  batch: CuratedBatch,
): Promise<void> {
  if (contract.storage === 'append') {
    await appendPartitions(store, contract, batch);
    return;
  }
  const rows: Row[] = batch.rows.toObjects().map((values, i) => ({
    ...values,
    submission_id: batch.submissionId,
    received_at: batch.receivedAt,
    submission_status: batch.status,
    row_number: batch.rows.rowNumbers[i],
  }));
  const existing = await readCurated(store, contract);
  await replaceTable(store, contract, mergeLatest(contract, existing, rows));
}

/** Provider returns: one Parquet file per (period, submission), written column by column. */
async function appendPartitions(
  store: ObjectStore,
  contract: InputContract,
  batch: CuratedBatch,
): Promise<void> {
  const schema = curatedSchema(contract);
  const groups = batch.rows.indicesByPeriod();
  for (const [period, indices] of groups) {
    const pick = <T>(column: readonly T[]): T[] =>
      groups.size === 1 ? (column as T[]) : indices.map((i) => column[i]!);
    const columns: Record<string, readonly unknown[]> = {
      submission_id: new Array(indices.length).fill(batch.submissionId),
      received_at: new Array(indices.length).fill(batch.receivedAt),
      submission_status: new Array(indices.length).fill(batch.status),
      row_number: pick(batch.rows.rowNumbers),
    };
    batch.rows.columnNames.forEach((name, c) => {
      if (name in schema) columns[name] = pick(batch.rows.columns[c]!);
    });
    await store.put(
      keys.curatedPartition(contract.table, period, batch.submissionId),
      encodeParquetColumns(columns, schema),
    );
  }
}

/** Every row of a curated table, with 'period' restored from the partition path. */
export async function readCurated(store: ObjectStore, contract: InputContract): Promise<Row[]> {
  const schema = curatedSchema(contract);
  const out: Row[] = [];
  for (const object of await store.list(keys.curatedPrefix(contract.table))) {
    if (!object.key.endsWith('.parquet')) continue;
    const bytes = await store.get(object.key);
    if (!bytes) continue;
    const period = periodOfKey(object.key);
    for (const row of decodeParquet(bytes, schema)) {
      if (contract.periodOf && 'period' in contract.schema.shape) row.period = period;
      out.push(row);
    }
  }
  return out;
}

function mergeLatest(contract: InputContract, existing: Row[], incoming: Row[]): Row[] {
  const receivedAt = (row: Row) => (row.received_at as Date).getTime();
  if (contract.storage === 'snapshot') {
    const newest = Math.max(...existing.map(receivedAt));
    const incomingAt = incoming.length > 0 ? receivedAt(incoming[0]!) : Number.NEGATIVE_INFINITY;
    // A snapshot back-loaded out of order must not replace a newer one.
    return existing.length > 0 && newest > incomingAt ? existing : incoming;
  }
  const byKey = new Map<string, Row>();
  const keyOf = (row: Row) => contract.key.map((k) => String(row[k] ?? '')).join('\u0000');
  for (const row of [...existing, ...incoming]) {
    const key = keyOf(row);
    const current = byKey.get(key);
    if (!current || receivedAt(row) >= receivedAt(current)) byKey.set(key, row);
  }
  return [...byKey.values()];
}

async function replaceTable(store: ObjectStore, contract: InputContract, rows: Row[]): Promise<void> {
  const schema = curatedSchema(contract);
  const written = new Set<string>();
  if (contract.periodOf) {
    for (const [period, part] of groupByPeriod(contract, rows)) {
      const key = keys.curatedPartition(contract.table, period, 'data');
      await store.put(key, encodeParquet(part, schema));
      written.add(key);
    }
  } else {
    const key = keys.curatedTable(contract.table, 'data');
    await store.put(key, encodeParquet(rows, schema));
    written.add(key);
  }
  for (const object of await store.list(keys.curatedPrefix(contract.table))) {
    if (!written.has(object.key)) await store.delete(object.key);
  }
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
