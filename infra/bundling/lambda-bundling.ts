// How every carescore Lambda is bundled: the one place these options live (the stack and the
// bundle benchmark both get them through CarescoreFunction). esbuild runs in this process, not
// through NodejsFunction's command line, because code splitting needs an output directory, which
// NodejsFunction cannot ask for.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { parquetWasmFile } from '../../functions/lake/parquet-wasm-file.ts';
import { assertNoForbiddenImports, needsParquetWasm } from './bundle-check.ts';

// ESM output has no `require`, `__filename` or `__dirname`, but CommonJS packages bundled into it
// use them: esbuild's require shim calls `require` for Node built-ins. Each chunk gets this banner.
const commonJsGlobals = [
  "import { createRequire as carescoreCreateRequire } from 'node:module';",
  "import { fileURLToPath as carescoreFileURLToPath } from 'node:url';",
  "import { dirname as carescoreDirname } from 'node:path';",
  'const require = carescoreCreateRequire(import.meta.url);',
  'const __filename = carescoreFileURLToPath(import.meta.url);',
  'const __dirname = carescoreDirname(__filename);',
].join(' ');

/**
 * Bundles one handler module into `outputDir`: index.mjs exporting `handler`, the chunks it
 * imports lazily, and parquet-wasm's .wasm when a chunk loads it. Throws ForbiddenImportError
 * if the handler reaches DuckDB.
 */
export function bundleLambda(entry: string, outputDir: string): void {
  const result = buildSync({
    entryPoints: { index: entry },
    outdir: outputDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Dynamic imports become chunks loaded on first use, so an init parses only what every
    // invocation needs: the AWS SDK's credential providers other than the Lambda's own
    // environment variables, for one, are never loaded in Lambda.
    splitting: true,
    // Prefer packages' ES module builds: they tree-shake (the AWS SDK clients most of all).
    mainFields: ['module', 'main'],
    banner: { js: commonJsGlobals },
    // The AWS SDK is bundled (a pinned, tested version rather than whatever the runtime ships).
    // DuckDB is left unresolved only so the check below can name the module that imported it;
    // esbuild's own error about DuckDB's native addon does not say where the import came from.
    external: ['@duckdb/*'],
    minify: true,
    // Function and class names survive minification, so logged errors still say where they came from.
    keepNames: true,
    // No source maps: they add ~0.75 MB to each zip, and --enable-source-maps roughly doubled the
    // cold import of the larger bundles (measured with npm run bench lambdas).
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  assertNoForbiddenImports(result.metafile);
  if (needsParquetWasm(result.metafile)) {
    const wasm = createRequire(import.meta.url).resolve(`parquet-wasm/esm/${parquetWasmFile}`);
    copyFileSync(wasm, join(outputDir, parquetWasmFile));
  }
}

/**
 * A Lambda's code: the bundle of `entry`, built locally when the asset is staged. The asset's
 * hash is the bundle's, so a change that does not change the bundle does not redeploy.
 */
export function lambdaCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds or throws. CDK requires an image regardless.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: {
        tryBundle(outputDir) {
          bundleLambda(entry, outputDir);
          return true;
        },
      },
    },
  });
}
