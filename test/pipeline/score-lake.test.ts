// The score step over a lake: what it writes, and what it refuses.
import { beforeEach, describe, expect, it } from 'vitest';
import { PeriodAfterLatestReturnError } from '../../functions/domain/method/periods.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { readResults } from '../../functions/lake/results.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
  // The lake's first month is February: the quarter that contains it began in January.
  await ingestText(
    store,
    'mr.csv',
    `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`,
    'monthly-return',
    'P001',
    '2025-03-10T10:00:00Z',
  );
});

describe('scoreLake', () => {
  it('keeps the self-assessment row of the quarter containing the first scored month, though it began before the lake’s first month (§8 "Compliance rows")', async () => {
    const { periods } = await scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
    });
    expect(periods).toEqual(['2025-02']);
    const rows = (await readResults(store, 'submission_compliance')).filter(
      (r) => r.return_type === 'self-assessment',
    );
    expect(rows.map((r) => [r.provider_id, r.period, r.status]).sort()).toEqual([
      ['P001', '2025-01', 'missing'],
      ['P002', '2025-01', 'missing'],
    ]);
  });

  it('refuses a month after the latest return month, naming it, and writes nothing', async () => {
    const asking = scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
      periods: ['2025-02', '2099-12'],
      afterLatestReturn: 'refuse',
    });
    await expect(asking).rejects.toThrow(PeriodAfterLatestReturnError);
    await expect(asking).rejects.toThrow(
      '2099-12 is after the latest month with an accepted monthly return (2025-02)',
    );
    expect(await readResults(store, 'scorecards')).toEqual([]);
  });

  it('skips such a month when it was named by incoming data, writing no partition for it', async () => {
    const { periods, skipped } = await scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
      periods: ['2025-02', '2025-03'],
    });
    expect(periods).toEqual(['2025-02']);
    expect(skipped).toEqual(['2025-03']);
    const cards = await readResults(store, 'scorecards');
    expect([...new Set(cards.map((c) => c.period))]).toEqual(['2025-02']);
  });

  it('counts only returns received by the as-of instant as the latest return month', async () => {
    await expect(
      scoreLake(store, {
        asOf: new Date('2025-03-01T00:00:00Z'),
        method: publishedMethod(),
        periods: ['2025-02'],
        afterLatestReturn: 'refuse',
      }),
    ).rejects.toThrow('2025-02 cannot be scored: no monthly return has been accepted yet.');
  });
});
