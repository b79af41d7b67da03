// Compaction of the provider-return tables: a crash or failed call at any step leaves the lake read
// as before or as after (the same rows, each once), and a retry ends byte for byte as one clean
// run. Readers (scoring's, audit's) see the same rows throughout.
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { compactLake } from '../../functions/lake/compaction.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { auditLake } from '../../functions/pipeline/audit/audit-lake.ts';
import { ingestText, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { runEveryFault } from './every-fault.ts';
import { buildCompactionLake, copyStore, returnCsv } from './lake-fixture.ts';

/** What readers see, in an order that does not depend on which file a row came from. */
async function seen(store: ObjectStore) {
  const inputs = await loadScoringInputs(store);
  const sorted = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    ...inputs,
    monthlyReturns: sorted(inputs.monthlyReturns),
    selfAssessments: sorted(inputs.selfAssessments),
    table: sorted(await readCurated(store, contracts['monthly-return'])),
  };
}

const tableKeys = (store: MemoryObjectStore) =>
  [...store.objects.keys()].filter((k) => k.startsWith('curated/monthly_return/')).sort();

describe('a fault at every step of a compaction', () => {
  let base: MemoryObjectStore;
  let before: Awaited<ReturnType<typeof seen>>;
  let findings: unknown[];
  let uncommitted: string[];
  beforeAll(async () => {
    // A resubmission (February then has two returns from P001, the later one superseding), an
    // earlier compaction, then a return that commits after it: the run under test folds both.
    base = await buildCompactionLake();
    // An ingest that died before its ledger record: its rows are never read, nor compacted.
    const { submission } = await ingestText(
      base,
      'uncommitted.csv',
      returnCsv(monthlyRow({ provider_id: 'P002', branch_id: '1-201', period: '2025-02' })),
      'monthly-return',
      'P002',
      '2025-04-13T09:00:00Z',
    );
    const record = `ledger/submissions/${submission.submission_id}.json`;
    uncommitted = tableKeys(base).filter((k) => k.endsWith(`/${submission.submission_id}.parquet`));
    expect(uncommitted.length).toBeGreaterThan(0);
    base.objects.delete(record);
    before = await seen(base);
    findings = (await auditLake(base)).findings.filter((f) => f.check === 'curated');
    expect(findings.length).toBeGreaterThan(0);
    expect(tableKeys(base).filter((k) => !k.includes('/compacted-')).length).toBeGreaterThan(0);
  });

  for (const mode of ['dies', 'transient'] as const) {
    it(`(${mode}) is read as before or after at every step, and a retry ends as one clean run`, async () => {
      const { steps, clean } = await runEveryFault({
        base,
        counts: 'writes',
        mode,
        operation: (store) => compactLake(store),
        afterFault: async (store) => {
          expect(await seen(store)).toEqual(before);
          const report = await auditLake(store);
          expect(report.findings.filter((f) => f.check === 'curated')).toEqual(findings);
        },
      });
      expect(steps.some((s) => s.startsWith('put '))).toBe(true);
      expect(steps.some((s) => s.startsWith('delete '))).toBe(true);
      // Once compacted: one file per month, read as before.
      const periods = tableKeys(clean)
        .filter((k) => !uncommitted.includes(k))
        .map((k) => k.split('/')[2]);
      expect(periods).toEqual([...new Set(periods)]);
      expect(tableKeys(clean).filter((k) => !k.includes('/compacted-'))).toEqual(uncommitted);
      expect(await seen(clean)).toEqual(before);
      expect(await compactLake(copyStore(clean))).toEqual([]);
    });
  }
});
