// Journey 1 (issue 18): a provider, in headless Chromium against a real `carescore serve` on a demo
// lake, picks its role, drops a return with mistakes into Send a return, sees each mistake (row,
// column, value, what to do) before anything is sent, fixes the file, sends it, reads the report,
// and opens its scorecard, where its KPI reads in words from the numbers it sent. axe-core checks
// every page on the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';
import {
  api,
  buildDemoLake,
  checkPage,
  dropFile,
  monthToSend,
  openPage,
  type ProviderToSend,
  returnCsv,
  returnRow,
  type Served,
  serve,
} from '../helpers/web-app.ts';

const provider = 'P003';

describe.skipIf(skipWithoutChromium)('web app: a provider sends a return and reads its scorecard', () => {
  let dir = '';
  let server: Served | undefined;
  let browser: Browser | undefined;
  let branches: string[] = [];
  let period = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'carescore-web-provider-'));
    buildDemoLake(join(dir, 'lake'));
    server = await serve(join(dir, 'lake'));
    browser = await launchChromium();
    ({ branches, period } = monthToSend(
      await api<ProviderToSend>(server.url, `/api/providers/${provider}`, `provider:${provider}`),
    ));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const row = (branch: string, over: Record<string, string | number> = {}) =>
    returnRow(provider, branch, period, over);

  it('drops a file with mistakes, sees them before sending, sends the fixed file, reads the report and its scorecard', async () => {
    const { page, problems } = await openPage(browser!);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET') requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${server!.url}/`);
    expect(await checkPage(page, /^Overview/)).toEqual([]);

    // The clearly marked local switch: viewing as the provider.
    await expect(page.getByTestId('role-switch').textContent()).resolves.toContain('Local demo, no sign-in');
    await page.getByLabel('Viewing as').selectOption(`provider:${provider}`);
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('heading', { level: 1, name: "What's due" }).waitFor();
    expect(await checkPage(page, /^What's due/)).toEqual([]);
    expect(await page.getByTestId('due-row').count()).toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: /^CSV/ }).first().getAttribute('href')).resolves.toBe(
      '/api/templates/monthly-return.csv',
    );

    await page.getByRole('link', { name: 'Send a return' }).click();
    await page.getByRole('heading', { level: 1, name: 'Send a return' }).waitFor();
    expect(await checkPage(page, /^Send a return/)).toEqual([]);

    // Three mistakes: a count that is not a number, more late calls than calls, another provider's branch.
    const bad = returnCsv([
      row(branches[0]!, { calls_missed: 'lots' }),
      row(branches[1] ?? branches[0]!, { service_code: 'SIS', calls_late_early: 900 }),
      row('1-0000000000', { service_code: 'ECS' }),
    ]);
    await dropFile(page, `${provider}-${period}.csv`, bad);
    const checked = page.getByTestId('checked');
    await checked.waitFor();
    const shown = await page.getByTestId('problem-row').evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('td'))
          .slice(0, 3)
          .map((td) => td.textContent),
      ),
    );
    expect(shown).toEqual(
      expect.arrayContaining([
        ['2', 'calls_missed', 'lots'],
        ['4', 'branch_id', '1-0000000000'],
      ]),
    );
    expect(shown.some(([r]) => r === '3')).toBe(true);
    const summary = await page.getByTestId('error-summary').textContent();
    expect(summary).toContain('Row 2, calls_missed');
    expect(summary).toContain('Row 4, branch_id');
    await expect(page.getByTestId('check-counts').textContent()).resolves.toContain(
      '0 rows would be accepted and 3 rejected',
    );
    // Nothing was sent while the file was checked.
    expect(requests).toEqual([]);
    expect(await checkPage(page, /^Send a return/)).toEqual([]);

    // Fixed: the same file chosen with the file input this time. 2 × 62 of 2 × 500 = 12.4% late.
    const twoBranches = branches.length > 1 ? [branches[0]!, branches[1]!] : [branches[0]!];
    const good = returnCsv(twoBranches.map((b) => row(b)));
    await page.getByLabel(/Drop the file here, or choose it/).setInputFiles({
      name: `${provider}-${period}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="checked"]')?.getAttribute('data-errors') === '0',
    );
    await expect(page.getByTestId('problem-row').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Send the return' }).click();

    await page.getByRole('heading', { level: 1, name: 'Return sent' }).waitFor({ timeout: 60_000 });
    expect(requests).toEqual(['POST /api/submissions']);
    await expect(page.getByTestId('report-status').getAttribute('data-status')).resolves.toBe('accepted');
    expect(await checkPage(page, /^Return sent/)).toEqual([]);

    // The submission is in My submissions, with its report.
    await page.getByRole('link', { name: 'See all my submissions' }).click();
    await page.getByRole('heading', { level: 1, name: 'My submissions' }).waitFor();
    expect(await checkPage(page, /^My submissions/)).toEqual([]);
    await page
      .getByRole('link', { name: `Report for ${provider}-${period}.csv` })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Validation report' }).waitFor();
    expect(await checkPage(page, /^Validation report/)).toEqual([]);
    await expect(page.getByTestId('report-status').getAttribute('data-status')).resolves.toBe('accepted');

    // My scorecard, for the month just sent: its late calls in words, from the sent numbers.
    await page.getByRole('link', { name: 'My scorecard' }).click();
    await page.getByTestId('scorecard-month').waitFor();
    expect(await checkPage(page, /^My scorecard for /)).toEqual([]);
    await page.getByLabel('Month', { exact: true }).selectOption(period);
    await page.getByRole('button', { name: 'Show month' }).click();
    await page.locator(`[data-testid="scorecard-month"][data-period="${period}"]`).waitFor();
    const late = 62 * twoBranches.length;
    const calls = 500 * twoBranches.length;
    const d01 = await page.locator('tr[data-kpi="D01"] [data-testid="kpi-words"]').textContent();
    // 12.4% of calls late or early: lower is better with thresholds 2%, 5%, 10%, so over 10% scores 1.
    expect(d01).toBe(`12.4% (${late} of ${calls}): over 10% scores 1.`);
    const month = await api<{ kpis: { kpi_id: string; value: number; points: number }[] }>(
      server!.url,
      `/api/providers/${provider}/months/${period}`,
      `provider:${provider}`,
    );
    expect(month.kpis.find((k) => k.kpi_id === 'D01')).toMatchObject({ value: 0.124, points: 1 });
    expect(await page.locator('[data-testid="self-rating"]').count()).toBe(5);
    expect(await checkPage(page, /^My scorecard for /)).toEqual([]);

    // The method page, from the config that scored.
    await page.getByRole('link', { name: 'Method' }).click();
    await page.getByRole('heading', { level: 1, name: /The scoring method/ }).waitFor();
    expect(await checkPage(page, /^The scoring method/)).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});
