// The domain runs unchanged in a browser: functions/domain/index.ts bundled for the browser by
// esbuild takes in no Node built-in, and the bundle, loaded in headless Debian Chromium, validates
// a monthly return (CSV and XLSX) as ingest does in Node.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { type BuildFailure, type BuildResult, build, type Metafile } from 'esbuild';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMonths,
  bytesSource,
  columnsOf,
  contracts,
  providerDirectory,
  validateFile,
} from '../../functions/domain/index.ts';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';

const domainEntry = resolve(import.meta.dirname, '../../functions/domain/index.ts');

interface Bundle {
  errors: string[];
  metafile: Metafile | undefined;
  code: string;
}

/** Bundles for the browser as a web app would; errors are returned, not thrown. */
async function bundle(entry: { file: string } | { source: string }): Promise<Bundle> {
  let result: BuildResult<{ write: false; metafile: true }>;
  try {
    result = await build({
      ...('file' in entry
        ? { entryPoints: [entry.file] }
        : { stdin: { contents: entry.source, resolveDir: resolve(import.meta.dirname), loader: 'ts' } }),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (e) {
    return { errors: (e as BuildFailure).errors.map((m) => m.text), metafile: undefined, code: '' };
  }
  return {
    errors: result.errors.map((m) => m.text),
    metafile: result.metafile,
    code: result.outputFiles[0]!.text,
  };
}

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!);
}

/**
 * Node built-ins the bundle took in: as inputs, as imports however they resolved (esbuild resolves
 * a bare 'buffer' or 'events' to an npm look-alike when one is installed), or left external.
 */
function nodeBuiltinsIn(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (isNodeBuiltin(path)) found.add(path);
    for (const imported of input.imports) {
      const specifier = imported.original ?? imported.path;
      if (isNodeBuiltin(specifier) || isNodeBuiltin(imported.path)) found.add(specifier);
    }
  }
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (isNodeBuiltin(imported.path)) found.add(imported.path);
  }
  return [...found].sort();
}

let domain: Bundle;
beforeAll(async () => {
  domain = await bundle({ file: domainEntry });
}, 60_000);

describe('the domain bundled for the browser', () => {
  it('builds with no errors and takes in no Node built-in, nor AWS or DuckDB', () => {
    expect(domain.errors).toEqual([]);
    const inputs = Object.keys(domain.metafile!.inputs);
    expect(inputs).toContain('functions/domain/index.ts');
    expect(nodeBuiltinsIn(domain.metafile!)).toEqual([]);
    expect(inputs.filter((p) => /@aws-sdk|duckdb|parquet-wasm/.test(p))).toEqual([]);
    // Only the domain, zod, Temporal (London time) and Arquero (KPI formulas; it brings its Arrow
    // library flechette and its parser acorn): no other layer of the project.
    expect(
      inputs.filter(
        (p) =>
          !p.startsWith('functions/domain/') &&
          !p.startsWith('config/') &&
          !/\/(zod|temporal-polyfill|temporal-utils|arquero|@uwdata\/flechette|acorn)\//.test(p),
      ),
    ).toEqual([]);
  });

  it('would be caught taking one in (the check itself works)', async () => {
    const zlib = await bundle({
      source: "import { inflateRawSync } from 'node:zlib'; export const f = inflateRawSync;",
    });
    expect(zlib.errors).toEqual([expect.stringContaining('node:zlib')]);
    const fs = await bundle({ source: "import { readFileSync } from 'fs'; export const f = readFileSync;" });
    expect(fs.errors).toEqual([expect.stringContaining('fs')]);
    // A bare built-in that an installed npm look-alike answers builds, and is still caught.
    const buffer = await bundle({ source: "import { Buffer } from 'buffer'; export const b = Buffer;" });
    expect(buffer.errors.length > 0 ? buffer.errors : nodeBuiltinsIn(buffer.metafile!)).toEqual([
      expect.stringContaining('buffer'),
    ]);
  });
});

const header = columnsOf(contracts['monthly-return']);
/** A real row shape (test/fixtures/golden/inputs/returns/P001-2025-01.csv), then the same with calls_missed "lots". */
const goodRow = 'P001,L-A1,HC,2025-01,3000,30,1,150,149,600.00,594.25,594.25,120,110,6,6,1,0,3,3'.split(',');
const badRow = 'P001,L-A1,SIS,2025-01,1000,10,lots,50,50,400.00,395.75,395.00,80,72,4,4,19,19,2,2'.split(',');
const csvText = `${[header, goodRow, badRow].map((r) => r.join(',')).join('\r\n')}\r\n`;

/** A row's cells as Excel keeps them: numbers as numbers ("lots" stays text). */
const cellsOf = (row: readonly string[]): (string | number)[] =>
  row.map((v, k) => (k >= 4 && /^[\d.]+$/.test(v) ? Number(v) : v));

async function xlsxBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('monthly-return');
  ws.addRow(header);
  ws.addRow(cellsOf(goodRow));
  ws.addRow(cellsOf(badRow));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const receivedAt = '2025-02-03T10:00:00.000Z';

/** What a browser validator shows: counts, problems, the quarantined CSV. */
interface Shown {
  format: string | null;
  encoding: string | null;
  accepted: number;
  rejected: number;
  fileError: unknown;
  problems: unknown[];
  quarantine: string;
}

/** The same validation in Node, unbundled: what the browser must show too. */
async function inNode(name: string, bytes: Uint8Array): Promise<Shown> {
  const result = await validateFile(
    contracts['monthly-return'],
    { source: bytesSource(name, bytes), submitter: 'P001', receivedAt: new Date(receivedAt) },
    providerDirectory(['P001'], ['L-A1']),
  );
  const outcome = result.validator?.outcome;
  let quarantine = '';
  const decoder = new TextDecoder();
  if (outcome) for await (const chunk of outcome.rejected.csv()) quarantine += decoder.decode(chunk);
  return {
    format: result.reader?.format ?? null,
    encoding: result.reader?.encoding ?? null,
    accepted: outcome?.accepted.length ?? 0,
    rejected: outcome?.rejected.length ?? 0,
    fileError: result.fileError,
    problems: result.problems,
    quarantine,
  };
}

const origin = 'http://carescore.test';

describe.skipIf(skipWithoutChromium)('the domain in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (domain.errors.length > 0) throw new Error(`The domain did not bundle: ${domain.errors.join('; ')}`);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The page and the bundle are served from memory: nothing goes to the network.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${origin}/`) {
        // The page imports the bundle as a web app would, and leaves it on window for the tests.
        return route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>carescore</title><script type="module">import * as domain from '/domain.js'; window.domain = domain;</script>`,
        });
      }
      if (url === `${origin}/domain.js`) {
        return route.fulfill({ contentType: 'text/javascript', body: domain.code });
      }
      problems.push(`request: ${url}`);
      return route.abort();
    });
    await page.goto(`${origin}/`);
    await page
      .waitForFunction(() => 'domain' in window, undefined, { timeout: 20_000 })
      .catch((e) => {
        throw new Error(`The bundle did not load in the page: ${[...problems, String(e)].join('; ')}`);
      });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Validates the file in the page with the bundled domain. */
  function inBrowser(name: string, bytes: Uint8Array): Promise<Shown & { node: boolean }> {
    return page.evaluate(
      async ({ name, bytes, receivedAt }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's exports, as the page's module left them.
        const d = (window as any).domain;
        const result = await d.validateFile(
          d.contracts['monthly-return'],
          {
            source: d.bytesSource(name, new Uint8Array(bytes)),
            submitter: 'P001',
            receivedAt: new Date(receivedAt),
          },
          d.providerDirectory(['P001'], ['L-A1']),
        );
        const outcome = result.validator?.outcome;
        let quarantine = '';
        const decoder = new TextDecoder();
        if (outcome) for await (const chunk of outcome.rejected.csv()) quarantine += decoder.decode(chunk);
        return {
          format: result.reader?.format ?? null,
          encoding: result.reader?.encoding ?? null,
          accepted: outcome?.accepted.length ?? 0,
          rejected: outcome?.rejected.length ?? 0,
          fileError: result.fileError,
          problems: result.problems,
          quarantine,
          // A real browser: none of Node's globals.
          node: 'process' in globalThis || 'Buffer' in globalThis,
        };
      },
      { name, bytes: [...bytes], receivedAt },
    );
  }

  const expectedProblem = {
    severity: 'error',
    row: 3,
    column: 'calls_missed',
    value: 'lots',
    message: expect.stringContaining('calls_missed must be a whole number'),
  };

  it('validates a CSV monthly return: one row accepted, one rejected naming its row, column and value', async () => {
    const bytes = new TextEncoder().encode(csvText);
    const shown = await inBrowser('P001-2025-01.csv', bytes);
    expect(shown).toMatchObject({
      node: false,
      format: 'csv',
      encoding: 'utf-8',
      accepted: 1,
      rejected: 1,
      fileError: null,
      problems: [expectedProblem],
    });
    // The quarantine CSV: the header, then the rejected row with its reasons and its cells as sent.
    const lines = shown.quarantine.split('\r\n');
    expect(lines[0]).toBe(`row_number,reasons,${header.join(',')}`);
    expect(lines[1]).toMatch(
      /^3,"calls_missed must be a whole number[^"]*",P001,L-A1,SIS,2025-01,1000,10,lots,50,/,
    );
    expect(lines.slice(2)).toEqual(['']);
    const { node: _, ...same } = shown;
    expect(same).toEqual(await inNode('P001-2025-01.csv', bytes));
    expect(problems).toEqual([]);
  });

  it('validates the same return as an XLSX workbook, inflated by the browser', async () => {
    const bytes = await xlsxBytes();
    const shown = await inBrowser('P001-2025-01.xlsx', bytes);
    expect(shown).toMatchObject({
      node: false,
      format: 'xlsx',
      accepted: 1,
      rejected: 1,
      fileError: null,
      problems: [expectedProblem],
    });
    const { node: _, ...same } = shown;
    expect(same).toEqual(await inNode('P001-2025-01.xlsx', bytes));
    expect(problems).toEqual([]);
  });

  it('reads a workbook whose sheet is inflated in many pieces, as Node does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('monthly-return');
    ws.addRow(header);
    const services = ['HC', 'SIS', 'SISP', 'ECS', 'D2A'];
    for (let k = 0; k < 3000; k++) {
      const row = cellsOf(goodRow);
      row[2] = services[k % 5]!;
      row[3] = addMonths('2024-12', -Math.floor(k / 5));
      ws.addRow(row);
    }
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const shown = await inBrowser('many.xlsx', bytes);
    expect(shown).toMatchObject({
      node: false,
      format: 'xlsx',
      accepted: 3000,
      rejected: 0,
      fileError: null,
    });
    const { node: _, ...same } = shown;
    expect(same).toEqual(await inNode('many.xlsx', bytes));
    expect(problems).toEqual([]);
  });

  it('rejects a workbook whose sheet unzips to more than its directory claims, in the browser too', async () => {
    // The sheet's uncompressed size in the central directory made smaller than it is.
    const bytes = (await xlsxBytes()).slice();
    const view = new DataView(bytes.buffer);
    const name = new TextEncoder().encode('xl/worksheets/sheet1.xml');
    let forged = 0;
    for (let p = 0; p + 46 < bytes.length; p++) {
      if (view.getUint32(p, true) !== 0x02014b50 || view.getUint16(p + 28, true) !== name.length) continue;
      if (bytes.subarray(p + 46, p + 46 + name.length).every((b, k) => b === name[k])) {
        view.setUint32(p + 24, 100, true);
        forged++;
      }
    }
    expect(forged).toBe(1);
    const shown = await inBrowser('liar.xlsx', bytes);
    expect(shown.fileError).toEqual({
      code: 'MALFORMED',
      message: expect.stringContaining('it unzips to more than its zip directory says'),
    });
    const { node: _, ...same } = shown;
    expect(same).toEqual(await inNode('liar.xlsx', bytes));
    expect(problems).toEqual([]);
  });
});
