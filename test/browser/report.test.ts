// DESIGN §7: the commissioners' report opened in headless Debian Chromium, under its own CSP,
// checked for what a reader sees, and screenshotted for a human to look at.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionerReportHtml } from '../../functions/pipeline/report/commissioner-report.ts';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';
import { emptyData, longHistoryData, sampleData } from '../pipeline/report/commissioner-data.ts';

const outDir = resolve(import.meta.dirname, '../../test-output');

describe.skipIf(skipWithoutChromium)('commissioners report in Chromium', () => {
  let browser: Browser | undefined;
  let dir = '';

  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'carescore-report-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string, viewport = { width: 1280, height: 900 }) {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser!.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems };
  }

  it('renders the matrix, the action list and the charts with no console errors, and screenshots', async () => {
    const { page, problems } = await open('report.html', commissionerReportHtml(sampleData()));

    const matrix = page.getByTestId('risk-matrix');
    await expect(matrix.isVisible()).resolves.toBe(true);
    const box = await matrix.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(200);
    const cells = page.getByTestId('matrix-cell');
    expect(await cells.count()).toBe(25);
    for (const cell of await cells.all()) {
      const b = await cell.boundingBox();
      expect(b?.width).toBeGreaterThan(20);
      expect(b?.height).toBeGreaterThan(20);
    }
    await expect(
      page
        .locator('[data-testid="matrix-cell"][data-likelihood="5"][data-impact="4"]')
        .getAttribute('data-count'),
    ).resolves.toBe('1');

    const rows = page.getByTestId('action-row');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-provider-id')))).toEqual([
      'P001',
      'P002',
      'P003',
      'P006',
    ]);
    // The hostile provider name is shown as text, never run or parsed as markup.
    await expect(rows.nth(1).locator('b').first().textContent()).resolves.toBe(
      'Beta <script>alert(1)</script> "Homecare"',
    );
    expect(await page.locator('script').count()).toBe(0);

    // Each sparkline's scale (4, the dashed line's value, 1) is drawn inside it, top to bottom, apart.
    for (const spark of await page.getByTestId('provider-trend').all()) {
      const { svg, labels } = await spark.evaluate((el) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        return {
          svg: box(el),
          labels: Array.from(el.querySelectorAll('text')).map((t) => ({ text: t.textContent, ...box(t) })),
        };
      });
      expect(labels.map((l) => l.text)).toEqual(['4', '1', '2.5']);
      for (const l of labels) {
        expect(l.left).toBeGreaterThanOrEqual(svg.left);
        expect(l.top).toBeGreaterThanOrEqual(svg.top);
        expect(l.bottom).toBeLessThanOrEqual(svg.bottom);
        expect(l.right - l.left).toBeGreaterThan(2);
      }
      const [four, one, mid] = labels;
      expect(four!.bottom).toBeLessThanOrEqual(mid!.top);
      expect(mid!.bottom).toBeLessThanOrEqual(one!.top);
    }

    for (const chart of await page.getByTestId('trend-chart').all()) {
      const b = await chart.boundingBox();
      expect(b?.width).toBeGreaterThan(100);
    }
    await expect(page.getByTestId('cluster-table').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('maturity-key').isVisible()).resolves.toBe(true);

    mkdirSync(outDir, { recursive: true });
    const png = join(outDir, 'report.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(statSync(png).size).toBeGreaterThan(10 * 1024);
    // Print preview too: council staff print it.
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(outDir, 'report-print.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders the empty-state page', async () => {
    const { page, problems } = await open('empty.html', commissionerReportHtml(emptyData()));
    await expect(page.getByTestId('empty-state').isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('matrix-cell').count()).toBe(25);
    expect(await page.getByTestId('action-row').count()).toBe(0);
    await expect(page.getByTestId('action-empty').isVisible()).resolves.toBe(true);
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'report-empty.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const months of [12, 24])
    it(`draws ${months} months of trends with no two x-axis labels overlapping`, async () => {
      const { page, problems } = await open(
        `trend-${months}.html`,
        commissionerReportHtml(longHistoryData(months)),
      );
      const charts = await page.getByTestId('trend-chart').all();
      expect(charts).toHaveLength(2);
      for (const chart of charts) {
        // Every month label on the axis, as the browser laid it out.
        const boxes = await chart.evaluate((svg) =>
          Array.from(svg.querySelectorAll('text'))
            .filter((t) => /^[A-Z][a-z]{2} \d{2}$/.test(t.textContent ?? ''))
            .map((t) => {
              const r = t.getBoundingClientRect();
              return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
            }),
        );
        expect(boxes.length).toBeGreaterThanOrEqual(3);
        expect(boxes.at(-1)?.text).toBe('Mar 25');
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            expect(overlap, `${a.text} and ${b.text} overlap`).toBe(false);
          }
      }
      mkdirSync(outDir, { recursive: true });
      await page
        .getByTestId('trend-chart')
        .first()
        .locator('xpath=ancestor::section')
        .screenshot({
          path: join(outDir, `report-trends-${months}.png`),
        });
      expect(problems).toEqual([]);
      await page.close();
    });

  it('fits the action table, and the whole page, in a 1,024-px-wide window', async () => {
    const d = sampleData();
    // A long unbroken provider name must wrap, not push the table out.
    d.register[0] = { ...d.register[0]!, provider_name: 'AlphaCareAndSupportServicesNorthshireLimited' };
    const { page, problems } = await open('narrow.html', commissionerReportHtml(d), {
      width: 1024,
      height: 768,
    });
    const fit = await page.evaluate(() => {
      const table = document.querySelector('[data-testid="action-list"]')!.getBoundingClientRect();
      return {
        tableLeft: table.left,
        tableRight: table.right,
        viewport: document.documentElement.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    expect(fit.tableLeft).toBeGreaterThanOrEqual(0);
    expect(fit.tableRight).toBeLessThanOrEqual(fit.viewport);
    expect(fit.pageWidth).toBeLessThanOrEqual(fit.viewport);
    expect(await page.getByTestId('action-row').count()).toBe(4);
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'report-1024.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
