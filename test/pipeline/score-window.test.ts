// Scoring some months reads only those months' provider returns and their look-back (the method's
// windows), and scores them exactly as a run over the whole lake does.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { addMonths } from '../../functions/domain/time/london.ts';
import { readResults } from '../../functions/lake/results.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { returnsLookBack, scoringWindow } from '../../functions/pipeline/score-window.ts';
import { type CountingStore, copyOf } from '../helpers/counting-store.ts';
import { ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';

const method = publishedMethod();
const asOf = new Date('2026-02-01T00:00:00Z');
const months = Array.from({ length: 12 }, (_, i) => addMonths('2025-01', i));

/** The months of a curated table's partitions the store was read from. */
const monthsRead = (store: CountingStore, table: string) =>
  [
    ...new Set(
      store.read.flatMap((key) => {
        const m = /^curated\/([^/]+)\/period=([0-9-]+)\//.exec(key);
        return m && m[1] === table ? [m[2]!] : [];
      }),
    ),
  ].sort();

let lake: MemoryObjectStore;
const p002 = (period: string) => monthlyRow({ provider_id: 'P002', branch_id: '1-201', period });

beforeAll(async () => {
  lake = await lakeWithRegister();
  // A return for each provider and month of 2025, but July: P001 missed 10 of 400 calls in April
  // and May (D02 one point), so MISSED_CALLS_PERSISTENT caps its delivery in June from those
  // look-back months alone.
  for (const period of months) {
    if (period === '2025-07') continue;
    const missed = period === '2025-04' || period === '2025-05' ? 10 : 0;
    const rows = { P001: monthlyRow({ period, calls_missed: missed }), P002: p002(period) };
    for (const [provider, row] of Object.entries(rows)) {
      const outcome = await ingestText(
        lake,
        `${provider}-${period}.csv`,
        `${monthlyHeader}\n${row}\n`,
        'monthly-return',
        provider,
        `${addMonths(period, 1)}-10T10:00:00Z`,
      );
      expect(outcome.submission.status).toBe('accepted');
    }
  }
}, 60_000);

describe('scoring some months', () => {
  it('reads the monthly returns of those months and their look-back only (and the first month, which `auto` makes the lake’s first)', async () => {
    const store = copyOf(lake);
    await scoreLake(store, { asOf, method, periods: ['2025-10'] });
    const lookBack = returnsLookBack(method);
    expect(lookBack).toBe(5); // F6 looks 3 months back at a month whose missed-calls limiter looks back 2
    expect(monthsRead(store, 'monthly_return')).toEqual([
      '2025-01',
      '2025-05',
      '2025-06',
      '2025-08',
      '2025-09',
      '2025-10',
    ]);
  });

  it('counts a look-back month’s returns: the window’s months score as the whole lake does', async () => {
    const whole = copyOf(lake);
    await scoreLake(whole, { asOf, method });
    const windowed = copyOf(lake);
    await scoreLake(windowed, { asOf, method, periods: ['2025-06'] });
    for (const table of ['kpi_scores', 'area_scores', 'scorecards', 'risk_matrix'] as const) {
      const ofJune = async (store: MemoryObjectStore) =>
        (await readResults(store, table)).filter((r) => r.period === '2025-06');
      expect(await ofJune(windowed)).toEqual(await ofJune(whole));
    }
    const delivery = (await readResults(windowed, 'area_scores')).find(
      (r) => r.provider_id === 'P001' && r.area === 'delivery' && r.period === '2025-06',
    );
    expect(delivery?.limiters).toContain('MISSED_CALLS_PERSISTENT');
  });

  it('scores a month with no return when a later month has one, reading months after the window to tell', async () => {
    const store = copyOf(lake);
    const { periods } = await scoreLake(store, {
      asOf,
      method,
      periods: ['2025-07'],
      afterLatestReturn: 'refuse',
    });
    expect(periods).toEqual(['2025-07']);
    expect(monthsRead(store, 'monthly_return')).toContain('2025-12');
  });

  it('derives the window from the method: a longer decline look-back reads further back', () => {
    const longer = structuredClone(method);
    longer.likelihood.factors.F6_DECLINE.months_back = 6;
    expect([...scoringWindow(['2025-10'], longer).months].sort()[0]).toBe('2025-02');
    expect([...scoringWindow(['2025-10'], method).months].sort()[0]).toBe('2025-05');
  });
});
