// A council feed is read from its table, a month file at a time, only when the record of what the
// table was built from names the committed submissions and each file's bytes; otherwise it is
// merged again from the submissions. Either way the rows are the same.
import { describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { committedMergedRows, currentRows } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { committedSubmissionIds } from '../../functions/lake/ledger.ts';
import type { Row } from '../../functions/lake/parquet.ts';
import { CountingStore } from '../helpers/counting-store.ts';
import { ingestText } from '../helpers/ingest.ts';

const offers = contracts.offers;
const header = 'offer_id,provider_id,cluster_id,offered_at,responded_at,response\n';

/** Offers in March and May; a later file moves O2 from March to May. */
async function lake(): Promise<CountingStore> {
  const store = new CountingStore();
  await ingestText(
    store,
    'offers-1.csv',
    `${header}O1,P001,K01,2025-03-10T09:00:00Z,2025-03-10T10:00:00Z,accepted\nO2,P001,K01,2025-03-11T09:00:00Z,,no_response\nO3,P002,K06,2025-05-02T09:00:00Z,2025-05-02T12:00:00Z,declined\n`,
    'offers',
    'council',
    '2025-06-02T10:00:00Z',
  );
  await ingestText(
    store,
    'offers-2.csv',
    `${header}O2,P001,K01,2025-05-11T09:00:00Z,2025-05-11T10:00:00Z,accepted\n`,
    'offers',
    'council',
    '2025-06-03T10:00:00Z',
  );
  store.read.length = 0;
  return store;
}

const ids = (rows: Row[]) => rows.map((r) => r.offer_id).sort();
const march = new Set(['2025-03']);

describe('reading a council feed', () => {
  it('reads only the asked months’ files of a current table', async () => {
    const store = await lake();
    const rows = await currentRows(store, offers, await committedSubmissionIds(store), march);
    expect(ids(rows)).toEqual(['O1']);
    expect(store.read.filter((k) => k.endsWith('.parquet'))).toEqual([
      'curated/offers/period=2025-03/data.parquet',
    ]);
  });

  it('gives every month’s rows as the merge of the submissions does', async () => {
    const store = await lake();
    const rows = await currentRows(store, offers, await committedSubmissionIds(store));
    expect(rows).toEqual(await committedMergedRows(store, offers));
    expect(ids(rows)).toEqual(['O1', 'O2', 'O3']);
    expect(rows.find((r) => r.offer_id === 'O2')?.response).toBe('accepted');
  });

  it('merges the submissions again when a file is not the one the record names (a rebuild under way)', async () => {
    const store = await lake();
    const may = await store.get('curated/offers/period=2025-05/data.parquet');
    await store.put('curated/offers/period=2025-03/data.parquet', may!);
    const rows = await currentRows(store, offers, await committedSubmissionIds(store), march);
    expect(ids(rows)).toEqual(['O1']);
    expect(
      store.read.some((k) => k.startsWith(keys.submissionRowsPrefix('offers')) && k.endsWith('.parquet')),
    ).toBe(true);
  });

  it('merges the submissions again when the record names other submissions, or has no digests', async () => {
    const store = await lake();
    const record = keys.tableBuiltFrom('offers');
    const built = JSON.parse(new TextDecoder().decode((await store.get(record))!));
    await store.put(record, JSON.stringify({ submissions: built.submissions }));
    expect(ids(await currentRows(store, offers, await committedSubmissionIds(store), march))).toEqual(['O1']);
    await store.put(record, JSON.stringify({ ...built, submissions: built.submissions.slice(1) }));
    expect(ids(await currentRows(store, offers, await committedSubmissionIds(store), march))).toEqual(['O1']);
    // Both times from the submissions: the table file alone would have served March.
    const submissionFiles = store.read.filter(
      (k) => k.startsWith(keys.submissionRowsPrefix('offers')) && k.endsWith('.parquet'),
    );
    expect(submissionFiles.length).toBe(4);
  });
});
