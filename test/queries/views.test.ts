// The views of CONTRACTS §4: each file is Trino SQL in the portable subset (DESIGN §5), and DuckDB
// gives the hand-computed result over a fixture lake written through the real Parquet writer.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { keys } from '../../functions/lake/keys.ts';
import { encodeParquet, type Row } from '../../functions/lake/parquet.ts';
import { type ResultsTable, resultsTables } from '../../functions/lake/results-tables.ts';
import { loadViews, viewNames, viewsDir } from '../../functions/lake/views.ts';
import { buildFixtureLake } from './fixture-lake.ts';

const views = loadViews();

describe('view files (Athena side)', () => {
  const trino = new TrinoSQL();

  it('exist for exactly the views of CONTRACTS §4, listed in views.ts', () => {
    const files = readdirSync(viewsDir()).filter((f) => f.endsWith('.sql'));
    expect(files.map((f) => f.replace(/\.sql$/, '')).sort()).toEqual([...viewNames].sort());
  });

  it('are created after every view they read', () => {
    views.forEach((view, i) => {
      const later = viewNames.slice(i + 1).filter((other) => new RegExp(`\\b${other}\\b`).test(view.sql));
      expect(later, view.name).toEqual([]);
    });
  });

  it('uses a grammar that does reject broken SQL', () => {
    expect(trino.validate('CREATE OR REPLACE VIEW v_x AS SELECT a FROM t WHERE')).not.toEqual([]);
  });

  for (const view of views) {
    describe(view.name, () => {
      const code = view.sql.replace(/--[^\n]*/g, '');

      it('parses as Trino SQL', () => {
        expect(trino.validate(view.sql)).toEqual([]);
      });

      it('is exactly one CREATE OR REPLACE VIEW of its own name', () => {
        expect(trino.splitSQLByStatement(view.sql) ?? []).toHaveLength(1);
        expect(code.trimStart()).toMatch(
          new RegExp(`^CREATE OR REPLACE VIEW ${view.name} AS\\s+(WITH|SELECT)\\b`),
        );
        // No terminator: Athena's StartQueryExecution takes a single statement as it is.
        expect(code.trimEnd()).not.toMatch(/;$/);
      });

      it('keeps to the portable subset', () => {
        for (const banned of [
          /\bapprox_percentile\b/i,
          /\btransform\s*\(/i,
          /\belement_at\b/i,
          /\bformat_datetime\b/i,
          /\bAT\s+TIME\s+ZONE\b/i,
          /\bfrom_iso8601/i,
          /\bdate_trunc\s*\((?![^)]*\)\s+AS\s+date)/i,
        ]) {
          expect(code, String(banned)).not.toMatch(banned);
        }
        // Integer division differs between the engines: every '/' divides a CAST(… AS double).
        const divisions = [...code.matchAll(/\//g)].map((m) => code.slice(0, m.index));
        for (const before of divisions) expect(before).toMatch(/CAST\([^()]*\bAS double\)\s*$/i);
      });
    });
  }
});

describe('views over a fixture lake (DuckDB)', () => {
  let lake: string;
  let engine: DuckDbQueryEngine;
  const q = (sql: string) => engine.query(sql);

  beforeAll(async () => {
    lake = await buildFixtureLake();
    engine = await DuckDbQueryEngine.open(lake);
    await engine.createViews();
  });

  afterAll(async () => {
    await engine?.close();
    if (lake) await rm(lake, { recursive: true, force: true });
  });

  it('v_submissions: one row per ledger record, received_at as a timestamp', async () => {
    expect(await q('SELECT * FROM v_submissions ORDER BY submission_id')).toEqual([
      {
        submission_id: 'sub_aaa',
        provider_id: 'P1',
        input_type: 'monthly-return',
        period: '2025-01',
        received_at: new Date('2025-02-14T10:00:00Z'),
        status: 'accepted',
        rows_read: 12,
        rows_accepted: 12,
        rows_rejected: 0,
        sha256: 'sub_aaa-sha',
        file_name: 'monthly-return.csv',
        errors: 0,
        warnings: 0,
        processed_at: new Date('2025-02-14T10:00:00Z'),
      },
      {
        submission_id: 'sub_bbb',
        provider_id: 'council',
        input_type: 'sanctions',
        period: '',
        received_at: new Date('2025-03-31T23:30:00Z'),
        status: 'partially_accepted',
        rows_read: 9,
        rows_accepted: 8,
        rows_rejected: 1,
        sha256: 'sub_bbb-sha',
        file_name: 'sanctions.csv',
        errors: 1,
        warnings: 0,
        processed_at: new Date('2025-03-31T23:30:00Z'),
      },
    ]);
  });

  it('v_submission_compliance', async () => {
    expect(
      await q("SELECT * FROM v_submission_compliance WHERE period = '2025-01' ORDER BY provider_id"),
    ).toEqual([
      {
        provider_id: 'P1',
        period: '2025-01',
        return_type: 'monthly-return',
        due_at: new Date('2025-02-15T23:59:59Z'),
        received_at: new Date('2025-02-14T10:00:00Z'),
        status: 'on_time',
        days_late: 0,
        submission_id: 'sub_aaa',
        method_version: 'v1',
        provider_name: 'Alpha Care',
      },
      {
        provider_id: 'P2',
        period: '2025-01',
        return_type: 'monthly-return',
        due_at: new Date('2025-02-15T23:59:59Z'),
        received_at: null,
        status: 'missing',
        days_late: null,
        submission_id: null,
        method_version: 'v1',
        provider_name: 'Beta Care',
      },
    ]);
  });

  it('v_kpi_scores: points null when not scored', async () => {
    expect(await q('SELECT * FROM v_kpi_scores ORDER BY kpi_id')).toEqual([
      {
        provider_id: 'P1',
        period: '2025-01',
        kpi_id: 'D02',
        kpi_name: 'Missed calls',
        area: 'delivery',
        numerator: 3,
        denominator: 4200,
        value: 0.000714,
        points: 2,
        weight: 2,
        method_version: 'v1',
        provider_name: 'Alpha Care',
      },
      {
        provider_id: 'P1',
        period: '2025-01',
        kpi_id: 'Q01',
        kpi_name: 'CQC overall rating',
        area: 'quality',
        numerator: null,
        denominator: null,
        value: null,
        points: null,
        weight: 2,
        method_version: 'v1',
        provider_name: 'Alpha Care',
      },
    ]);
  });

  it('v_area_scores', async () => {
    expect(
      await q('SELECT area, score, effective_score, rating, limiters FROM v_area_scores ORDER BY area'),
    ).toEqual([
      { area: 'delivery', score: 3.67, effective_score: 3.67, rating: 'Outstanding', limiters: '' },
      { area: 'quality', score: null, effective_score: null, rating: 'Not scored', limiters: '' },
    ]);
  });

  it('v_scorecards: one row per provider-month', async () => {
    expect(await q('SELECT count(*) AS n FROM v_scorecards')).toEqual([{ n: 13 }]);
    expect(await q("SELECT * FROM v_scorecards WHERE provider_id = 'P3' AND period = '2025-03'")).toEqual([
      {
        provider_id: 'P3',
        period: '2025-03',
        overall_score: 1.5,
        overall_rating: 'Inadequate',
        overall_rating_before_cap: 'Inadequate',
        quality_rating: 'Inadequate',
        cost_flex_rating: 'Good',
        delivery_rating: 'Inadequate',
        relationship_rating: 'Good',
        workforce_rating: 'Good',
        overall_limiters: 'QUALITY_OR_DELIVERY_CAP',
        level3_triggers: 'SCORECARD_QUALITY_INADEQUATE,CQC_WARNING_NOTICE',
        worst_cqc_rating: 'Inadequate',
        method_version: 'v1',
        provider_name: 'Gamma Care',
      },
    ]);
  });

  it('v_scorecard_latest: each provider’s own latest month', async () => {
    expect(
      await q(
        'SELECT provider_id, period, overall_score, overall_rating FROM v_scorecard_latest ORDER BY provider_id',
      ),
    ).toEqual([
      { provider_id: 'P1', period: '2025-03', overall_score: 3.6, overall_rating: 'Outstanding' },
      { provider_id: 'P2', period: '2025-03', overall_score: 2.25, overall_rating: 'Requires improvement' },
      { provider_id: 'P3', period: '2025-03', overall_score: 1.5, overall_rating: 'Inadequate' },
      { provider_id: 'P4', period: '2025-03', overall_score: null, overall_rating: 'Not scored' },
      { provider_id: 'P6', period: '2025-01', overall_score: 3, overall_rating: 'Good' },
    ]);
    expect(await q("SELECT provider_name FROM v_scorecard_latest WHERE provider_id = 'P2'")).toEqual([
      { provider_name: 'Beta Care' },
    ]);
  });

  it('v_risk_matrix', async () => {
    expect(await q('SELECT count(*) AS n FROM v_risk_matrix')).toEqual([{ n: 13 }]);
    expect(await q("SELECT * FROM v_risk_matrix WHERE provider_id = 'P3' AND period = '2025-03'")).toEqual([
      {
        provider_id: 'P3',
        period: '2025-03',
        likelihood: 5,
        likelihood_base: 2,
        impact: 5,
        risk_score: 25,
        risk_tier: 'Critical',
        factors: 'F1_CQC,F2_SANCTION_L2,F3_SAFEGUARDING,F4_EPISODES,L3',
        impact_basis: 'market_share',
        max_market_share: 0.666667,
        maturity: 'established',
        maturity_months: 14,
        intensity: 'Critical',
        method_version: 'v1',
        provider_name: 'Gamma Care',
      },
    ]);
  });

  it('v_high_risk_providers: latest tier High or Critical, with reasons in words', async () => {
    // P4 was High in 2025-02 but is Moderate in its latest month, so it is not listed.
    expect(await q('SELECT * FROM v_high_risk_providers ORDER BY provider_id')).toEqual([
      {
        provider_id: 'P2',
        provider_name: 'Beta Care',
        period: '2025-03',
        likelihood: 5,
        impact: 2,
        risk_score: 10,
        risk_tier: 'High',
        intensity: 'High',
        reasons:
          'Overall rating Requires improvement; CQC rating Requires improvement; active level 2 sanction; ' +
          'returns for this month and last month late or missing; overall score fell by 0.5 or more in 3 months',
      },
      {
        provider_id: 'P3',
        provider_name: 'Gamma Care',
        period: '2025-03',
        likelihood: 5,
        impact: 5,
        risk_score: 25,
        risk_tier: 'Critical',
        intensity: 'Critical',
        reasons:
          'Overall rating Inadequate; CQC rating Inadequate; active level 3 sanction; ' +
          'substantiated safeguarding concern in the last 3 months; more than 3 sanctions in the last 12 months; ' +
          'Level 3 trigger: quality rated Inadequate; Level 3 trigger: CQC warning notice; ' +
          'largest cluster market share 67%',
      },
      {
        provider_id: 'P6',
        provider_name: 'Zeta Care',
        period: '2025-01',
        likelihood: 2,
        impact: 5,
        risk_score: 10,
        risk_tier: 'High',
        intensity: 'High',
        reasons: 'largest cluster market share 100%',
      },
    ]);
  });

  it('v_referral_status: sanctions active today, one row per registered provider', async () => {
    // SAN-04 is not yet evidenced, SAN-03 and SAN-08 are lifted (SAN-08 today), SAN-09 starts today.
    expect(await q('SELECT * FROM v_referral_status ORDER BY provider_id')).toEqual([
      { provider_id: 'P1', provider_name: 'Alpha Care', embargoed: false, max_active_level: 1, reasons: '' },
      { provider_id: 'P2', provider_name: 'Beta Care', embargoed: false, max_active_level: 2, reasons: '' },
      {
        provider_id: 'P3',
        provider_name: 'Gamma Care',
        embargoed: true,
        max_active_level: 3,
        reasons: 'SAN-01: Missed calls, SAN-05: CQC warning notice',
      },
      { provider_id: 'P4', provider_name: 'Delta Care', embargoed: false, max_active_level: 0, reasons: '' },
      {
        provider_id: 'P5',
        provider_name: 'Epsilon Care',
        embargoed: false,
        max_active_level: 2,
        reasons: '',
      },
      { provider_id: 'P6', provider_name: 'Zeta Care', embargoed: false, max_active_level: 0, reasons: '' },
    ]);
  });

  it('v_cluster_summary: providers, hours, HHI and counts per cluster-month', async () => {
    const zero = {
      outstanding: 0,
      good: 0,
      requires_improvement: 0,
      inadequate: 0,
      not_scored: 0,
      low: 0,
      moderate: 0,
      high: 0,
      critical: 0,
    };
    const row = (
      cluster_id: string,
      cluster_name: string,
      period: string,
      providers: number,
      commissioned_hours: number,
      hhi: number | null,
      counts: Partial<typeof zero>,
    ) => ({ cluster_id, cluster_name, period, providers, commissioned_hours, hhi, ...zero, ...counts });
    expect(await q('SELECT * FROM v_cluster_summary ORDER BY cluster_id, period')).toEqual([
      // K1: P1 60 + P2 40 → 0.6² + 0.4² = 0.52
      row('K1', 'North Downs', '2025-01', 2, 100, 0.52, { good: 2, low: 2 }),
      // P1 300 + P2 100 → 0.75² + 0.25² = 0.625
      row('K1', 'North Downs', '2025-02', 2, 400, 0.625, {
        good: 1,
        requires_improvement: 1,
        low: 1,
        moderate: 1,
      }),
      // P1 40.25 + 44.75 = 85, P2 15 → 0.85² + 0.15² = 0.745
      row('K1', 'North Downs', '2025-03', 2, 100, 0.745, {
        outstanding: 1,
        requires_improvement: 1,
        moderate: 1,
        high: 1,
      }),
      // K2: P5 is registered but never scored; no hours before March.
      row('K2', 'South Coast', '2025-01', 2, 0, null, {
        good: 1,
        requires_improvement: 1,
        low: 1,
        moderate: 1,
      }),
      row('K2', 'South Coast', '2025-02', 2, 0, null, {
        inadequate: 1,
        requires_improvement: 1,
        high: 1,
        critical: 1,
      }),
      // P3 200 + P4 100 → (2/3)² + (1/3)² = 5/9
      row('K2', 'South Coast', '2025-03', 2, 300, 0.555556, {
        inadequate: 1,
        not_scored: 1,
        moderate: 1,
        critical: 1,
      }),
      row('K3', 'Weald', '2025-01', 1, 0, null, { good: 1, high: 1 }),
      // Hours with no scored provider still make a cluster-month: one provider holds all of them.
      row('K3', 'Weald', '2025-04', 0, 10, 1, {}),
    ]);
  });

  it('v_market_share: each provider’s hours in a cluster-month over the cluster’s', async () => {
    const k1 = await q(
      "SELECT provider_id, period, hours, cluster_hours, share FROM v_market_share WHERE cluster_id = 'K1' ORDER BY period, provider_id",
    );
    expect(k1).toEqual([
      // The hours v_cluster_summary's HHI is computed from: 0.6² + 0.4² = 0.52, and so on.
      { provider_id: 'P1', period: '2025-01', hours: 60, cluster_hours: 100, share: 0.6 },
      { provider_id: 'P2', period: '2025-01', hours: 40, cluster_hours: 100, share: 0.4 },
      { provider_id: 'P1', period: '2025-02', hours: 300, cluster_hours: 400, share: 0.75 },
      { provider_id: 'P2', period: '2025-02', hours: 100, cluster_hours: 400, share: 0.25 },
      { provider_id: 'P1', period: '2025-03', hours: 85, cluster_hours: 100, share: 0.85 },
      { provider_id: 'P2', period: '2025-03', hours: 15, cluster_hours: 100, share: 0.15 },
    ]);
    // Every cluster-month: shares sum to 1, squares to the summary's HHI, hours to its hours.
    const check = await q(`SELECT m.cluster_id, m.period, round(sum(m.share), 6) AS total,
        round(sum(m.share * m.share), 6) AS hhi, s.hhi AS summary_hhi,
        round(sum(m.hours), 2) AS hours, s.commissioned_hours
      FROM v_market_share m JOIN v_cluster_summary s USING (cluster_id, period)
      GROUP BY m.cluster_id, m.period, s.hhi, s.commissioned_hours`);
    expect(check.length).toBeGreaterThan(3);
    for (const row of check) {
      expect(row.total).toBeCloseTo(1, 5);
      expect(row.hhi).toBeCloseTo(row.summary_hhi as number, 5);
      expect(row.hours).toBeCloseTo(row.commissioned_hours as number, 2);
    }
  });

  it('v_alerts', async () => {
    expect(await q('SELECT * FROM v_alerts ORDER BY period')).toEqual([
      {
        alert_type: 'RISK_CRITICAL',
        severity: 'high',
        provider_id: 'P3',
        period: '2025-02',
        message: 'P3 is Critical',
        first_raised_at: new Date('2025-03-20T08:00:00Z'),
        alert_key: 'RISK_CRITICAL|P3|2025-02',
        provider_name: 'Gamma Care',
        // No status stored and never notified: pending.
        status: 'pending',
        withdrawn_at: null,
        withdrawn_reason: null,
        // Not acknowledged by a commissioner (the web app's action).
        acknowledged_at: null,
        acknowledged_by: null,
      },
      {
        alert_type: 'LEVEL3_TRIGGER',
        severity: 'critical',
        provider_id: 'P3',
        period: '2025-03',
        message: '=cmd|calc',
        first_raised_at: new Date('2025-04-20T08:00:00Z'),
        alert_key: 'LEVEL3_TRIGGER|P3|2025-03',
        provider_name: 'Gamma Care',
        status: 'withdrawn',
        withdrawn_at: new Date('2025-04-22T10:00:00Z'),
        withdrawn_reason: 'Raised in error',
        acknowledged_at: null,
        acknowledged_by: null,
      },
    ]);
  });

  it('v_month_completeness: returns received, missing and awaited, council feeds, and the latest complete month', async () => {
    expect(await q('SELECT * FROM v_month_completeness ORDER BY period')).toEqual([
      // Only P1 and P2 have 2025-01 compliance rows; the due date has long passed, so it is complete.
      {
        period: '2025-01',
        providers_scored: 5,
        returns_received: 1,
        returns_missing: 1,
        returns_awaited: 3,
        due_at: new Date('2025-02-15T23:59:59Z'),
        providers_with_hours: 2,
        offers: 0,
        complete: true,
        latest_complete: false,
      },
      {
        period: '2025-02',
        providers_scored: 4,
        returns_received: 4,
        returns_missing: 0,
        returns_awaited: 0,
        due_at: new Date('2025-03-15T23:59:59Z'),
        providers_with_hours: 2,
        offers: 0,
        complete: true,
        latest_complete: false,
      },
      {
        period: '2025-03',
        providers_scored: 4,
        returns_received: 4,
        returns_missing: 0,
        returns_awaited: 0,
        due_at: new Date('2025-04-15T23:59:59Z'),
        providers_with_hours: 4,
        offers: 0,
        complete: true,
        latest_complete: true,
      },
    ]);
  });

  it('v_action_list: every month’s High and Critical tiers, level 3 triggers and sanctions, with every reason', async () => {
    const rows = await q(
      'SELECT provider_id, provider_name, period, risk_tier, max_active_level, reasons FROM v_action_list ORDER BY period, provider_id',
    );
    expect(rows.map((r) => `${r.period} ${r.provider_id} ${r.risk_tier}`)).toEqual([
      // P4 is Low in 2025-01 but SAN-03 and SAN-08 (level 3) are active at month end.
      '2025-01 P4 Low',
      '2025-01 P6 High',
      '2025-02 P3 Critical',
      '2025-02 P4 High',
      '2025-03 P2 High',
      '2025-03 P3 Critical',
      // P4 is Moderate in 2025-03 and SAN-08 is still active.
      '2025-03 P4 Moderate',
    ]);
    expect(rows[0]).toEqual({
      provider_id: 'P4',
      provider_name: 'Delta Care',
      period: '2025-01',
      risk_tier: 'Low',
      max_active_level: 3,
      reasons: 'active level 3 sanction',
    });
    // The high-risk view is the action list's High and Critical rows in each provider's latest month.
    const high = await q(
      'SELECT provider_id, period, reasons FROM v_high_risk_providers ORDER BY provider_id',
    );
    for (const h of high)
      expect(rows.find((r) => r.provider_id === h.provider_id && r.period === h.period)?.reasons).toBe(
        h.reasons,
      );
  });

  it('the view files on disk are what the engine ran', () => {
    for (const view of views) expect(readFileSync(`${viewsDir()}/${view.name}.sql`, 'utf8')).toBe(view.sql);
  });
});

describe('the latest views wait for a complete month (DuckDB)', () => {
  // Months relative to today: `done` two months ago (its returns were due on the 15th of last
  // month), `early` this month (not due until the 15th of next month).
  const monthsAgo = (n: number) => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d.toISOString().slice(0, 7);
  };
  const done = monthsAgo(2);
  const early = monthsAgo(0);
  const dueOf = (period: string) => {
    const [y, m] = period.split('-').map(Number);
    return new Date(Date.UTC(y!, m!, 15, 23, 59, 59));
  };

  /** Providers A (Critical in `done`) and B; `earlyReturns` of them sent `early`'s return already. */
  async function lake(earlyReturns: string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'carescore-latest-'));
    const store = new FsObjectStore(dir);
    const put = (table: ResultsTable, period: string, rows: Row[]) =>
      store.put(keys.resultsPartition(table, period), encodeParquet(rows, resultsTables[table]));
    const blank = (table: ResultsTable) =>
      Object.fromEntries(Object.keys(resultsTables[table]).map((c) => [c, null])) as Row;
    for (const [period, rating, tier] of [
      [done, 'Inadequate', 'Critical'],
      [early, 'Not scored', 'High'],
    ] as const) {
      await put('scorecards', period, [
        { ...blank('scorecards'), provider_id: 'A', overall_rating: rating, level3_triggers: '' },
        { ...blank('scorecards'), provider_id: 'B', overall_rating: 'Good', level3_triggers: '' },
      ]);
      await put('risk_matrix', period, [
        { ...blank('risk_matrix'), provider_id: 'A', risk_tier: tier, risk_score: 16, factors: '' },
        { ...blank('risk_matrix'), provider_id: 'B', risk_tier: 'Low', risk_score: 2, factors: '' },
      ]);
      const received = period === done ? ['A', 'B'] : earlyReturns;
      await put(
        'submission_compliance',
        period,
        received.map((provider_id) => ({
          ...blank('submission_compliance'),
          provider_id,
          return_type: 'monthly-return',
          due_at: dueOf(period),
          received_at: new Date(`${period}-02T09:00:00Z`),
          status: 'on_time',
        })),
      );
    }
    return dir;
  }

  async function latest(earlyReturns: string[]) {
    const dir = await lake(earlyReturns);
    const engine = await DuckDbQueryEngine.open(dir);
    try {
      await engine.createViews();
      return {
        months: await engine.query(
          'SELECT period, providers_scored, returns_received, returns_awaited, complete, latest_complete FROM v_month_completeness ORDER BY period',
        ),
        cards: await engine.query(
          'SELECT provider_id, period, overall_rating FROM v_scorecard_latest ORDER BY provider_id',
        ),
        high: await engine.query('SELECT provider_id, period, risk_tier FROM v_high_risk_providers'),
      };
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('one provider’s early return does not move every provider to the new month', async () => {
    const { months, cards, high } = await latest(['B']);
    expect(months).toEqual([
      {
        period: done,
        providers_scored: 2,
        returns_received: 2,
        returns_awaited: 0,
        complete: true,
        latest_complete: true,
      },
      {
        period: early,
        providers_scored: 2,
        returns_received: 1,
        returns_awaited: 1,
        complete: false,
        latest_complete: false,
      },
    ]);
    expect(cards).toEqual([
      { provider_id: 'A', period: done, overall_rating: 'Inadequate' },
      { provider_id: 'B', period: done, overall_rating: 'Good' },
    ]);
    expect(high).toEqual([{ provider_id: 'A', period: done, risk_tier: 'Critical' }]);
  });

  it('a month with every return in is complete before its due date', async () => {
    const { months, cards } = await latest(['A', 'B']);
    expect(months.map((m) => [m.period, m.complete, m.latest_complete])).toEqual([
      [done, true, false],
      [early, true, true],
    ]);
    expect(cards.map((c) => c.period)).toEqual([early, early]);
  });
});
