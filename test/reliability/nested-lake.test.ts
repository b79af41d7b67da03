// A lake made inside another lake's table folder (or any stray file there) is not part of the
// table: listing is recursive, so every reader keeps only the keys CONTRACTS §3 names, and the
// outer lake's scores, results and files are as if the nested lake were not there.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { keys, tableFileOf } from '../../functions/lake/keys.ts';
import { readResults } from '../../functions/lake/results.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { snapshotStore } from '../helpers/faulty-store.ts';
import { ingestText } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { asOf, buildBaseLake, copyStore, offersUpdateCsv, resubmissionCsv } from './lake-fixture.ts';

/** Every object of `inner` copied into `outer` under `folder`, as a lake made there would be. */
function nest(outer: MemoryObjectStore, inner: MemoryObjectStore, folder: string): void {
  for (const [key, bytes] of inner.objects) outer.objects.set(`${folder}${key}`, bytes);
}

/** Stray files beside a table's own: a month that is not one, a file too deep, not Parquet. */
function strays(store: MemoryObjectStore, prefix: string, bytes: Uint8Array): void {
  store.objects.set(`${prefix}period=2025-13/x.parquet`, bytes);
  store.objects.set(`${prefix}period=2025-02/extra/x.parquet`, bytes);
  store.objects.set(`${prefix}period=2025-02/.x.parquet`, bytes);
  store.objects.set(`${prefix}notes.txt`, new TextEncoder().encode('notes'));
}

describe('a lake nested inside a table folder', () => {
  let plain: MemoryObjectStore;
  let inner: MemoryObjectStore;
  beforeAll(async () => {
    plain = await buildBaseLake();
    // The nested lake shares the outer lake's submissions (the same files ingested) and has one
    // more: had its files been read, rows of committed submissions would be counted twice.
    inner = copyStore(plain);
    await ingestText(inner, 'resub.csv', resubmissionCsv, 'monthly-return', 'P001', '2025-04-10T09:00:00Z');
    await scoreLake(inner, { asOf, method: publishedMethod('v1') });
  });

  it('leaves the scores as they are without it', async () => {
    const nested = copyStore(plain);
    for (const table of ['monthly_return', 'provider_register', 'offers', 'commissioned_hours'])
      nest(nested, inner, keys.curatedPrefix(table));
    const part = plain.objects.get(plain.keys(keys.curatedPrefix('monthly_return'))[0]!)!;
    strays(nested, keys.curatedPrefix('monthly_return'), part);
    await scoreLake(plain, { asOf, method: publishedMethod('v1') });
    await scoreLake(nested, { asOf, method: publishedMethod('v1') });
    const results = await snapshotStore(plain, 'results/');
    expect(Object.keys(results).length).toBeGreaterThan(0);
    expect(await snapshotStore(nested, 'results/')).toEqual(results);
  });

  it('is not read as results', async () => {
    const scored = copyStore(plain);
    await scoreLake(scored, { asOf, method: publishedMethod('v1') });
    const nested = copyStore(scored);
    nest(nested, inner, keys.resultsPrefix('scorecards'));
    strays(
      nested,
      keys.resultsPrefix('scorecards'),
      inner.objects.get(inner.keys('results/scorecards/')[0]!)!,
    );
    const cards = await readResults(scored, 'scorecards');
    expect(cards.length).toBeGreaterThan(0);
    expect(await readResults(nested, 'scorecards')).toEqual(cards);
  });

  it('is not deleted when the table it sits in is rebuilt', async () => {
    const nested = copyStore(plain);
    nest(nested, inner, keys.curatedPrefix('offers'));
    const before = await snapshotStore(nested, `${keys.curatedPrefix('offers')}curated/`);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    await ingestText(nested, 'offers-2.csv', offersUpdateCsv, 'offers', 'council', '2025-03-05T09:00:00Z');
    expect(await snapshotStore(nested, `${keys.curatedPrefix('offers')}curated/`)).toEqual(before);
  });
});

describe('tableFileOf', () => {
  const prefix = 'curated/monthly_return/';
  it.each([
    ['curated/monthly_return/period=2025-02/sub_abc.parquet', true, { period: '2025-02', name: 'sub_abc' }],
    ['curated/offers/data.parquet', false, { period: null, name: 'data' }],
  ])('takes %s', (key, partitioned, file) => {
    const at = key.startsWith(prefix) ? prefix : 'curated/offers/';
    expect(tableFileOf(at, key, partitioned)).toEqual({ key, ...file });
  });
  it.each([
    ['curated/monthly_return/period=2025-13/a.parquet', true],
    ['curated/monthly_return/period=2025-1/a.parquet', true],
    ['curated/monthly_return/month=2025-01/a.parquet', true],
    ['curated/monthly_return/a.parquet', true],
    ['curated/monthly_return/period=2025-01/a.csv', true],
    ['curated/monthly_return/period=2025-01/.parquet', true],
    ['curated/monthly_return/period=2025-01/x/a.parquet', true],
    ['curated/monthly_return/nested/curated/monthly_return/period=2025-01/a.parquet', true],
    ['curated/monthly_return/period=2025-01/a.parquet', false],
    ['curated/monthly_return_old/period=2025-01/a.parquet', true],
  ])('refuses %s', (key, partitioned) => {
    expect(tableFileOf(prefix, key, partitioned)).toBeNull();
  });
});
