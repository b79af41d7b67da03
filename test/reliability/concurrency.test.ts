// Ingests running at the same time on one lake end as if they had run one after the other,
// whether the second slips in at any single step of the first or the two interleave at random;
// the same file delivered twice, together or not, is one submission.
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { getJson } from '../../functions/lake/object-store.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { snapshotStore } from '../helpers/faulty-store.ts';
import { ingestText, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { submissionIdOf } from './committed-readers.ts';
import { InterleavingStore } from './interleaving-store.ts';
import { JitteryStore } from './jittery-store.ts';
import {
  buildBaseLake,
  copyStore,
  offersCsv,
  offersUpdateCsv,
  resubmissionCsv,
  returnCsv,
} from './lake-fixture.ts';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

type Ingest = (store: ObjectStore) => Promise<unknown>;

const offersA: Ingest = (s) =>
  ingestText(s, 'offers-update.csv', offersUpdateCsv, 'offers', 'council', '2025-03-05T09:00:00Z');
const offersB: Ingest = (s) =>
  ingestText(
    s,
    'offers-more.csv',
    offersCsv(
      'O4,P001,K02,2025-03-03T09:00:00Z,,no_response',
      'O5,P002,K06,2025-03-06T09:00:00Z,,no_response',
    ),
    'offers',
    'council',
    '2025-03-07T09:00:00Z',
  );
const p001: Ingest = (s) =>
  ingestText(s, 'resubmission.csv', resubmissionCsv, 'monthly-return', 'P001', '2025-04-10T09:00:00Z');
const p002: Ingest = (s) =>
  ingestText(
    s,
    'p002-feb.csv',
    returnCsv(monthlyRow({ provider_id: 'P002', branch_id: '1-201', period: '2025-02' })),
    'monthly-return',
    'P002',
    '2025-04-11T09:00:00Z',
  );

let base: MemoryObjectStore;
beforeAll(async () => {
  base = await buildBaseLake();
});

async function sequentially(...ingests: Ingest[]): Promise<Record<string, string>> {
  const store = copyStore(base);
  for (const ingest of ingests) await ingest(store);
  return snapshotStore(store);
}

/** Runs `b` to the end inside `a`, before each of a's steps in turn, and checks each final lake. */
async function expectEveryNesting(a: Ingest, b: Ingest, expected: Record<string, string>): Promise<number> {
  const counter = new InterleavingStore(copyStore(base), 0, async () => {});
  await a(counter);
  for (let at = 1; at <= counter.count; at++) {
    const store = copyStore(base);
    await a(new InterleavingStore(store, at, () => b(store)));
    expect(await snapshotStore(store), `second ingest before step ${at} of the first`).toEqual(expected);
  }
  return counter.count;
}

describe('two ingests at once', () => {
  for (const [what, a, b] of [
    ['of two offers files, merged into one table', offersA, offersB],
    ['of two providers’ returns', p001, p002],
  ] as const) {
    it(`${what}, end as one after the other, wherever one slips into the other`, async () => {
      const expected = await sequentially(a, b);
      expect(await expectEveryNesting(a, b, expected)).toBeGreaterThan(10);
      await expectEveryNesting(b, a, expected);
    });

    it(`${what}, end as one after the other, however interleaved`, async () => {
      const expected = await sequentially(a, b);
      for (const seed of seeds) {
        const store = copyStore(base);
        const jittery = new JitteryStore(store, seed);
        await Promise.all([a(jittery), b(jittery)]);
        expect(await snapshotStore(store), `seed ${seed}`).toEqual(expected);
      }
    });
  }
});

describe('the same file delivered twice', () => {
  it('one after the other: the second is a no-op', async () => {
    const store = copyStore(base);
    const first = await offersA(store);
    const lake = await snapshotStore(store);
    expect(await offersA(store)).toMatchObject({
      alreadyReceived: true,
      submission: (first as { submission: Submission }).submission,
    });
    expect(await snapshotStore(store)).toEqual(lake);
  });

  it('at once, as a redelivered event: one submission, the same lake as one delivery', async () => {
    for (const ingest of [offersA, p001]) {
      const expected = await sequentially(ingest);
      await expectEveryNesting(ingest, ingest, expected);
      for (const seed of seeds) {
        const store = copyStore(base);
        const jittery = new JitteryStore(store, seed);
        await Promise.all([ingest(jittery), ingest(jittery)]);
        expect(await snapshotStore(store), `seed ${seed}`).toEqual(expected);
      }
    }
  });

  it('at once, as two uploads received at different times: one submission, its rows once', async () => {
    const upload = (name: string, at: string) => (s: ObjectStore) =>
      ingestText(s, name, resubmissionCsv, 'monthly-return', 'P001', at);
    const id = submissionIdOf(resubmissionCsv, 'monthly-return', 'P001');
    for (const seed of seeds) {
      const store = copyStore(base);
      const jittery = new JitteryStore(store, seed);
      await Promise.all([
        upload('first.csv', '2025-04-10T09:00:00Z')(jittery),
        upload('second.csv', '2025-04-10T09:00:05Z')(jittery),
      ]);
      const record = (await getJson<Submission>(store, keys.ledger(id)))!;
      expect(['2025-04-10T09:00:00.000Z', '2025-04-10T09:00:05.000Z']).toContain(record.received_at);
      const rows = (await loadScoringInputs(store)).monthlyReturns.filter((r) => r.submission_id === id);
      expect(rows).toHaveLength(record.rows_accepted);
      const curated = (await readCurated(store, contracts['monthly-return'])).filter(
        (r) => r.submission_id === id,
      );
      expect(curated).toHaveLength(record.rows_accepted);
    }
  });
});
