// npm run build (npm ci runs it as `prepare`, npm test before the tests): the CLI compiled to
// JavaScript in dist/cli, which bin/carescore.mjs runs, and the web app built by Vite into web/dist,
// which `carescore serve` serves. One bundle whose commands are chunks loaded
// when they run; packages stay in node_modules. A failed build exits 1, so npm ci and npm test fail,
// and leaves no dist/cli behind. dist/cli/build.json lists the files it was built from and when,
// so bin/ can refuse a stale build.
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'cli');

function build() {
  try {
    return buildSync({
      absWorkingDir: root,
      entryPoints: ['functions/cli/main.ts'],
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      // Read only under --debug (bin/ then enables source maps), so stack traces name the .ts files.
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
    });
  } catch {
    // esbuild has printed the errors, with where they are.
    process.exit(1);
  }
}

// Taken before any source is read, so a file saved during the build counts as newer than it.
const startedAt = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = build();
const inputs = [...Object.keys(result.metafile.inputs), relative(root, fileURLToPath(import.meta.url))];
writeFileSync(join(outdir, 'build.json'), `${JSON.stringify({ startedAt, inputs }, null, 2)}\n`);

// The web app (web/vite.config.ts): a failed build exits 1 too, with Vite's message.
try {
  await viteBuild({ configFile: join(root, 'web', 'vite.config.ts') });
} catch (e) {
  console.error(`The web app did not build (web/): ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
