// The web app as a person meets it (DESIGN §7): a real `carescore serve` over a demo lake, opened in
// headless Debian Chromium, every page checked with axe-core. `npm run build` must have run (bin/
// refuses a stale build, and serve needs web/dist).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addMonths, columnsOf, contracts } from '../../functions/domain/index.ts';

const bin = resolve(import.meta.dirname, '../../bin/carescore.mjs');

/** A demo lake small enough to build in a few seconds, with every page still holding data. */
export function buildDemoLake(lake: string, providers = 12, months = 6): void {
  const child = spawnSync(
    process.execPath,
    [bin, 'demo', '--lake', lake, '--providers', String(providers), '--months', String(months)],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (child.status !== 0)
    throw new Error(`carescore demo failed (${child.status}): ${child.stderr || child.stdout}`);
}

export interface Served {
  url: string;
  stop: () => Promise<void>;
}

/** `carescore serve --lake LAKE --port 0 [args]`, resolved once it prints its address. */
export function serve(lake: string, args: string[] = []): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'serve', '--lake', lake, '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`carescore serve did not start in 30 s: ${out}${err}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`carescore serve exited (${code}): ${out}${err}`));
    });
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /at (http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolveServed({ url: m[1]!, stop });
      }
    });
  });
}

/** The API's answer, asked as the page would (X-Carescore-As). */
export async function api<T>(url: string, path: string, as = 'commissioner'): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { 'X-Carescore-As': as } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A new page that records console errors and warnings, page errors and violations of the server's
 * content-security policy (no inline script or style), each a console error.
 */
export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { page, problems };
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical WCAG 2.2 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe as its script left it on window.
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]).map(
      (v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }),
    );
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${v.targets.join(', ')}`);
}

/**
 * What every page must have, once its data is shown: a <title> naming it, one h1, the landmarks,
 * a skip link to the main content, and no serious or critical axe violation.
 */
export async function checkPage(page: Page, titleLike: RegExp): Promise<string[]> {
  await page.getByTestId('page-title').waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="loading"]').length === 0,
    undefined,
    {
      timeout: 20_000,
    },
  );
  const found: string[] = [];
  const title = await page.title();
  if (!titleLike.test(title)) found.push(`title "${title}" is not like ${titleLike}`);
  if (!title.endsWith(' – carescore')) found.push(`title "${title}" does not name the service`);
  const h1 = await page.locator('h1').allTextContents();
  if (h1.length !== 1) found.push(`${h1.length} h1 elements`);
  for (const landmark of ['header', 'nav', 'main', 'footer'])
    if ((await page.locator(landmark).count()) < 1) found.push(`no <${landmark}>`);
  if ((await page.locator('a.govuk-skip-link[href="#main-content"]').count()) !== 1)
    found.push('no skip link');
  // Reflow (WCAG 1.4.10): nothing wider than the window; wide tables scroll in their own box.
  const [scrollWidth, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  if (scrollWidth > width) found.push(`the page is ${scrollWidth} px wide in a ${width} px window`);
  if ((await page.getByTestId('failure').count()) > 0)
    found.push(`failure shown: ${await page.getByTestId('failure').first().textContent()}`);
  found.push(...(await seriousViolations(page)));
  return found;
}

/** A provider's detail (GET /api/providers/ID), as far as a test sending a return needs it. */
export interface ProviderToSend {
  provider: { branches: { branch_id: string }[] };
  scorecards: { period: string }[];
}

/**
 * The provider's branches, and the month after every scored one: the scorecard for that month is
 * made from the test's return alone.
 */
export function monthToSend(detail: ProviderToSend): { branches: string[]; period: string } {
  return {
    branches: [...new Set(detail.provider.branches.map((b) => b.branch_id))],
    period: addMonths(
      detail.scorecards
        .map((s) => s.period)
        .sort()
        .at(-1)!,
      1,
    ),
  };
}

const returnHeader = columnsOf(contracts['monthly-return']);

/** A monthly return as a provider's spreadsheet would save it (the contract's columns, CRLF lines). */
export function returnCsv(rows: Record<string, string | number>[]): string {
  return `${[returnHeader.join(','), ...rows.map((r) => returnHeader.map((c) => String(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}

/** One branch's row of a monthly return, every KPI within its target, with `over` changed. */
export function returnRow(
  provider: string,
  branch: string,
  period: string,
  over: Record<string, string | number> = {},
): Record<string, string | number> {
  return {
    provider_id: provider,
    branch_id: branch,
    service_code: 'HC',
    period,
    calls_scheduled: 500,
    calls_late_early: 62,
    calls_missed: 0,
    calls_double_handed: 40,
    calls_double_handed_on_time: 40,
    hours_commissioned: '400.00',
    hours_delivered: '398.50',
    hours_invoiced: '398.50',
    people_served: 60,
    people_trusted_team_ok: 55,
    packages_new: 4,
    care_plans_by_second_visit: 4,
    complaints_closed: 2,
    complaints_closed_in_20wd: 2,
    notifications_due: 3,
    notifications_on_time: 3,
    ...over,
  };
}

/** A file dropped on the page's drop zone, as a person dragging it there drops it. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    },
    { name, text },
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}
