// The Lambda bundles as the stack builds them: each loads in a fresh Node process (so the ESM
// banner, the chunks and parquet-wasm's .wasm work), none carries DuckDB, and bundling refuses a
// handler that imports it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import {
  assertNoForbiddenImports,
  ForbiddenImportError,
  needsParquetWasm,
} from '../../infra/bundling/bundle-check.ts';
import { createCarescoreApp } from '../../infra/carescore-app.ts';
import { CarescoreFunction } from '../../infra/constructs/carescore-function.ts';

const outdir = mkdtempSync(join(tmpdir(), 'carescore-bundles-'));
let bundles: { path: string; dir: string }[] = [];

beforeAll(() => {
  // Constructing the stack bundles every function; synthesis adds nothing to the assets.
  const { app, stack } = createCarescoreApp({ outdir });
  bundles = stack.node
    .findAll()
    .filter((c) => c instanceof CarescoreFunction)
    .map((fn) => ({
      path: fn.node.path,
      dir: join(app.outdir, (fn.node.findChild('Code') as Asset).assetPath),
    }));
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Every JavaScript file of a bundle: index.mjs and its chunks. */
function bundleCode(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

const placeholderEnv = Object.fromEntries(
  Object.values(lambdaEnvironment).map((name) => [name, 'placeholder']),
);

describe('Lambda bundles', () => {
  it('are one per handler: ESM index.mjs and its chunks, with no source map or esbuild metafile', () => {
    expect(bundles.map((b) => b.path.split('/').pop()).sort()).toEqual(
      ['Alerts', 'CreateViews', 'Ingest', 'Score', 'Upload', 'WebApi'].sort(),
    );
    for (const { path, dir } of bundles) {
      const files = readdirSync(dir);
      expect(files, path).toContain('index.mjs');
      expect(
        files.filter((f) => f !== 'parquet_wasm_bg.wasm' && !f.endsWith('.mjs')),
        path,
      ).toEqual([]);
    }
  });

  it('carry parquet-wasm’s .wasm wherever they load parquet-wasm (every stage that reads or writes Parquet)', () => {
    for (const { path, dir } of bundles) {
      const loadsWasm = bundleCode(dir).includes('parquet_wasm_bg.wasm');
      expect(existsSync(join(dir, 'parquet_wasm_bg.wasm')), path).toBe(loadsWasm);
    }
    const withWasm = bundles.filter(({ dir }) => existsSync(join(dir, 'parquet_wasm_bg.wasm')));
    // The web API loads it only for an alert action (a lazy chunk).
    expect(withWasm.map((b) => b.path.split('/').pop()).sort()).toEqual([
      'Alerts',
      'Ingest',
      'Score',
      'WebApi',
    ]);
  });

  it("keep the Parquet codec and the workbook library out of the web API's cold start (lazy chunks only)", () => {
    const { dir } = bundles.find((b) => b.path.endsWith('/WebApi'))!;
    // index.mjs and the chunks it imports statically: what an init loads.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const code = readFileSync(join(dir, file), 'utf8');
      for (const [, chunk] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.mjs)"/g)) visit(chunk!);
    };
    visit('index.mjs');
    const initCode = [...loaded].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(initCode).not.toContain('parquet_wasm_bg.wasm');
    // …while a lazy chunk has it, for the alert actions; exceljs would take the zip past 2 MB.
    expect(bundleCode(dir)).toContain('parquet_wasm_bg.wasm');
    expect(bundleCode(dir)).not.toMatch(/ExcelJS|exceljs/);
  });

  it('load in a fresh Node process and export a handler', () => {
    for (const { path, dir } of bundles) {
      const url = pathToFileURL(join(dir, 'index.mjs')).href;
      const child = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.handler);`,
        ],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            ...placeholderEnv,
            AWS_REGION: 'eu-west-2',
          },
        },
      );
      expect(
        child.stderr.split('\n').filter((l) => /Error/.test(l)),
        path,
      ).toEqual([]);
      expect(child.stdout, path).toBe('function');
    }
  });

  it('never contain DuckDB', () => {
    for (const { path, dir } of bundles) expect(bundleCode(dir), path).not.toMatch(/@duckdb\//);
  });
});

describe('the bundle check', () => {
  it('stops bundling a handler that imports DuckDB', () => {
    const stack = new Stack(new App({ outdir: mkdtempSync(join(outdir, 'duckdb-')) }), 'Guard');
    expect(
      () =>
        new CarescoreFunction(stack, 'Duck', {
          entry: fileURLToPath(new URL('./fixtures/imports-duckdb.ts', import.meta.url)),
          description: 'imports DuckDB',
          timeout: Duration.seconds(3),
        }),
    ).toThrow(/ForbiddenImportError: .*imports-duckdb\.ts imports @duckdb\/node-api/);
  });

  it('names the module that imported the forbidden package', () => {
    const metafile = {
      inputs: {
        'functions/views/handler.ts': { imports: [{ path: 'functions/adapters/duckdb-query-engine.ts' }] },
        'functions/adapters/duckdb-query-engine.ts': {
          imports: [{ path: '@duckdb/node-api', external: true }],
        },
      },
    };
    expect(() => assertNoForbiddenImports(metafile)).toThrow(ForbiddenImportError);
    expect(() => assertNoForbiddenImports(metafile)).toThrow(
      'functions/adapters/duckdb-query-engine.ts imports @duckdb/node-api',
    );
    expect(() =>
      assertNoForbiddenImports({ inputs: { 'a.ts': { imports: [{ path: 'zod' }] } } }),
    ).not.toThrow();
  });

  it('asks for the .wasm only when parquet-wasm is in the bundle', () => {
    expect(
      needsParquetWasm({ inputs: { 'node_modules/parquet-wasm/esm/parquet_wasm.js': { imports: [] } } }),
    ).toBe(true);
    expect(needsParquetWasm({ inputs: { 'functions/upload/handler.ts': { imports: [] } } })).toBe(false);
  });
});
