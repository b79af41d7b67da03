// The "nothing lost" audit: everything received has a submission, every submission is whole, and
// every accepted row is in curated data exactly once. Pure over the ObjectStore port; reads only.
// Run it while no ingest is in flight: an unfinished ingest shows as findings until it completes.
import type { ObjectStore } from '../ports.ts';
import { checkCurated } from './check-curated.ts';
import { checkLanding } from './check-landing.ts';
import { checkLedger } from './check-ledger.ts';
import { checkTemporary } from './check-temporary.ts';
import type { AuditReport } from './finding.ts';
import { readLedgerRecords } from './ledger-records.ts';

/** `landing` is where uploads arrive: the lake itself locally, a separate bucket in AWS. */
export async function auditLake(lake: ObjectStore, landing: ObjectStore = lake): Promise<AuditReport> {
  const ledger = await readLedgerRecords(lake);
  const checks = [
    await checkLanding(landing, ledger),
    await checkLedger(lake, ledger),
    await checkCurated(lake, ledger),
    await checkTemporary(lake),
  ];
  return { checks, findings: checks.flatMap((c) => c.findings) };
}
