// Journey 2 (issue 18): a commissioner, in headless Chromium against a real `carescore serve` on a
// demo lake, opens the overview (whose numbers are the SQL views'), clicks a matrix cell, opens a
// provider in it, reads why it needs action, and withdraws one of its alerts with a reason; then
// the other commissioner pages. axe-core checks every page; the overview is screenshotted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';
import { api, buildDemoLake, checkPage, openPage, type Served, serve } from '../helpers/web-app.ts';

const outDir = resolve(import.meta.dirname, '../../test-output');
const bin = resolve(import.meta.dirname, '../../bin/carescore.mjs');

interface OverviewAnswer {
  period: string;
  action_list: {
    provider_id: string;
    provider_name: string;
    likelihood: number;
    impact: number;
    reasons: string;
  }[];
}
interface AlertAnswer {
  alerts: {
    alert_key: string;
    provider_id: string;
    withdrawn_at: string | null;
    withdrawn_reason: string | null;
  }[];
}

describe.skipIf(skipWithoutChromium)('web app: a commissioner drills down from the overview', () => {
  let dir = '';
  let lake = '';
  let server: Served | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'carescore-web-commissioner-'));
    lake = join(dir, 'lake');
    buildDemoLake(lake);
    server = await serve(lake);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A view's rows, asked of the lake with `carescore query` (not through the API). */
  function sql<T>(text: string): T[] {
    const child = spawnSync(process.execPath, [bin, 'query', text, '--lake', lake, '--format', 'json'], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`carescore query failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as T[];
  }

  it('shows the views’ numbers on the overview, opens a cell, a provider and why it needs action, and withdraws an alert', async () => {
    const { page, problems } = await openPage(browser!);
    await page.goto(`${server!.url}/`);
    await page.getByTestId('risk-matrix').waitFor();
    expect(await checkPage(page, /^Overview for /)).toEqual([]);
    const overview = await api<OverviewAnswer>(server!.url, '/api/overview');
    const period = overview.period;
    await expect(page.getByTestId('page-title').textContent()).resolves.toMatch(/^Overview for \w+ \d{4}$/);

    // The overview's numbers are the views' own.
    const cells = sql<{ likelihood: number; impact: number; n: number }>(
      `SELECT likelihood, impact, count(*) AS n FROM v_risk_matrix WHERE period = '${period}' GROUP BY likelihood, impact`,
    );
    const shownCells = await page
      .getByTestId('matrix-cell')
      .evaluateAll((tds) =>
        tds.map((td) => [Number(td.dataset.likelihood), Number(td.dataset.impact), Number(td.dataset.count)]),
      );
    expect(shownCells).toHaveLength(25);
    for (const [l, i, n] of shownCells)
      expect(n, `cell ${l}×${i}`).toBe(cells.find((c) => c.likelihood === l && c.impact === i)?.n ?? 0);
    const ratings = sql<{ overall_rating: string; n: number }>(
      `SELECT overall_rating, count(*) AS n FROM v_scorecards WHERE period = '${period}' GROUP BY overall_rating`,
    );
    const shownRatings = await page
      .locator('[data-testid="rating-counts"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-key'),
          Number(tr.querySelector('[data-testid="count"]')?.textContent),
        ]),
      );
    expect(Object.fromEntries(shownRatings)).toEqual(
      Object.fromEntries(ratings.map((r) => [r.overall_rating, r.n])),
    );
    const tiers = sql<{ risk_tier: string; n: number }>(
      `SELECT risk_tier, count(*) AS n FROM v_risk_matrix WHERE period = '${period}' GROUP BY risk_tier`,
    );
    const shownTiers = await page
      .locator('[data-testid="tier-counts"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-key'),
          Number(tr.querySelector('[data-testid="count"]')?.textContent),
        ]),
      );
    expect(Object.fromEntries(shownTiers)).toEqual(Object.fromEntries(tiers.map((r) => [r.risk_tier, r.n])));
    const actions = sql<{ provider_id: string }>(
      `SELECT provider_id FROM v_action_list WHERE period = '${period}' ORDER BY risk_score DESC, provider_id`,
    );
    expect(
      await page
        .getByTestId('action-row')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-provider-id'))),
    ).toEqual(actions.map((a) => a.provider_id));
    mkdirSync(outDir, { recursive: true });
    // The README's picture (docs/web-overview.png is a copy): the month's figures, matrix and counts.
    await page.screenshot({
      path: join(outDir, 'web-overview.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 1250 },
    });

    // A cell of the matrix opens its providers.
    const target = overview.action_list[0]!;
    await page
      .locator(
        `[data-testid="matrix-cell"][data-likelihood="${target.likelihood}"][data-impact="${target.impact}"] a`,
      )
      .click();
    await page.getByTestId('cell-providers').waitFor();
    expect(await checkPage(page, /^Overview for /)).toEqual([]);
    const inCell = await page.getByTestId('cell-provider').allTextContents();
    expect(inCell).toContain(target.provider_name);
    expect(inCell).toHaveLength(
      cells.find((c) => c.likelihood === target.likelihood && c.impact === target.impact)!.n,
    );

    // The provider, and why it needs action: every reason the action list gives.
    await page.getByTestId('cell-provider').filter({ hasText: target.provider_name }).click();
    await page.getByRole('heading', { level: 1, name: target.provider_name }).waitFor();
    await page.getByTestId('why-action').waitFor();
    await page.getByTestId('kpi-trends').waitFor({ timeout: 30_000 });
    expect(await checkPage(page, new RegExp(`^${target.provider_name.replace(/[^\w ]/g, '.')}`))).toEqual([]);
    expect(await page.locator('[data-testid="why-action"] li').allTextContents()).toEqual(
      target.reasons.split(';').map((r) => r.trim()),
    );

    // Withdraw one of its alerts, with a reason (none given first: asked for one, nothing sent).
    const row = page
      .locator('[data-testid="alert-row"]')
      .filter({ hasNot: page.getByTestId('alert-withdrawn') })
      .first();
    const key = await row.getAttribute('data-alert-key');
    expect(key).toBeTruthy();
    await row.getByRole('button', { name: /^Withdraw/ }).click();
    await row.getByRole('button', { name: 'Withdraw alert' }).click();
    await expect(row.locator('.govuk-error-message').textContent()).resolves.toContain(
      'Enter why the alert is withdrawn',
    );
    expect(await checkPage(page, /./)).toEqual([]);
    const reason = 'Raised on a data error now corrected (test).';
    await row.getByLabel('Why withdraw it?').fill(reason);
    await row.getByRole('button', { name: 'Withdraw alert' }).click();
    const withdrawn = page.locator(
      `[data-testid="alert-row"][data-alert-key="${key}"] [data-testid="alert-withdrawn"]`,
    );
    await withdrawn.waitFor();
    await expect(withdrawn.textContent()).resolves.toContain(reason);
    const stored = (await api<AlertAnswer>(server!.url, '/api/alerts')).alerts.find(
      (a) => a.alert_key === key,
    );
    expect(stored).toMatchObject({ withdrawn_reason: reason });
    expect(stored?.withdrawn_at).toBeTruthy();

    // The provider's month, and the other commissioner pages.
    await page.getByRole('link', { name: /^The full scorecard for / }).click();
    await page.getByTestId('scorecard-month').waitFor();
    expect(await checkPage(page, /^Scorecard for /)).toEqual([]);
    for (const [link, title] of [
      ['Providers', /^Providers/],
      ['Clusters and trends', /^Clusters and trends/],
      ['Method', /^The scoring method/],
    ] as const) {
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await checkPage(page, title), link).toEqual([]);
      // Clusters and trends: hours per cluster, ratings, tiers, the average score, KPI medians, HHI.
      if (link === 'Clusters and trends') {
        expect(await page.locator('[data-testid="chart"] svg').count()).toBe(6);
        // Each provider's share of a cluster, as v_market_share has it (largest first).
        const shown = await page.locator('[data-testid="clusters"]').count();
        expect(shown).toBe(1);
        const first = page.locator('details[data-shares]').first();
        const cluster = await first.getAttribute('data-shares');
        await first.locator('summary').click();
        const names = await first.locator('tbody th').allTextContents();
        const month = new URL(page.url()).hash.match(/period=(\d{4}-\d{2})/)?.[1] ?? overview.period;
        const expected = sql<{ provider_id: string; share: number }>(
          `SELECT provider_id, share FROM v_market_share WHERE cluster_id = '${cluster}' AND period = '${month}' ORDER BY share DESC, provider_id`,
        );
        expect(expected.length).toBeGreaterThan(0);
        expect(names.map((n) => n.match(/\((P\d+)\)$/)?.[1])).toEqual(expected.map((r) => r.provider_id));
        expect(await checkPage(page, title), 'shares opened').toEqual([]);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('reflows to a 320 px wide window (WCAG 1.4.10) with no serious axe violation', async () => {
    const { page, problems } = await openPage(browser!, { width: 320, height: 640 });
    const overview = await api<OverviewAnswer>(server!.url, '/api/overview');
    const id = overview.action_list[0]!.provider_id;
    for (const [hash, title] of [
      ['#/overview', /^Overview for /],
      [`#/providers/${id}`, /./],
      [`#/providers/${id}/months/${overview.period}`, /^Scorecard for /],
      ['#/clusters', /^Clusters and trends/],
      ['#/method', /^The scoring method/],
    ] as const) {
      await page.goto(`${server!.url}/${hash}`);
      await page.reload();
      await page.getByTestId('page-title').waitFor();
      if (hash.startsWith('#/providers/') && !hash.includes('/months/'))
        await page.getByTestId('kpi-trends').waitFor();
      expect(await checkPage(page, title), hash).toEqual([]);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses a provider another provider’s page, in the page as in the API', async () => {
    const { page, problems } = await openPage(browser!);
    await page.goto(`${server!.url}/`);
    await page.getByLabel('Viewing as').selectOption('provider:P001');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('heading', { level: 1, name: "What's due" }).waitFor();
    await page.goto(`${server!.url}/#/providers/P002`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await checkPage(page, /^Page not found/)).toEqual([]);
    const answer = await fetch(`${server!.url}/api/providers/P002`, {
      headers: { 'X-Carescore-As': 'provider:P001' },
    });
    expect(answer.status).toBe(403);
    expect(problems).toEqual([]);
  }, 60_000);
});
