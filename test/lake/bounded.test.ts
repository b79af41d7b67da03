// Reads in parallel: the bounded map, and the lake readers using it with the store's
// readConcurrency (S3 reads a few objects at a time; the local lake one by one), same rows either way.
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/adapters/s3-object-store.ts';
import { mapBounded } from '../../functions/lake/bounded.ts';
import { readResults, writePartition } from '../../functions/lake/results.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory lake that reads slowly, `readConcurrency` at a time, and counts reads in flight. */
class CountingStore extends MemoryObjectStore {
  inFlight = 0;
  maxInFlight = 0;
  constructor(readonly readConcurrency: number) {
    super();
  }
  override async get(key: string) {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await tick(2);
    this.inFlight--;
    return super.get(key);
  }
}

describe('mapBounded', () => {
  it('keeps the input order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick(n);
      inFlight--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(most).toBe(3);
  });

  it('runs one at a time with a limit of 1', async () => {
    const steps: string[] = [];
    await mapBounded(['a', 'b'], 1, async (x) => {
      steps.push(`start ${x}`);
      await tick(1);
      steps.push(`end ${x}`);
    });
    expect(steps).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('throws the first failure after the started calls settle, and starts no more', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick(n === 0 ? 1 : 5);
      settled++;
      if (n === 0) throw new Error('zero');
      return n;
    });
    await expect(run).rejects.toThrow('zero');
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
  });
});

describe('lake readers', () => {
  it('read the results partitions a few at a time, in the same order as one by one', async () => {
    const fill = async (store: MemoryObjectStore) => {
      for (const period of ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'])
        await writePartition(store, 'alerts', period, []);
      return readResults(store, 'alerts');
    };
    const parallel = new CountingStore(4);
    const serial = new CountingStore(1);
    expect(await fill(parallel)).toEqual(await fill(serial));
    expect(parallel.maxInFlight).toBe(4);
    expect(serial.maxInFlight).toBe(1);
  });

  it('read the curated tables for scoring a few at a time, giving the same inputs', async () => {
    const lake = async <S extends MemoryObjectStore>(store: S): Promise<S> => {
      await ingestText(store, 'register.csv', registerCsv, 'provider-register');
      for (const [i, period] of ['2025-01', '2025-02', '2025-03', '2025-04'].entries())
        await ingestText(
          store,
          `r${i}.csv`,
          `${monthlyHeader}\n${monthlyRow({ period })}\n`,
          'monthly-return',
          'P001',
        );
      return store;
    };
    const parallel = await lake(new CountingStore(8));
    const serial = await lake(new CountingStore(1));
    parallel.maxInFlight = 0;
    serial.maxInFlight = 0;
    const [a, b] = [await loadScoringInputs(parallel), await loadScoringInputs(serial)];
    expect(a).toEqual(b);
    expect(a.monthlyReturns.length).toBeGreaterThan(1);
    // Nine tables read side by side already; within the monthly-return table, its partitions now
    // are too.
    expect(parallel.maxInFlight).toBeGreaterThan(serial.maxInFlight);
  });

  it('S3 reads eight objects at a time unless told otherwise', () => {
    const client = {} as never;
    expect(new S3ObjectStore({ client, bucket: 'b' }).readConcurrency).toBe(8);
    expect(new S3ObjectStore({ client, bucket: 'b', readConcurrency: 2 }).readConcurrency).toBe(2);
  });
});
