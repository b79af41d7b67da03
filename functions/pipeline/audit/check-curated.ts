// Every accepted row is in curated data exactly once, and no curated row belongs to a submission
// that never committed. Provider returns are counted in their table. A council feed is counted in
// its submissions' own row files, where every accepted row stays; its table holds only what
// survives supersession, so the table is compared with the merge of those files instead.
import { contracts, type InputContract } from '../../domain/contracts/index.ts';
import type { Submission } from '../../domain/submission.ts';
import {
  isMerged,
  mergedSubmissionIds,
  mergeLatest,
  readFrom,
  readRowFile,
  tableFiles,
} from '../../lake/curated.ts';
import { keys, tableFileOf } from '../../lake/keys.ts';
import type { Row } from '../../lake/parquet.ts';
import type { ObjectStore } from '../ports.ts';
import { type CheckResult, count, type Finding } from './finding.ts';
import type { LedgerRecords } from './ledger-records.ts';

export async function checkCurated(lake: ObjectStore, ledger: LedgerRecords): Promise<CheckResult> {
  const findings: Finding[] = [];
  let submissions = 0;
  let rows = 0;
  for (const contract of Object.values(contracts)) {
    const records = [...ledger.byId.values()].filter(
      (s) => s.input_type === contract.type && s.rows_accepted > 0,
    );
    submissions += records.length;
    rows += records.reduce((n, s) => n + s.rows_accepted, 0);
    const check = isMerged(contract) ? checkMergedTable : checkAppendedTable;
    findings.push(...(await check(lake, contract, records, ledger)));
  }
  findings.push(...(await strayObjects(lake)));
  return {
    check: 'curated',
    summary: `${count(rows, 'accepted row')} of ${count(submissions, 'submission')}, each to be found once`,
    findings,
  };
}

/** Provider returns: one file per (period, submission); each accepted row once across the table. */
async function checkAppendedTable(
  lake: ObjectStore,
  contract: InputContract,
  records: Submission[],
  ledger: LedgerRecords,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const found = new Map<string, number>();
  const files = [];
  for (const file of await tableFiles(lake, contract)) {
    const counts = countBySubmission(await readRows(lake, contract, file.key, findings));
    files.push({ ...file, counts, ids: new Set(counts.keys()) });
  }
  // As readers read it: each submission's rows from one file, its own or the latest compacted one
  // (an interrupted compaction leaves rows it copied in both until the next compaction).
  const chosen = readFrom(files);
  for (const { key, counts } of files) {
    for (const [id, n] of counts) {
      if (!ledger.byId.has(id)) findings.push(uncommitted(key, id, n));
      if (chosen.get(key)!.has(id)) found.set(id, (found.get(id) ?? 0) + n);
    }
  }
  for (const s of records) {
    const reason = rowCountReason(s, found.get(s.submission_id) ?? 0, `the ${contract.table} table`);
    if (reason) findings.push({ check: 'curated', key: keys.curatedPrefix(contract.table), reason });
  }
  return findings;
}

/** Council feeds: each submission's rows in its own file; the table equal to their merge. */
async function checkMergedTable(
  lake: ObjectStore,
  contract: InputContract,
  records: Submission[],
  ledger: LedgerRecords,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const committedRows: Row[] = [];
  const stored = new Set(await mergedSubmissionIds(lake, contract));
  for (const id of stored) {
    const key = keys.submissionRows(contract.table, id);
    const fileRows = await readRows(lake, contract, key, findings);
    for (const [other, n] of countBySubmission(fileRows)) {
      if (other !== id) {
        findings.push({
          check: 'curated',
          key,
          reason: `holds ${count(n, 'row')} of ${other}, not of ${id}.`,
        });
      }
    }
    if (!ledger.byId.has(id)) {
      findings.push(uncommitted(key, id, fileRows.length));
      continue;
    }
    committedRows.push(...fileRows.filter((row) => row.submission_id === id));
  }
  const found = countBySubmission(committedRows);
  for (const s of records) {
    const where = `its rows file (${keys.submissionRows(contract.table, s.submission_id)})`;
    const reason = rowCountReason(s, found.get(s.submission_id) ?? 0, where);
    if (reason)
      findings.push({ check: 'curated', key: keys.submissionRows(contract.table, s.submission_id), reason });
  }

  const expected = countBySubmission(mergeLatest(contract, committedRows));
  const tableKey = keys.curatedPrefix(contract.table);
  const tableRows: Row[] = [];
  for (const { key } of await tableFiles(lake, contract))
    tableRows.push(...(await readRows(lake, contract, key, findings)));
  const table = countBySubmission(tableRows);
  for (const id of new Set([...expected.keys(), ...table.keys()])) {
    const want = expected.get(id) ?? 0;
    const have = table.get(id) ?? 0;
    if (want === have) continue;
    const why = !ledger.byId.has(id)
      ? `holds ${count(have, 'row')} of ${id}, which has no ledger record.`
      : `holds ${count(have, 'row')} of ${id}, where the current state has ${want}: the table is out of date or damaged. Ingesting any ${contract.type} file again rebuilds it.`;
    findings.push({ check: 'curated', key: tableKey, reason: why });
  }
  return findings;
}

/**
 * Objects under curated/ that belong to no table, so no reader will ever see them: anything but the
 * table files CONTRACTS §3 names (keys.tableFileOf) and the council feeds' submission rows files,
 * such as a lake made inside a table's folder.
 */
async function strayObjects(lake: ObjectStore): Promise<Finding[]> {
  const isRowsFile = (prefix: string, key: string) =>
    key.startsWith(prefix) && /^[^/]+\.parquet$/.test(key.slice(prefix.length));
  const known = (key: string) =>
    Object.values(contracts).some(
      (c) =>
        tableFileOf(keys.curatedPrefix(c.table), key, c.periodOf !== undefined) !== null ||
        isRowsFile(keys.submissionRowsPrefix(c.table), key),
    );
  const records = new Set(Object.values(contracts).map((c) => keys.tableBuiltFrom(c.table)));
  return (await lake.list('curated/'))
    .filter(({ key }) => !records.has(key) && !known(key))
    .map(({ key }) => ({ check: 'curated', key, reason: 'is not part of any curated table.' }));
}

/** A curated file's rows; one that is not readable Parquet is a finding, and counts as no rows. */
async function readRows(
  lake: ObjectStore,
  contract: InputContract,
  key: string,
  findings: Finding[],
): Promise<Row[]> {
  try {
    return await readRowFile(lake, contract, key);
  } catch (error) {
    findings.push({
      check: 'curated',
      key,
      reason: `cannot be read as Parquet (${(error as Error).message}).`,
    });
    return [];
  }
}

function countBySubmission(rows: readonly Row[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const id = row.submission_id as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function uncommitted(key: string, id: string, rows: number): Finding {
  return {
    check: 'curated',
    key,
    reason: `holds ${count(rows, 'row')} of ${id}, which has no ledger record: an ingest that did not finish (ingesting the file again completes it), or a record that was lost.`,
  };
}

function rowCountReason(s: Submission, found: number, where: string): string | null {
  if (found === s.rows_accepted) return null;
  return found < s.rows_accepted
    ? `${s.submission_id} (${s.file_name}): ${s.rows_accepted - found} of its ${s.rows_accepted} accepted rows are missing from ${where}.`
    : `${s.submission_id} (${s.file_name}): ${found} rows in ${where}, but ${s.rows_accepted} were accepted: rows are duplicated.`;
}
