// A crash or failed call at any step of an ingest, then a retry: the lake ends as after one clean
// ingest, and in between readers see the lake either before the ingest or after it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputType } from '../../functions/domain/contracts/index.ts';
import type { ScoringInputs } from '../../functions/domain/method/inputs.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { FaultyStore, snapshotStore } from '../helpers/faulty-store.ts';
import { ingestText, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { expectReadersSeeOnlyCommitted, submissionIdOf } from './committed-readers.ts';
import { expectEachObjectOldOrNew, runEveryFault } from './every-fault.ts';
import {
  buildBaseLake,
  copyStore,
  newerRegisterCsv,
  offersUpdateCsv,
  resubmissionCsv,
  returnCsv,
} from './lake-fixture.ts';

interface IngestCase {
  what: string;
  name: string;
  content: string;
  type: InputType;
  submitter: string;
  receivedAt: string;
  /** The table the views read, for council feeds that are merged into one. */
  tablePrefix?: string;
}

const cases: IngestCase[] = [
  {
    what: 'a provider return covering two months, with a rejected row',
    name: 'p001-resubmission.csv',
    content: resubmissionCsv,
    type: 'monthly-return',
    submitter: 'P001',
    receivedAt: '2025-04-10T09:00:00Z',
  },
  {
    what: 'an upsert feed (offers) that updates one key and adds a month',
    name: 'offers-update.csv',
    content: offersUpdateCsv,
    type: 'offers',
    submitter: 'council',
    receivedAt: '2025-03-05T09:00:00Z',
    tablePrefix: 'curated/offers/',
  },
  {
    what: 'a snapshot feed (provider register) that replaces the table',
    name: 'register-march.csv',
    content: newerRegisterCsv,
    type: 'provider-register',
    submitter: 'council',
    receivedAt: '2025-03-01T09:00:00Z',
    tablePrefix: 'curated/provider_register/',
  },
];

let base: MemoryObjectStore;
beforeAll(async () => {
  base = await buildBaseLake();
});

for (const c of cases) {
  describe(`a fault at every step of ingesting ${c.what}`, () => {
    const ingest = (store: ObjectStore) =>
      ingestText(store, c.name, c.content, c.type, c.submitter, c.receivedAt);
    let before: ScoringInputs;
    let after: ScoringInputs;
    let tableBefore: Record<string, string>;
    let tableAfter: Record<string, string>;
    beforeAll(async () => {
      const done = copyStore(base);
      await ingest(done);
      [before, after] = [await loadScoringInputs(base), await loadScoringInputs(done)];
      [tableBefore, tableAfter] = [await snapshotStore(base), await snapshotStore(done)];
      expect(after).not.toEqual(before);
    });

    for (const [counts, mode] of [
      ['all', 'dies'],
      ['writes', 'transient'],
    ] as const) {
      it(`(${mode}, counting ${counts === 'all' ? 'reads and writes' : 'writes'}) ends as one clean ingest`, async () => {
        const { steps } = await runEveryFault({
          base,
          counts,
          mode,
          operation: ingest,
          afterFault: async (store) => {
            await expectReadersSeeOnlyCommitted(store, {
              submissionId: submissionIdOf(c.content, c.type, c.submitter),
              before,
              after,
            });
            if (c.tablePrefix) await expectEachObjectOldOrNew(store, c.tablePrefix, tableBefore, tableAfter);
          },
        });
        expect(steps.length).toBeGreaterThanOrEqual(counts === 'all' ? 10 : 5);
      });
    }
  });
}

describe('a retry after the ledger commit', () => {
  it('is a no-op that returns the earlier submission', async () => {
    const store = copyStore(base);
    const first = await ingestText(
      store,
      'offers-update.csv',
      offersUpdateCsv,
      'offers',
      'council',
      '2025-03-05T09:00:00Z',
    );
    const lake = await snapshotStore(store);
    const again = await ingestText(
      store,
      'offers-update.csv',
      offersUpdateCsv,
      'offers',
      'council',
      '2025-03-05T09:00:00Z',
    );
    expect(again).toMatchObject({ alreadyReceived: true, submission: first.submission });
    expect(await snapshotStore(store)).toEqual(lake);
  });
});

describe('a retry after the provider register changed', () => {
  it('drops rows the interrupted attempt wrote for a month the retry rejects', async () => {
    const content = returnCsv(
      monthlyRow({ period: '2025-02', branch_id: '1-202' }),
      monthlyRow({ period: '2025-03' }),
    );
    const ingest = (store: ObjectStore) =>
      ingestText(store, 'p001.csv', content, 'monthly-return', 'P001', '2025-04-10T09:00:00Z');
    const counter = new FaultyStore(copyStore(base));
    await ingest(counter);
    const ledgerStep = counter.steps.findIndex((s) => s.startsWith('put ledger/')) + 1;

    const store = copyStore(base);
    await expect(
      ingest(new FaultyStore(store, { fault: { at: ledgerStep, mode: 'dies' } })),
    ).rejects.toThrow();
    const id = submissionIdOf(content, 'monthly-return', 'P001');
    expect(store.keys('curated/monthly_return/').filter((k) => k.includes(id))).toHaveLength(2);
    const withoutBranch = registerCsv.replace(/^P001,.*,1-202,.*\n/m, '');
    await ingestText(
      store,
      'register.csv',
      withoutBranch,
      'provider-register',
      'council',
      '2025-04-10T10:00:00Z',
    );

    const { submission } = await ingest(store);
    expect(submission).toMatchObject({ rows_accepted: 1, rows_rejected: 1, period: '2025-03' });
    expect(store.keys('curated/monthly_return/').filter((k) => k.includes(id))).toEqual([
      `curated/monthly_return/period=2025-03/${id}.parquet`,
    ]);
    const rows = (await loadScoringInputs(store)).monthlyReturns.filter((r) => r.submission_id === id);
    expect(rows).toHaveLength(1);
  });
});
