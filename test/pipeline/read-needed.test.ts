// Alerts and the report read only the results partitions and inputs they use.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { addMonths } from '../../functions/domain/time/london.ts';
import type { NamedAlert, QueryEngine } from '../../functions/pipeline/ports.ts';
import { raiseAlerts } from '../../functions/pipeline/raise-alerts.ts';
import { reportMonth } from '../../functions/pipeline/report-month.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { type CountingStore, copyOf } from '../helpers/counting-store.ts';
import { ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';

const method = publishedMethod();
const asOf = new Date('2025-06-01T00:00:00Z');

/** The tables read, each with the months of its partitions read ('' for a file outside a month). */
function tablesRead(store: CountingStore): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const key of store.read) {
    const m = /^(curated|results)\/(?:_submissions\/)?([a-z_]+)\/(?:period=([0-9-]+)\/)?/.exec(key);
    if (!m) continue;
    const table = `${m[1]}/${m[2]}`;
    out[table] ??= new Set();
    out[table].add(m[3] ?? '');
  }
  return Object.fromEntries(Object.entries(out).map(([table, months]) => [table, [...months].sort()]));
}

let lake: MemoryObjectStore;

beforeAll(async () => {
  lake = await lakeWithRegister();
  for (const period of ['2025-01', '2025-02', '2025-03', '2025-04']) {
    await ingestText(
      lake,
      `P001-${period}.csv`,
      `${monthlyHeader}\n${monthlyRow({ period, hours_invoiced: 800 })}\n`,
      'monthly-return',
      'P001',
      `${addMonths(period, 1)}-10T10:00:00Z`,
    );
  }
  const offers =
    'offer_id,provider_id,cluster_id,offered_at,responded_at,response\nO1,P001,K01,2025-03-10T09:00:00Z,2025-03-10T10:00:00Z,accepted\n';
  await ingestText(lake, 'offers.csv', offers, 'offers', 'council', '2025-04-02T10:00:00Z');
  await ingestText(
    lake,
    'hours.csv',
    'provider_id,cluster_id,week_ending,hours\nP001,K01,2025-03-09,120\n',
    'commissioned-hours',
    'council',
    '2025-04-02T10:00:00Z',
  );
  await scoreLake(lake, { asOf, method });
  await raiseAlerts(lake, { notify: async (_: NamedAlert[]) => {} }, { asOf, method, now: () => asOf });
}, 60_000);

describe('reading what is needed', () => {
  it('alerts read the scorecards, risk and KPI scores, and the returns, register, CQC and sanctions, nothing else', async () => {
    const store = copyOf(lake);
    await raiseAlerts(store, { notify: async () => {} }, { asOf, method, now: () => asOf });
    const read = tablesRead(store);
    expect(Object.keys(read).sort()).toEqual([
      'curated/monthly_return',
      'curated/provider_register',
      'results/alerts',
      'results/kpi_scores',
      'results/risk_matrix',
      'results/scorecards',
    ]);
  });

  it('the report of a month reads that month’s results, earlier months’ scorecards only, and the register, clusters and hours', async () => {
    const store = copyOf(lake);
    const engine: QueryEngine = { query: async () => [], createViews: async () => {}, close: async () => {} };
    const report = await reportMonth(store, engine, {
      period: '2025-02',
      generatedAt: asOf,
      methodOf: () => method,
    });
    expect(report.providers).toBe(2);
    // The hours are read from their table's month files ('' is the record of what it was built from).
    expect(tablesRead(store)).toEqual({
      'curated/commissioned_hours': ['', '2025-03'],
      'curated/provider_register': [''],
      'results/alerts': ['2025-02'],
      'results/area_scores': ['2025-02'],
      'results/risk_matrix': ['2025-02'],
      'results/scorecards': ['2025-01', '2025-02'],
    });
  });
});
