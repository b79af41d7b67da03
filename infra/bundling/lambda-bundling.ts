// How every carescore Lambda is bundled: the one place these options live (the stack and the
// bundle benchmark both get them through CarescoreFunction).
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

const finishBundle = fileURLToPath(new URL('./finish-bundle.ts', import.meta.url));

// ESM output has no `require`, `__filename` or `__dirname`, but CommonJS packages bundled into it
// use them: esbuild's require shim calls `require` for Node built-ins, and parquet-wasm/node reads
// `${__dirname}/parquet_wasm_bg.wasm`, which finish-bundle.ts puts beside index.mjs.
const commonJsGlobals = [
  "import { createRequire as carescoreCreateRequire } from 'node:module';",
  "import { fileURLToPath as carescoreFileURLToPath } from 'node:url';",
  "import { dirname as carescoreDirname } from 'node:path';",
  'const require = carescoreCreateRequire(import.meta.url);',
  'const __filename = carescoreFileURLToPath(import.meta.url);',
  'const __dirname = carescoreDirname(__filename);',
].join(' ');

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export const lambdaBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  // Prefer packages' ES module builds: they tree-shake (the AWS SDK clients most of all).
  mainFields: ['module', 'main'],
  banner: commonJsGlobals,
  // The AWS SDK is bundled (a pinned, tested version rather than whatever the runtime ships).
  // DuckDB is left unresolved only so finish-bundle.ts can name the module that imported it;
  // esbuild's own error about DuckDB's native addon does not say where the import came from.
  externalModules: ['@duckdb/*'],
  minify: true,
  // Function and class names survive minification, so logged errors still say where they came from.
  keepNames: true,
  // No source maps: they add ~0.75 MB to each zip, and --enable-source-maps roughly doubled the
  // cold import of the larger bundles (measured with npm run bench lambdas).
  sourceMap: false,
  metafile: true,
  forceDockerBundling: false,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      `${quote(process.execPath)} --import tsx ${quote(finishBundle)} ${quote(outputDir)}`,
    ],
  },
};
