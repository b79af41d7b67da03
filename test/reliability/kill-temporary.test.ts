// kill -9 in the middle of a write, with the real CLI as a separate process: the half-written file
// is in the lake's tmp/ folder, never beside a real key; `audit` names it; and a later writing
// command removes it once it is an hour old (the rerun completes the ingest).
import { spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));

function carescore(args: string[]) {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** Runs `ingest file`, killing it with SIGKILL as soon as a file appears in the lake's tmp/. */
function ingestKilledMidWrite(lake: string, file: string): Promise<void> {
  return new Promise((done, fail) => {
    const watcher = watch(join(lake, 'tmp'));
    const child = spawn(process.execPath, [bin, 'ingest', file, '--lake', lake, ...provider], {
      stdio: 'ignore',
    });
    watcher.on('change', () => child.kill('SIGKILL'));
    watcher.on('error', fail);
    child.on('exit', (_code, signal) => {
      watcher.close();
      if (signal === 'SIGKILL') done();
      else fail(new Error(`the ingest ended before a write could be interrupted (${signal})`));
    });
  });
}

const provider = ['--type', 'monthly-return', '--provider', 'P001', '--received-at', '2025-02-10T10:00:00Z'];

describe('kill -9 during a write', () => {
  it('leaves its temporary file in tmp/ only; audit names it; a later write removes it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-kill-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const lake = join(root, 'lake');
    await writeFile(join(root, 'register.csv'), registerCsv);
    expect(
      carescore(['ingest', join(root, 'register.csv'), '--type', 'provider-register', '--lake', lake]).code,
    ).toBe(0);
    const rows = Array.from({ length: 120_000 }, (_, i) =>
      monthlyRow({ period: `2025-${String((i % 12) + 1).padStart(2, '0')}`, service_code: `S${i}` }),
    );
    const big = join(root, 'big.csv');
    await writeFile(big, `${monthlyHeader}\n${rows.join('\n')}\n`);

    await ingestKilledMidWrite(lake, big);
    const left = await filesUnder(lake);
    expect(left.filter((f) => f.includes('.tmp-'))).toEqual([]);
    const leftovers = left.filter((f) => f.startsWith(`tmp${'/'}`));
    expect(leftovers.length).toBeGreaterThan(0);

    const audit = carescore(['audit', '--lake', lake]);
    expect(audit.code).toBe(1);
    for (const key of leftovers)
      expect(audit.out).toMatch(new RegExp(`^tmp +${key}  is a temporary file`, 'm'));

    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const key of leftovers) await utimes(join(lake, key), twoHoursAgo, twoHoursAgo);
    expect(carescore(['ingest', big, '--lake', lake, ...provider]).code).toBe(0);
    expect(await readdir(join(lake, 'tmp'))).toEqual([]);
    expect(carescore(['audit', '--lake', lake])).toMatchObject({ code: 0 });
  }, 180_000);
});
