// Runs after esbuild in every Lambda's bundling (lambda-bundling.ts): refuses a bundle that pulls
// in DuckDB, copies parquet-wasm's .wasm beside index.mjs when the bundle loads it, and removes the
// metafile so it does not ship. Usage: finish-bundle.ts <bundle output dir>
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assertNoForbiddenImports, type BundleMetafile, needsParquetWasm } from './bundle-check.ts';

const outputDir = process.argv[2];
if (!outputDir) throw new Error('Usage: finish-bundle.ts <bundle output dir>');
const metafilePath = join(outputDir, 'index.meta.json');
const metafile = JSON.parse(readFileSync(metafilePath, 'utf8')) as BundleMetafile;
try {
  assertNoForbiddenImports(metafile);
} catch (error) {
  // Bundling shows this process's output, not the thrown error, so say it here.
  process.stderr.write(`\n${(error as Error).message}\n\n`);
  process.exit(1);
}
if (needsParquetWasm(metafile)) {
  const wasm = createRequire(import.meta.url).resolve('parquet-wasm/node/parquet_wasm_bg.wasm');
  copyFileSync(wasm, join(outputDir, 'parquet_wasm_bg.wasm'));
}
rmSync(metafilePath);
