// The method page's comparison (issue 20): `carescore serve --compare-method
// config/method-v2-example.json` over a demo lake, in headless Chromium. A commissioner sees
// "Compared with v2-example" with the month's summary and movers as GET /api/method/compare gives
// them (the same as `carescore compare --format json`), picks another month, and axe finds nothing
// serious; a provider sees the method without the comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';
import { api, buildDemoLake, checkPage, openPage, type Served, serve } from '../helpers/web-app.ts';

const v2 = resolve(import.meta.dirname, '../../config/method-v2-example.json');

interface Comparison {
  to_version: string;
  periods: string[];
  movers: { provider_id: string; changes: { field: string; from: string; to: string }[] }[];
  summary: { up: number; down: number; other: number; unchanged: number };
}

describe.skipIf(skipWithoutChromium)('web app: the method page compares the method with a second one', () => {
  let dir = '';
  let server: Served | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'carescore-web-compare-'));
    const lake = join(dir, 'lake');
    buildDemoLake(lake);
    server = await serve(lake, ['--compare-method', v2]);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The movers table's rows as shown: provider id and overall rating cell. */
  async function shownMovers(page: Page) {
    await page.getByTestId('method-compare-summary').waitFor();
    const rows = page.getByTestId('method-compare-movers').locator('tbody tr');
    return rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        provider_id: tr.querySelector('th')?.textContent?.split(' ')[0] ?? '',
        overall: tr.querySelectorAll('td')[0]?.textContent ?? '',
      })),
    );
  }

  it('shows the summary and movers per provider for the month, and another month from the picker', async () => {
    const session = await api<{ months: { period: string }[] }>(server!.url, '/api/session');
    const months = session.months.map((m) => m.period);
    const answers = await Promise.all(
      months.map((p) => api<Comparison>(server!.url, `/api/method/compare?period=${p}`)),
    );
    // A month where v2's stricter late-call bands move someone, and another month to pick.
    const moving = answers.find((a) => a.movers.length > 0);
    expect(moving, 'a demo month with movers under v2').toBeDefined();
    const period = moving!.periods[0]!;
    const other = answers.find((a) => a.periods[0] !== period)!;

    const { page, problems } = await openPage(browser!);
    await page.goto(`${server!.url}/#/method?period=${period}`);
    await page.getByRole('heading', { level: 2, name: 'Compared with v2-example' }).waitFor();
    expect(await checkPage(page, /^The scoring method/)).toEqual([]);

    const summary = await page.getByTestId('method-compare-summary').textContent();
    const s = moving!.summary;
    for (const [label, n] of [
      ['Overall rating up', s.up],
      ['Overall rating down', s.down],
      ['Unchanged', s.unchanged],
    ] as const)
      expect(summary).toContain(`${label}${n} provider`);
    const shown = await shownMovers(page);
    expect(shown.map((r) => r.provider_id)).toEqual(moving!.movers.map((m) => m.provider_id));
    moving!.movers.forEach((m, i) => {
      const overall = m.changes.find((c) => c.field === 'overall_rating');
      expect(shown[i]!.overall).toContain(overall ? `${overall.from} → ${overall.to}` : 'Unchanged');
    });

    // The month picker moves the comparison to another month.
    await page.getByLabel('Month').selectOption(other.periods[0]!);
    await page.getByRole('button', { name: 'Show month' }).click();
    await page.waitForURL(`**/#/method?period=${other.periods[0]}`);
    await page.waitForFunction(
      (p) => document.querySelector('[data-testid="method-compare"] p')?.textContent?.includes(p),
      new Date(`${other.periods[0]}-01T00:00:00Z`).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    );
    if (other.movers.length > 0)
      expect((await shownMovers(page)).map((r) => r.provider_id)).toEqual(
        other.movers.map((m) => m.provider_id),
      );
    else expect(await page.getByTestId('method-compare-movers').count()).toBe(0);
    expect(await checkPage(page, /^The scoring method/)).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);

  it('shows a provider the method without the comparison', async () => {
    const { page, problems } = await openPage(browser!);
    await page.goto(`${server!.url}/`);
    await page.getByLabel('Viewing as').selectOption('provider:P001');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('heading', { level: 1, name: "What's due" }).waitFor();
    await page.goto(`${server!.url}/#/method`);
    await page.getByTestId('method-ratings').waitFor();
    expect(await checkPage(page, /^The scoring method/)).toEqual([]);
    expect(await page.getByTestId('method-compare').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);
});
