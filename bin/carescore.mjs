#!/usr/bin/env node
// Runs the CLI's JavaScript build, dist/cli (npm run build; npm ci and npm test build it). A build
// that is missing, or older than any file it was built from, is refused rather than run, so an
// edit is never silently ignored: build again after changing functions/ or config/.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Why the build cannot be run, or undefined when it is there and up to date (~1 ms). */
function buildProblem() {
  let build;
  try {
    build = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'build.json'), 'utf8'));
  } catch {
    return 'the CLI is not built.';
  }
  for (const input of build.inputs) {
    const stat = statSync(join(root, input), { throwIfNoEntry: false });
    if (!stat) return `the CLI's build is stale: ${input} is gone.`;
    if (stat.mtimeMs > build.startedAt) return `the CLI's build is older than ${input}.`;
  }
  return undefined;
}

const problem = buildProblem();
if (problem) {
  process.stderr.write(
    `carescore: ${problem} Run npm run build in ${root} (npm ci and npm test build it too).\n`,
  );
  process.exit(1);
}
// Stack traces (printed only with --debug) then name the TypeScript files and lines.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
