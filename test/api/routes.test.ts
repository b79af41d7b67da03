// The API's read routes over the views' fixture lake (test/queries/fixture-lake.ts) with the real
// DuckDB engine: who may see what, that the overview says what the views say, and that no request
// value reaches SQL unchecked.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureLake } from '../queries/fixture-lake.ts';
import { commissionerRoutes, itRefusesAnotherProvidersAndCommissionerRoutes } from './access-cases.ts';
import { as, commissioner, openTestApi, type TestApi } from './api-app.ts';

let lake: string;
let api: TestApi;

beforeAll(async () => {
  lake = await buildFixtureLake();
  api = await openTestApi(lake);
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (lake) await rm(lake, { recursive: true, force: true });
});

const get = async (path: string, who?: string) => {
  const response = await api.app.request(path, who ? as(who) : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, response };
};

describe('who is asking', () => {
  it('answers 401 with a sentence when no identity is sent, or a malformed one', async () => {
    for (const who of [undefined, 'provider:', 'admin', "provider:P1' OR '1'='1"]) {
      const { status, body } = await get('/api/session', who);
      expect(status).toBe(401);
      expect(body.error).toMatch(/^Say who you are/);
    }
  });

  it('gives a commissioner every provider, and a provider only itself (outside local mode)', async () => {
    const all = await get('/api/session', commissioner);
    expect(all.status).toBe(200);
    expect((all.body.providers as { provider_id: string }[]).map((p) => p.provider_id)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P6',
    ]);
    expect(all.body.latest_complete).toBe('2025-03');
    expect(all.body.method_version).toBe('v1');
    expect((all.body.months as unknown[]).length).toBe(3);
    const own = await get('/api/session', 'provider:P2');
    expect(own.body.identity).toEqual({ role: 'provider', provider_id: 'P2' });
    expect(own.body.providers).toEqual([{ provider_id: 'P2', provider_name: 'Beta Care' }]);
  });

  it('lists every provider for the role switch in local mode', async () => {
    const local = await openTestApi(lake, { local: true });
    try {
      const response = await local.app.request('/api/session', as('provider:P2'));
      const body = (await response.json()) as { providers: unknown[]; local: boolean };
      expect(body.local).toBe(true);
      expect(body.providers).toHaveLength(6);
    } finally {
      await local.close();
    }
  });
});

describe('a provider reaches only its own data', () => {
  itRefusesAnotherProvidersAndCommissionerRoutes((path) => get(path, 'provider:P1'));

  it.each(commissionerRoutes)('%s answers a commissioner', async (path) => {
    expect((await get(path, commissioner)).status).toBe(200);
  });

  it("answers a provider's own routes with its own rows only", async () => {
    const page = await get('/api/providers/P1', 'provider:P1');
    expect(page.status).toBe(200);
    const provider = page.body.provider as { provider_name: string };
    expect(provider.provider_name).toBe('Alpha Care');
    for (const list of ['scorecards', 'risk', 'sanctions', 'market_share', 'compliance']) {
      const rows = page.body[list] as Record<string, unknown>[];
      for (const row of rows) if ('provider_id' in row) expect(row.provider_id).toBe('P1');
    }
    expect((page.body.scorecards as unknown[]).length).toBe(3);
    // Market share: P1's hours in K1 against the cluster's (v_cluster_summary).
    const share = page.body.market_share as { period: string; cluster_id: string; share: number }[];
    expect(share.find((s) => s.period === '2025-02')).toMatchObject({
      cluster_id: 'K1',
      hours: 300,
      share: 0.75,
    });

    const month = await get('/api/providers/P1/months/2025-01', 'provider:P1');
    expect(month.status).toBe(200);
    expect(month.body.scorecard).toMatchObject({
      provider_id: 'P1',
      period: '2025-01',
      overall_rating: 'Good',
    });
    for (const list of ['areas', 'kpis', 'evidence']) {
      for (const row of month.body[list] as Record<string, unknown>[]) expect(row.provider_id).toBe('P1');
    }
    const evidence = month.body.evidence as { submission_id: string }[];
    expect(evidence.map((e) => e.submission_id)).toContain('sub_aaa');

    const subs = await get('/api/providers/P1/submissions', 'provider:P1');
    const rows = subs.body.submissions as { provider_id: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.provider_id === 'P1')).toBe(true);

    const due = await get('/api/providers/P1/due', 'provider:P1');
    expect((due.body.due as unknown[]).length).toBeGreaterThan(0);
  });

  it("refuses a report that is not the provider's own, even by a commissioner on the wrong id", async () => {
    // sub_bbb is the council's sanctions file: not P1's.
    const { status } = await get('/api/providers/P1/submissions/sub_bbb/report', commissioner);
    expect(status).toBe(404);
  });

  it('says 404 for a provider not in the register and a month with no scorecard', async () => {
    expect((await get('/api/providers/P9', commissioner)).status).toBe(404);
    const none = await get('/api/providers/P6/months/2025-03', commissioner);
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('Provider P6 has no scorecard for 2025-03.');
  });
});

describe('the overview says what the views say', () => {
  it('gives the latest complete month by default, with the views’ rows and counts', async () => {
    const { status, body } = await get('/api/overview', commissioner);
    expect(status).toBe(200);
    expect(body.period).toBe('2025-03');
    const sql = (text: string) => api.engine().query(text);
    const json = (rows: unknown) => JSON.parse(JSON.stringify(rows));
    expect(body.completeness).toEqual(
      json((await sql("SELECT * FROM v_month_completeness WHERE period = '2025-03'"))[0]),
    );
    const matrix = await sql("SELECT * FROM v_risk_matrix WHERE period = '2025-03'");
    const byProvider = (rows: unknown) =>
      [...(rows as { provider_id: string }[])].sort((a, b) => a.provider_id.localeCompare(b.provider_id));
    expect(byProvider(body.matrix)).toEqual(byProvider(json(matrix)));
    expect(byProvider(body.action_list)).toEqual(
      byProvider(json(await sql("SELECT * FROM v_action_list WHERE period = '2025-03'"))),
    );
    expect(byProvider(body.alerts)).toEqual(
      byProvider(json(await sql("SELECT * FROM v_alerts WHERE period = '2025-03'"))),
    );
    const counts = async (view: string, column: string, period: string) =>
      Object.fromEntries(
        (
          await sql(
            `SELECT ${column} AS k, count(*) AS n FROM ${view} WHERE period = '${period}' GROUP BY ${column}`,
          )
        ).map((r) => [r.k, r.n]),
      );
    expect(body.counts).toEqual({
      ratings: await counts('v_scorecards', 'overall_rating', '2025-03'),
      tiers: await counts('v_risk_matrix', 'risk_tier', '2025-03'),
      previous_period: '2025-02',
      previous_ratings: await counts('v_scorecards', 'overall_rating', '2025-02'),
      previous_tiers: await counts('v_risk_matrix', 'risk_tier', '2025-02'),
    });
    // And by hand, from the fixture: 2025-03 ratings P1 Outstanding, P2 RI, P3 Inadequate, P4 Not scored.
    expect((body.counts as { ratings: unknown }).ratings).toEqual({
      Outstanding: 1,
      'Requires improvement': 1,
      Inadequate: 1,
      'Not scored': 1,
    });
  });

  it('says 404 with a sentence for a month never scored', async () => {
    const { status, body } = await get('/api/overview?period=2030-01', commissioner);
    expect(status).toBe(404);
    expect(body.error).toMatch(/2030-01 has not been scored/);
  });

  it('serves clusters, trends, the method and the templates', async () => {
    const clusters = await get('/api/clusters?period=2025-03', commissioner);
    expect((clusters.body.clusters as { cluster_id: string }[]).map((c) => c.cluster_id)).toEqual([
      'K1',
      'K2',
    ]);
    // Each provider's share in each cluster that month, largest first (P1 85 h, P2 15 h in K1).
    const k1 = (clusters.body.shares as { cluster_id: string; provider_id: string; share: number }[]).filter(
      (s) => s.cluster_id === 'K1',
    );
    expect(k1.map((s) => [s.provider_id, s.share])).toEqual([
      ['P1', 0.85],
      ['P2', 0.15],
    ]);
    const trends = await get('/api/trends', commissioner);
    const months = trends.body.months as { period: string; ratings: Record<string, number> }[];
    expect(months.map((m) => m.period)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(months[0]!.ratings).toEqual({ Good: 4, 'Requires improvement': 1 });
    const method = await get('/api/method', 'provider:P1');
    expect(method.body.version).toBe('v1');
    const csv = await api.app.request('/api/templates/monthly-return.csv', as('provider:P1'));
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/^provider_id,branch_id,service_code,period,/);
    const xlsx = await api.app.request('/api/templates/monthly-return.xlsx', as('provider:P1'));
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await api.app.request('/api/templates/nonsense.csv', as('provider:P1'))).status).toBe(404);
  });
});

describe('no request value reaches SQL unchecked', () => {
  const attacks = [
    "2025-03' OR '1'='1",
    "P1' OR '1'='1",
    "x'; DROP TABLE t; --",
    '2025-03%27--',
    "' UNION SELECT 1 --",
  ];

  it.each(attacks)('refuses %s in every parameter with 400', async (attack) => {
    const e = encodeURIComponent(attack);
    const paths = [
      `/api/overview?period=${e}`,
      `/api/clusters?period=${e}`,
      `/api/alerts?period=${e}`,
      `/api/providers/${e}`,
      `/api/providers/${e}/due`,
      `/api/providers/${e}/submissions`,
      `/api/providers/P1/months/${e}`,
      `/api/providers/P1/submissions/${e}/report`,
    ];
    for (const path of paths) {
      const { status, body } = await get(path, commissioner);
      expect(status, path).toBe(400);
      expect(body.error, path).toMatch(/must be|not a submission id/);
    }
    for (const action of ['acknowledge', 'withdraw']) {
      const response = await api.app.request(
        `/api/alerts/${e}/${action}`,
        as(commissioner, { method: 'POST', body: JSON.stringify({ reason: 'x' }) }),
      );
      expect(response.status).toBe(400);
    }
  });

  it('never shows a stack trace: an engine failure is a 500 with a sentence, logged on the server', async () => {
    const broken = await openTestApi(lake, {
      queries: {
        query: async () => {
          throw new Error('disk on fire');
        },
        createViews: async () => {},
        close: async () => {},
      },
    });
    try {
      const response = await broken.app.request('/api/providers', as(commissioner));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(/disk on fire|at .*\.ts/);
      expect(JSON.parse(text).error).toMatch(/^Something went wrong on the server/);
      expect(broken.logged.join('\n')).toMatch(/disk on fire/);
    } finally {
      await broken.close();
    }
  });
});

describe('headers', () => {
  it('sets the security headers on every response, errors included', async () => {
    for (const [path, who] of [
      ['/api/session', commissioner],
      ['/api/providers', 'provider:P1'],
      ['/api/nowhere', commissioner],
    ] as const) {
      const { response } = await get(path, who);
      expect(response.headers.get('Content-Security-Policy')).toMatch(
        /default-src 'self'.*frame-ancestors 'none'/,
      );
      expect(response.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    }
  });
});
