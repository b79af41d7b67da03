// bin/carescore.mjs as a user runs it: a separate process running the build in dist/cli (npm test
// builds it first), from a directory other than the repository's.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'carescore-bin-'));

function carescore(args: string[], script = bin) {
  const child = spawnSync(process.execPath, [script, ...args], { cwd: tempDir(), encoding: 'utf8' });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

describe('bin/carescore.mjs', () => {
  it('runs the build: usage, exit codes and --debug as from source', () => {
    const help = carescore(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^carescore: scorecards and risk/);
    expect(help.out).toContain('[--max-file-mb N]');
    expect(carescore([]).code).toBe(2);
    expect(carescore(['frobnicate'])).toMatchObject({
      code: 2,
      err: 'carescore: unknown command "frobnicate". Run carescore --help for the list.\n',
    });
    const debug = carescore(['template', '--type', 'nonsense', '--debug']);
    expect(debug.code).toBe(2);
    // Source maps are on under --debug, so the stack names the TypeScript.
    expect(debug.err).toMatch(/functions[\\/]cli[\\/]commands[\\/]template\.ts:\d+/);
  });

  it('finds the views from the build, whatever the current directory', () => {
    // A lake with nothing scored yet: only its ledger folder.
    const lake = tempDir();
    mkdirSync(join(lake, 'ledger'));
    const result = carescore(['query', 'SELECT count(*) AS n FROM v_scorecard_latest', '--lake', lake]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n')[0]?.trim()).toBe('n');
  });

  it('exits quietly when its reader stops reading (carescore query … | head)', async () => {
    const lake = tempDir();
    mkdirSync(join(lake, 'ledger'));
    for (const args of [
      ['query', 'SELECT range AS n FROM range(200000)', '--lake', lake],
      ['query', 'SELECT range AS n FROM range(200000)', '--format', 'csv', '--lake', lake],
    ]) {
      // Like head -1: the reader takes the first chunk and closes the pipe.
      const child = spawn(process.execPath, [bin, ...args], { cwd: tempDir() });
      let err = '';
      child.stderr.on('data', (chunk) => {
        err += chunk;
      });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((done) => child.on('close', done));
      expect({ code, err }, args.join(' ')).toEqual({ code: 0, err: '' });
    }
  });

  it('refuses a missing or stale build, saying how to build', () => {
    const root = tempDir();
    mkdirSync(join(root, 'bin'));
    copyFileSync(bin, join(root, 'bin', 'carescore.mjs'));
    const copy = join(root, 'bin', 'carescore.mjs');
    expect(carescore(['--help'], copy)).toMatchObject({
      code: 1,
      out: '',
      err: `carescore: the CLI is not built. Run npm run build in ${root} (npm ci and npm test build it too).\n`,
    });
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'source.ts'), '');
    const built = { startedAt: Date.now() - 60_000, inputs: ['source.ts'] };
    writeFileSync(join(root, 'dist', 'cli', 'build.json'), JSON.stringify(built));
    expect(carescore(['--help'], copy)).toMatchObject({ code: 1, out: '' });
    expect(carescore(['--help'], copy).err).toMatch(
      /^carescore: the CLI's build is older than source\.ts\. Run npm run build/,
    );
    writeFileSync(join(root, 'dist', 'cli', 'build.json'), JSON.stringify({ ...built, inputs: ['gone.ts'] }));
    expect(carescore(['--help'], copy).err).toMatch(
      /^carescore: the CLI's build is stale: gone\.ts is gone\./,
    );
  });
});
