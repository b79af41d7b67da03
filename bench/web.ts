// The web app's overview page on the demo lake (80 providers × 12 months), loaded in headless
// Debian Chromium from a real `carescore serve`: from navigation until the matrix, the counts and the
// action list are rendered from the API's answers. Baseline: the same page's rendered HTML, saved
// as a static file with the same stylesheet and served by the same server, loaded to its load event.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { median, table } from './measure.ts';

const runs = 7;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'carescore.mjs');

function run(args: string[]): void {
  const command = args[0]!.endsWith('.ts') ? ['--import', 'tsx', ...args] : args;
  const child = spawnSync(process.execPath, command, { cwd: root, encoding: 'utf8' });
  if (child.status !== 0)
    throw new Error(`${args.join(' ')} failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

function serve(lake: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, 'serve', '--lake', lake, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`carescore serve exited (${code}): ${out}`)));
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /at (http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ url: m[1]!, child });
      }
    });
  });
}

export async function benchWeb(): Promise<string> {
  const lake = mkdtempSync(join(tmpdir(), 'carescore-bench-web-'));
  const staticPage = join(root, 'web', 'dist', 'bench-overview-static.html');
  let server: { url: string; child: ChildProcess } | undefined;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    run(['scripts/build.ts']);
    run([bin, 'demo', '--lake', lake]);
    server = await serve(lake);
    const url = server.url;

    const cold: number[] = [];
    const warm: number[] = [];
    const baseline: number[] = [];
    let html = '';
    for (let k = 0; k <= runs; k++) {
      // Cold: a new browser context (empty cache and storage), as a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      let start = performance.now();
      await page.goto(`${url}/#/overview`);
      await page.locator('[data-testid="action-row"]').first().waitFor();
      await page.getByTestId('rating-counts').waitFor();
      const coldMs = performance.now() - start;
      // Warm: the same page again, its files cached, as a commissioner coming back.
      start = performance.now();
      await page.reload();
      await page.locator('[data-testid="action-row"]').first().waitFor();
      const warmMs = performance.now() - start;
      if (!html) {
        html = await page.evaluate(() => {
          const doc = document.documentElement.cloneNode(true) as HTMLElement;
          for (const s of Array.from(doc.querySelectorAll('script'))) s.remove();
          return `<!doctype html>${doc.outerHTML}`;
        });
        writeFileSync(staticPage, html);
      }
      await context.close();
      const staticContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const staticTab = await staticContext.newPage();
      start = performance.now();
      await staticTab.goto(`${url}/bench-overview-static.html`, { waitUntil: 'load' });
      await staticTab.locator('[data-testid="action-row"]').first().waitFor();
      const baseMs = performance.now() - start;
      await staticContext.close();
      // The first round warms DuckDB and the server: not counted.
      if (k > 0) {
        cold.push(coldMs);
        warm.push(warmMs);
        baseline.push(baseMs);
      }
    }
    const spread = (ms: number[]) =>
      `${median(ms).toFixed(0)} (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`;
    return [
      `Web: the overview page in headless Chromium from carescore serve on the demo lake (80 providers × 12 months), ms from navigation until the matrix, counts and action list are shown, median (min–max) of ${runs} after one warm-up; baseline: the same page's rendered HTML (${Math.round(html.length / 1024)} KB) as a static file with the same stylesheet, from the same server`,
      table(
        ['page', 'ms', 'baseline ms', '× median'],
        [
          [
            'overview, first visit (empty cache)',
            spread(cold),
            spread(baseline),
            (median(cold) / median(baseline)).toFixed(2),
          ],
          [
            'overview, again (files cached)',
            spread(warm),
            spread(baseline),
            (median(warm) / median(baseline)).toFixed(2),
          ],
        ],
      ),
      'Target: under 1 s for the page.',
    ].join('\n');
  } finally {
    await browser.close();
    if (server && server.child.exitCode === null) {
      const exited = new Promise((done) => server!.child.once('exit', done));
      server.child.kill('SIGTERM');
      await exited;
    }
    rmSync(staticPage, { force: true });
    rmSync(lake, { recursive: true, force: true });
  }
}
