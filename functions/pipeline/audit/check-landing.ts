// Nothing received is lost: every upload in landing/<provider|council>/<input-type>/ has a ledger
// record for exactly its bytes. Other objects under landing/ are not uploads and are only counted.
import { isInputType } from '../../domain/contracts/index.ts';
import { submissionIdFor } from '../../domain/submission.ts';
import type { ObjectStore } from '../ports.ts';
import { type CheckResult, count, type Finding } from './finding.ts';
import type { LedgerRecords } from './ledger-records.ts';
import { sha256OfObject } from './object-hash.ts';

export async function checkLanding(landing: ObjectStore, ledger: LedgerRecords): Promise<CheckResult> {
  const findings: Finding[] = [];
  let files = 0;
  let others = 0;
  for (const { key } of await landing.list('landing/')) {
    if (!isUploadKey(key)) {
      others += 1;
      continue;
    }
    const sha256 = await sha256OfObject(landing, key);
    if (sha256 === null) continue;
    files += 1;
    const record = ledger.byId.get(submissionIdFor(sha256));
    if (!record || record.sha256 !== sha256) {
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

function isUploadKey(key: string): boolean {
  const type = /^landing\/[^/]+\/([^/]+)\/[^/]+$/.exec(key)?.[1];
  return type !== undefined && isInputType(type);
}
