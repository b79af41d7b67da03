// Reads every ledger record for the audit; a record that cannot be read is itself a finding.
import type { Submission } from '../../domain/submission.ts';
import { keys } from '../../lake/keys.ts';
import { submissionIdOfLedgerKey } from '../../lake/ledger.ts';
import { getText, type ObjectStore } from '../../lake/object-store.ts';
import type { Finding } from './finding.ts';

export interface LedgerRecords {
  /** Readable records by submission id. */
  byId: Map<string, Submission>;
  unreadable: Finding[];
}

export async function readLedgerRecords(store: ObjectStore): Promise<LedgerRecords> {
  const byId = new Map<string, Submission>();
  const unreadable: Finding[] = [];
  for (const { key } of await store.list(keys.ledgerPrefix)) {
    const id = submissionIdOfLedgerKey(key);
    if (!id) {
      unreadable.push({
        check: 'ledger',
        key,
        reason: 'is not a ledger record (ledger/submissions/<id>.json).',
      });
      continue;
    }
    const text = await getText(store, key);
    if (text === null) continue;
    let record: Submission;
    try {
      record = JSON.parse(text) as Submission;
    } catch {
      unreadable.push({
        check: 'ledger',
        key,
        reason: 'is not valid JSON, so this submission cannot be read.',
      });
      continue;
    }
    if (record.submission_id !== id) {
      unreadable.push({
        check: 'ledger',
        key,
        reason: `holds the record of ${String(record.submission_id)}, not of ${id}.`,
      });
      continue;
    }
    byId.set(id, record);
  }
  return { byId, unreadable };
}
