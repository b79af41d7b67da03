// Every submission is whole: its raw copy holds the bytes received, its JSON and HTML reports
// exist, its rejected rows are in quarantine, and its counts add up.

import { bytesSource, openRecords } from '../../domain/formats/index.ts';
import type { Submission } from '../../domain/submission.ts';
import { keys } from '../../lake/keys.ts';
import { hasOwnId } from '../../lake/submission-id.ts';
import type { ObjectStore } from '../ports.ts';
import { type CheckResult, count, type Finding } from './finding.ts';
import type { LedgerRecords } from './ledger-records.ts';
import { sha256OfObject } from './object-hash.ts';

export async function checkLedger(lake: ObjectStore, ledger: LedgerRecords): Promise<CheckResult> {
  const findings: Finding[] = [...ledger.unreadable];
  for (const record of ledger.byId.values()) findings.push(...(await checkSubmission(lake, record)));
  return {
    check: 'ledger',
    summary: `${count(ledger.byId.size, 'submission')}: raw copies, reports and quarantine files`,
    findings,
  };
}

async function checkSubmission(lake: ObjectStore, s: Submission): Promise<Finding[]> {
  const found: Finding[] = [];
  const finding = (key: string, reason: string) => found.push({ check: 'ledger', key, reason });
  const ledgerKey = keys.ledger(s.submission_id);

  if (!hasOwnId(s)) {
    finding(
      ledgerKey,
      `its id does not match its input type, sender and sha256 (${s.sha256}), so the record has been altered.`,
    );
  }
  if (s.rows_accepted + s.rows_rejected !== s.rows_read) {
    finding(
      ledgerKey,
      `${s.rows_accepted} rows accepted + ${s.rows_rejected} rejected is not the ${s.rows_read} rows read.`,
    );
  }

  const rawSha = await sha256OfObject(lake, s.raw_key);
  if (rawSha === null) {
    finding(
      s.raw_key,
      `the raw copy of ${s.submission_id} (${s.file_name}) is missing: what was received is lost.`,
    );
  } else if (rawSha !== s.sha256) {
    finding(
      s.raw_key,
      `the raw copy of ${s.submission_id} has been altered: its sha256 is ${rawSha}, but ${s.sha256} was received.`,
    );
  }

  for (const key of [s.report_json_key, s.report_html_key]) {
    if (!(await lake.head(key))) finding(key, `the validation report of ${s.submission_id} is missing.`);
  }

  // Row-level rejections are all quarantined; a file rejected whole keeps in quarantine what was
  // read of its rows (a lake from before that kept it only as its raw copy: no quarantine expected).
  const quarantineExpected = s.file_error === null && s.rows_rejected > 0;
  if (quarantineExpected && !s.quarantine_key) {
    finding(ledgerKey, `${s.rows_rejected} rows were rejected, but the record names no quarantine file.`);
  }
  if (s.quarantine_key) {
    const bytes = await lake.get(s.quarantine_key);
    if (!bytes) {
      finding(s.quarantine_key, `the rejected rows of ${s.submission_id} are missing from quarantine.`);
    } else {
      // Every rejected row is there: those rejected one by one, or all read of a file rejected whole.
      const rows = await countCsvRows(s.quarantine_key, bytes);
      if (rows !== s.rows_rejected) {
        finding(s.quarantine_key, `holds ${count(rows, 'row')}, but ${s.rows_rejected} were rejected.`);
      }
    }
  }
  return found;
}

async function countCsvRows(name: string, bytes: Uint8Array): Promise<number> {
  const reader = await openRecords(bytesSource(name, bytes), { format: 'csv' });
  let rows = 0;
  for await (const _ of reader.rows) rows += 1;
  return rows;
}
