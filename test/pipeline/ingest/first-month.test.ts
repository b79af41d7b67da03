// The council's go-live month (settings/lake.json, METHODOLOGY §8 "The lake's first month"): one
// provider's back-dated return is rejected at ingest and moves nobody's first month.
import { beforeEach, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { readResults } from '../../../functions/lake/results.ts';
import { InvalidLakeSettingsError, writeLakeSettings } from '../../../functions/lake/settings.ts';
import { scoreLake } from '../../../functions/pipeline/score-lake.ts';
import { ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';
import type { MemoryObjectStore } from '../../helpers/memory-store.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

async function loadReturns() {
  await ingestText(
    store,
    'p1.csv',
    `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`,
    'monthly-return',
    'P001',
    '2025-03-10T10:00:00Z',
  );
  // P002 sends a valid return for a month long before the council went live.
  return ingestText(
    store,
    'p2.csv',
    `${monthlyHeader}\n${monthlyRow({ provider_id: 'P002', branch_id: '1-201', period: '2019-03' })}\n`,
    'monthly-return',
    'P002',
    '2025-03-11T10:00:00Z',
  );
}

const missingMonths = async () =>
  (await readResults(store, 'submission_compliance'))
    .filter((r) => r.provider_id === 'P001' && r.return_type === 'monthly-return' && r.status === 'missing')
    .map((r) => r.period);

describe("the council's go-live month", () => {
  it('rejects a return for an earlier month, so no provider is judged missing before it', async () => {
    await writeLakeSettings(store, { first_month: '2025-02' });
    const { submission, report } = await loadReturns();
    expect(submission).toMatchObject({ status: 'rejected', rows_rejected: 1 });
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        column: 'period',
        value: '2019-03',
        message: expect.stringContaining('go-live'),
      }),
    );
    const { periods } = await scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
    });
    expect(periods).toEqual(['2025-02']);
    expect(await missingMonths()).toEqual([]);
  });

  it("without it ('auto') the back-dated return moves the first month back for everyone", async () => {
    expect((await loadReturns()).submission.status).toBe('accepted');
    const { periods } = await scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
    });
    // P001 (contract 2020-01) is now judged from its contract start, years before go-live.
    expect(periods[0]).toBe('2020-01');
    expect((await missingMonths())[0]).toBe('2020-01');
  });

  it('is refused in a clear sentence when the settings file is not a month', async () => {
    await store.put('settings/lake.json', '{"first_month": "March"}');
    await expect(loadReturns()).rejects.toThrow(InvalidLakeSettingsError);
    await expect(loadReturns()).rejects.toThrow(
      'The lake\'s settings file settings/lake.json has first_month "March", which is not a month; write it as {"first_month": "YYYY-MM"} (or "auto").',
    );
  });
});
