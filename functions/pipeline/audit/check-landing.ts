// Nothing received is lost: every upload in landing/<provider|council>/<input-type>/ has a ledger
// record for exactly its bytes. Other objects under landing/ are not uploads and are only counted.
import { isInputType } from '../../domain/contracts/index.ts';
import { legacySubmissionIdFor, submissionIdFor } from '../../lake/submission-id.ts';
import type { ObjectStore } from '../ports.ts';
import { type CheckResult, count, type Finding } from './finding.ts';
import type { LedgerRecords } from './ledger-records.ts';
import { sha256OfObject } from './object-hash.ts';

export async function checkLanding(landing: ObjectStore, ledger: LedgerRecords): Promise<CheckResult> {
  const findings: Finding[] = [];
  let files = 0;
  let others = 0;
  for (const { key } of await landing.list('landing/')) {
    const upload = uploadOf(key);
    if (!upload) {
      others += 1;
      continue;
    }
    const sha256 = await sha256OfObject(landing, key);
    if (sha256 === null) continue;
    files += 1;
    // The submission is this sender's file of this type (or, in a lake from before ids were per
    // sender and type, the record its bytes alone named).
    const record =
      ledger.byId.get(submissionIdFor(upload.type, upload.sender, sha256)) ??
      ledger.byId.get(legacySubmissionIdFor(sha256));
    const same = record?.input_type === upload.type && record.provider_id === upload.sender;
    if (!record || record.sha256 !== sha256 || !same) {
      findings.push({
        check: 'landing',
        key,
        reason: `has no ledger record for its bytes (sha256 ${sha256}): it was never ingested, or its ingest did not finish. Ingesting it again is safe.`,
      });
    }
  }
  return {
    check: 'landing',
    summary: `${count(files, 'upload')}, ${(files - findings.length).toLocaleString('en-GB')} with a ledger record${others > 0 ? ` (${count(others, 'other file')} ignored)` : ''}`,
    findings,
  };
}

/** `landing/<sender>/<input-type>/<file>`'s sender and type; null for any other key. */
function uploadOf(key: string): { sender: string; type: string } | null {
  const [, sender, type] = /^landing\/([^/]+)\/([^/]+)\/[^/]+$/.exec(key) ?? [];
  return sender !== undefined && type !== undefined && isInputType(type) ? { sender, type } : null;
}
