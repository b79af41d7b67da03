// Two submissions for the same thing, ingested in either order, leave the same lake: the later
// received wins for scoring and both stay on record in the ledger.
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, type InputType } from '../../functions/domain/contracts/index.ts';
import { chooseSubmissions } from '../../functions/domain/method/supersession.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import { committedSubmissionIds } from '../../functions/lake/ledger.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { snapshotStore } from '../helpers/faulty-store.ts';
import { ingestText, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { submissionIdOf } from './committed-readers.ts';
import { buildBaseLake, copyStore, hoursCsv, offersCsv, returnCsv, sanctionsCsv } from './lake-fixture.ts';

interface Sent {
  name: string;
  content: string;
  receivedAt: string;
}

interface OrderCase {
  what: string;
  type: InputType;
  submitter: string;
  earlier: Sent;
  later: Sent;
}

const cases: OrderCase[] = [
  {
    what: 'two monthly returns for the same provider and month',
    type: 'monthly-return',
    submitter: 'P001',
    earlier: {
      name: 'feb.csv',
      content: returnCsv(monthlyRow({ period: '2025-02' })),
      receivedAt: '2025-03-08T09:00:00Z',
    },
    later: {
      name: 'feb-fixed.csv',
      content: returnCsv(monthlyRow({ period: '2025-02', calls_missed: 0 })),
      receivedAt: '2025-03-12T09:00:00Z',
    },
  },
  {
    what: 'two offers files (upsert) with one offer in both',
    type: 'offers',
    submitter: 'council',
    earlier: {
      name: 'offers-a.csv',
      content: offersCsv(
        'O8,P001,K01,2025-03-01T09:00:00Z,,no_response',
        'O9,P002,K06,2025-03-02T09:00:00Z,,no_response',
      ),
      receivedAt: '2025-03-03T09:00:00Z',
    },
    later: {
      name: 'offers-b.csv',
      content: offersCsv('O8,P001,K01,2025-03-01T09:00:00Z,2025-03-01T10:00:00Z,accepted'),
      receivedAt: '2025-03-04T09:00:00Z',
    },
  },
  {
    what: 'two commissioned-hours files (upsert) with one week in both',
    type: 'commissioned-hours',
    submitter: 'council',
    earlier: {
      name: 'hours-a.csv',
      content: hoursCsv('P001,K01,2025-03-02,140', 'P002,K06,2025-03-02,90'),
      receivedAt: '2025-03-03T09:00:00Z',
    },
    later: {
      name: 'hours-b.csv',
      content: hoursCsv('P001,K01,2025-03-02,150'),
      receivedAt: '2025-03-04T09:00:00Z',
    },
  },
  {
    what: 'two sanctions snapshots',
    type: 'sanctions',
    submitter: 'council',
    earlier: {
      name: 'sanctions-a.csv',
      content: sanctionsCsv(
        'S1,P002,contract_compliance,2,Late returns,2025-01-20,,',
        'S2,P001,poor_practice,1,Missed calls,2025-02-10,,',
      ),
      receivedAt: '2025-03-03T09:00:00Z',
    },
    later: {
      name: 'sanctions-b.csv',
      content: sanctionsCsv('S1,P002,contract_compliance,2,Late returns,2025-01-20,,2025-03-01'),
      receivedAt: '2025-03-04T09:00:00Z',
    },
  },
];

let base: MemoryObjectStore;
beforeAll(async () => {
  base = await buildBaseLake();
});

for (const c of cases) {
  describe(c.what, () => {
    const ingest = (store: MemoryObjectStore, sent: Sent) =>
      ingestText(store, sent.name, sent.content, c.type, c.submitter, sent.receivedAt);

    it('leave the same lake in either order, the later received winning', async () => {
      const inOrder = copyStore(base);
      await ingest(inOrder, c.earlier);
      await ingest(inOrder, c.later);
      const reversed = copyStore(base);
      await ingest(reversed, c.later);
      await ingest(reversed, c.earlier);

      expect(await snapshotStore(reversed)).toEqual(await snapshotStore(inOrder));
      expect(await loadScoringInputs(reversed)).toEqual(await loadScoringInputs(inOrder));
      const committed = await committedSubmissionIds(reversed);
      const [earlierId, laterId] = [
        submissionIdOf(c.earlier.content, c.type, c.submitter),
        submissionIdOf(c.later.content, c.type, c.submitter),
      ];
      expect(committed.has(earlierId) && committed.has(laterId)).toBe(true);

      const inputs = await loadScoringInputs(reversed);
      if (c.type === 'monthly-return') {
        const chosen = chooseSubmissions(inputs.monthlyReturns, (r) => r.period);
        expect(chosen.get('P001')!.get('2025-02')).toMatchObject({
          latest: { submission_id: laterId },
          first: {
            submission_id: submissionIdOf(
              returnCsv(monthlyRow({ period: '2025-02' })),
              'monthly-return',
              'P001',
            ),
          },
        });
      } else {
        // The table the views read says the same as what scoring reads.
        const table = await readCurated(reversed, contracts[c.type]);
        const fromLater = table.filter((r) => r.submission_id === laterId).length;
        expect(fromLater).toBe(c.later.content.trim().split('\n').length - 1);
        if (c.type === 'sanctions') expect(table.every((r) => r.submission_id === laterId)).toBe(true);
      }
    });
  });
}
