// The council's go-live month (settings/lake.json, METHODOLOGY §8 "The lake's first month"): one
// provider's back-dated return is rejected at ingest and moves nobody's first month.
import { beforeEach, describe, expect, it } from 'vitest';
import { bytesSource } from '../../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import type { Alert } from '../../../functions/domain/method/results.ts';
import { readResults } from '../../../functions/lake/results.ts';
import { InvalidLakeSettingsError, writeLakeSettings } from '../../../functions/lake/settings.ts';
import { FirstMonthSoFar } from '../../../functions/pipeline/ingest/first-month-so-far.ts';
import { ingestFile } from '../../../functions/pipeline/ingest/ingest-file.ts';
import { raiseAlerts } from '../../../functions/pipeline/raise-alerts.ts';
import { scoreLake } from '../../../functions/pipeline/score-lake.ts';
import { fixedNow, ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';
import type { MemoryObjectStore } from '../../helpers/memory-store.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

async function loadReturns() {
  await sendFebruary();
  return sendBackDated();
}

const sendFebruary = () =>
  ingestText(
    store,
    'p1.csv',
    `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`,
    'monthly-return',
    'P001',
    '2025-03-10T10:00:00Z',
  );

// P002 sends a valid return for a month long before the council went live.
const sendBackDated = () =>
  ingestText(
    store,
    'p2.csv',
    `${monthlyHeader}\n${monthlyRow({ provider_id: 'P002', branch_id: '1-201', period: '2019-03' })}\n`,
    'monthly-return',
    'P002',
    '2025-03-11T10:00:00Z',
  );

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

describe("with first_month 'auto', a return that moves the lake's first month back", () => {
  it('is accepted as it was, and its sender is told which months and that the council may pin a go-live month', async () => {
    const first = await sendFebruary();
    expect(first.report.notices).toBeUndefined();
    const { submission, report } = await sendBackDated();
    expect(submission).toMatchObject({ status: 'accepted', warnings: 0, rows_accepted: 1 });
    expect(report.problems).toEqual([]);
    expect(report.notices).toEqual([
      "This return's month March 2019 is before February 2025, the lake's first month so far (the earliest month of any return it holds). " +
        "The rows were accepted and move the lake's first month back to March 2019. " +
        "If the council's scoring should start later, the council may pin a go-live month for the lake; returns for months before it are then not taken.",
    ]);
    const html = new TextDecoder().decode((await store.get(submission.report_html_key))!);
    expect(html).toContain('Please note');
    expect(html).toContain('before February 2025, the lake&#39;s first month so far');
    // A later return for a month not before it is told nothing.
    const later = await ingestText(
      store,
      'p1-march.csv',
      `${monthlyHeader}\n${monthlyRow({ period: '2025-03' })}\n`,
      'monthly-return',
      'P001',
      '2025-04-10T10:00:00Z',
    );
    expect(later.report.notices).toBeUndefined();
  });

  const method = publishedMethod();
  const now = () => new Date('2025-06-01T00:00:00Z');
  const sent: Alert[] = [];
  const notifier = { notify: async (alerts: readonly Alert[]) => void sent.push(...alerts) };
  const alertsAt = async (asOf: string) => {
    await scoreLake(store, { asOf: new Date(asOf), method });
    return (await raiseAlerts(store, notifier, { asOf: new Date(asOf), method, now })).raised;
  };
  const missing = (alerts: Alert[], provider: string) =>
    alerts
      .filter((a) => a.alert_type === 'RETURN_MISSING' && a.provider_id === provider)
      .map((a) => a.period);

  it('raises no alerts for the months it exposes once alerts have run', async () => {
    await sendFebruary();
    // The first alerts run: the lake's first month is February 2025.
    expect(missing(await alertsAt('2025-04-20T06:00:00Z'), 'P001')).toEqual(['2025-03']);
    await sendBackDated();
    const raised = await alertsAt('2025-05-20T06:00:00Z');
    expect(raised.filter((a) => a.period < '2025-02')).toEqual([]);
    // Later months still raise theirs.
    expect(missing(raised, 'P001')).toEqual(['2025-04']);
  });

  it('before the first alerts run, moves the month alerts start from', async () => {
    await loadReturns();
    const raised = await alertsAt('2025-05-20T06:00:00Z');
    // P001's contract began in January 2020, after the back-dated March 2019.
    expect(missing(raised, 'P001')[0]).toBe('2020-01');
  });

  it("gives way to the council's pinned go-live month, even an earlier one", async () => {
    await sendFebruary();
    await alertsAt('2025-04-20T06:00:00Z');
    await writeLakeSettings(store, { first_month: '2025-01' });
    expect(missing(await alertsAt('2025-05-20T06:00:00Z'), 'P001')).toEqual(['2025-01', '2025-04']);
  });
});

describe('the first month so far, kept across one run', () => {
  it('gives the same notices as reading the lake each time, and reads it once', async () => {
    const firstMonths = new FirstMonthSoFar();
    let listings = 0;
    const list = store.list.bind(store);
    store.list = (prefix) => {
      if (prefix.startsWith('curated/monthly_return')) listings += 1;
      return list(prefix);
    };
    const send = (name: string, provider: string, branch: string, period: string) =>
      ingestFile(
        { store, now: fixedNow, method: publishedMethod(), firstMonths },
        {
          source: bytesSource(
            name,
            new TextEncoder().encode(
              `${monthlyHeader}\n${monthlyRow({ provider_id: provider, branch_id: branch, period })}\n`,
            ),
          ),
          type: 'monthly-return',
          submitter: provider,
          receivedAt: new Date('2025-03-11T10:00:00Z'),
        },
      );
    expect((await send('a.csv', 'P001', '1-200', '2025-02')).report.notices).toBeUndefined();
    // The lake's first month so far is February 2025 (known from the first file, not listed again).
    expect((await send('b.csv', 'P002', '1-201', '2019-03')).report.notices?.[0]).toContain(
      "before February 2025, the lake's first month so far",
    );
    // Now March 2019: a return for 2020 moves nothing back.
    expect((await send('c.csv', 'P001', '1-200', '2020-01')).report.notices).toBeUndefined();
    expect((await send('d.csv', 'P002', '1-201', '2018-12')).report.notices?.[0]).toContain(
      "before March 2019, the lake's first month so far",
    );
    expect(listings).toBe(1);
  });
});
