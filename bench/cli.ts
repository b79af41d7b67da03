// The CLI's start-up: `carescore --help` and a query of a view on the demo lake, each timed as a
// whole process (what a user waits for) beside a baseline process timed in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, table } from './measure.ts';

const runs = 9;
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'carescore.mjs');
const query = 'SELECT * FROM v_scorecard_latest';
// The floor under any query through DuckDB from Node: start Node, load the library, run one query.
const duckdbBaseline = [
  "import { DuckDBInstance } from '@duckdb/node-api';",
  "const connection = await (await DuckDBInstance.create(':memory:')).connect();",
  "await connection.runAndReadAll('SELECT 1');",
].join(' ');

export async function benchCli(): Promise<string> {
  // The figures are of the sources as they are now: build them first (bin/ refuses a stale build).
  run([process.execPath, '--import', 'tsx', join(root, 'scripts', 'build.ts')]);
  const lake = mkdtempSync(join(tmpdir(), 'carescore-bench-cli-'));
  try {
    run([process.execPath, bin, 'demo', '--lake', lake]);
    const pairs: { what: string; carescore: string[]; baseline: string[]; baselineName: string }[] = [
      {
        what: 'carescore --help',
        carescore: [process.execPath, bin, '--help'],
        baseline: [process.execPath, '-e', '0'],
        baselineName: 'node -e 0',
      },
      {
        what: `carescore query "${query}" (demo lake)`,
        carescore: [process.execPath, bin, 'query', query, '--lake', lake],
        baseline: [process.execPath, '--input-type=module', '-e', duckdbBaseline],
        baselineName: 'node: load @duckdb/node-api, SELECT 1 in memory',
      },
    ];
    const rows = pairs.map(({ what, carescore, baseline, baselineName }) => {
      // The two sides in turn, so a busy moment on the machine falls on both.
      const ours: number[] = [];
      const base: number[] = [];
      for (let k = 0; k < runs; k++) {
        ours.push(run(carescore));
        base.push(run(baseline));
      }
      return [what, spread(ours), baselineName, spread(base), (median(ours) / median(base)).toFixed(2)];
    });
    return [
      `CLI: wall time of the whole process in ms, median (min–max) of ${runs}, the two sides taken in turn (Node ${process.versions.node})`,
      table(['command', 'carescore ms', 'baseline', 'baseline ms', '× median'], rows),
      'Targets: --help under 200 ms, the query under 1 s.',
    ].join('\n');
  } finally {
    rmSync(lake, { recursive: true, force: true });
  }
}

/** Runs a command to its end from the repository's root; its wall time in ms. Throws if it fails. */
function run([command, ...args]: string[]): number {
  const start = performance.now();
  const child = spawnSync(command!, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (child.status !== 0) {
    throw new Error(`${args.join(' ')} failed: ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return ms;
}

function spread(ms: number[]): string {
  return `${median(ms).toFixed(0)} (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`;
}
