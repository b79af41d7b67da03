// `carescore alerts` marks an alert sent only once it is printed: a crash at any step prints every
// alert on this run or the next (at least once, never lost), in every format; a closed standard
// output leaves them pending; alerts an interrupted run left pending are printed by the next run,
// `--format json` included. The closed pipe and the JSON case drive bin/carescore.mjs as a process.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { sendAlerts } from '../../functions/cli/commands/alerts.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { raiseAlerts, readStoredAlerts } from '../../functions/pipeline/raise-alerts.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { runEveryFault } from './every-fault.ts';
import { asOf, buildBaseLake, copyStore } from './lake-fixture.ts';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));

let base: MemoryObjectStore;
/** The alerts a first run sends (the as-of month's and the month before's). */
let sentKeys: string[];
/** The alerts the February run sent. */
let earlier: string[] = [];
const now = () => new Date('2025-04-20T06:00:00Z');
beforeAll(async () => {
  base = await buildBaseLake();
  await scoreLake(base, { asOf, method: publishedMethod('v1') });
  // An earlier run, in February: the alerts of later months are all sent, none backfilled.
  await raiseAlerts(
    base,
    { notify: async () => {} },
    { asOf: new Date('2025-02-10T00:00:00Z'), method: publishedMethod('v1'), now: () => new Date() },
  );
  const keys: string[] = [];
  await raiseAlerts(
    copyStore(base),
    { notify: async (alerts) => void keys.push(...alerts.map((a) => a.key)) },
    { asOf, method: publishedMethod('v1'), now: () => new Date() },
  );
  sentKeys = keys.sort();
  expect(new Set(sentKeys.map((k) => k.split('|').at(-1))).size).toBeGreaterThanOrEqual(2);
  earlier = await notifiedKeys(base);
});

/** The alert keys a run printed (each alert's line ends with its key in brackets, or in JSON). */
function printedKeys(lines: string[]): string[] {
  return sentKeys.filter((key) => lines.some((line) => line.includes(key)));
}

/** The alerts marked sent, apart from those the February run sent. */
async function notifiedKeys(store: ObjectStore): Promise<string[]> {
  return (await readStoredAlerts(store))
    .filter((a) => a.status === 'notified' && !earlier.includes(a.alert.key))
    .map((a) => a.alert.key)
    .sort();
}

describe('a crash at every step of carescore alerts', () => {
  for (const format of ['table', 'json'] as const) {
    it(`(${format}) prints every alert on that run or the next; none is marked sent unprinted`, async () => {
      const printed = new Map<number, string[]>();
      await runEveryFault({
        base,
        counts: 'writes',
        mode: 'dies',
        operation: async (store, attempt) => {
          const lines: string[] = [];
          try {
            await sendAlerts(store, { out: (l) => lines.push(l), err: () => {} }, { asOf, format, now });
          } finally {
            if (attempt.at !== null) printed.set(attempt.at, [...(printed.get(attempt.at) ?? []), ...lines]);
            // What the lake says was sent, the faulted run must have printed.
            if (attempt.phase === 'faulted')
              expect(printedKeys(lines)).toEqual(expect.arrayContaining(await notifiedKeys(store)));
          }
        },
        afterRetry: async (store, fault) => {
          expect(await notifiedKeys(store)).toEqual(sentKeys);
          expect(printedKeys(printed.get(fault.step)!), `after ${fault.message}`).toEqual(sentKeys);
        },
      });
    });
  }
});

/** The lake, written to a folder as the CLI keeps it. */
async function lakeOnDisk(store: MemoryObjectStore): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'carescore-alerts-'));
  for (const [key, bytes] of store.objects) {
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), bytes);
  }
  return dir;
}

/** Runs bin/carescore.mjs; with closeStdout, the reader of its standard output is gone from the start. */
function carescore(
  args: string[],
  closeStdout = false,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let out = '';
    let err = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('carescore alerts as a process', () => {
  it('killed (kill -9) while its output cannot be written, has marked no alert sent unprinted', async () => {
    const lake = await lakeOnDisk(base);
    // Its standard output is a FIFO filled to the brim: nothing it prints gets through until read.
    const fifo = join(lake, '..', `${basename(lake)}.fifo`);
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    let filled = 0;
    try {
      for (;;) filled += writeSync(fd, Buffer.alloc(4096, 0x20));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
    const child = spawn(process.execPath, [bin, 'alerts', '--lake', lake, '--as-of', asOf.toISOString()], {
      stdio: ['ignore', fd, 'ignore'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // The new alerts are stored (pending) before any is printed; give it time to go on.
    const stored = join(lake, 'results/alerts/period=2025-03/part-0.parquet');
    while (!existsSync(stored)) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await exited;
    let printed = '';
    const chunk = Buffer.alloc(65536);
    try {
      for (;;) printed += chunk.toString('utf8', 0, readSync(fd, chunk));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
    closeSync(fd);
    expect(printed.length).toBeGreaterThanOrEqual(filled);
    expect(printedKeys(printed.split('\n'))).toEqual(
      expect.arrayContaining(await notifiedKeys(new FsObjectStore(lake))),
    );
    // And the next run prints whatever is still pending.
    const next = await carescore(['alerts', '--lake', lake, '--as-of', asOf.toISOString()]);
    expect(next.code).toBe(0);
    expect(printedKeys([...printed.split('\n'), ...next.out.split('\n')])).toEqual(sentKeys);
  });

  it('leaves the alerts pending when standard output is closed, and the next run prints them', async () => {
    const lake = await lakeOnDisk(base);
    const args = ['alerts', '--lake', lake, '--as-of', asOf.toISOString()];
    const closed = await carescore(args, true);
    expect(closed.err).toBe(
      'carescore alerts: Standard output was closed before every alert was printed: none is marked sent, and the next carescore alerts prints them again.\n',
    );
    expect(closed.code).toBe(1);
    expect(await notifiedKeys(new FsObjectStore(lake))).toEqual([]);
    const next = await carescore(args);
    expect(next).toMatchObject({ code: 0, err: '' });
    expect(next.out).toMatch(/^0 new alerts \(\d+ raised earlier and not repeated\)\.\n/);
    expect(next.out).toContain(`${sentKeys.length} alerts raised earlier but not yet printed`);
    expect(printedKeys(next.out.split('\n'))).toEqual(sentKeys);
    expect(await notifiedKeys(new FsObjectStore(lake))).toEqual(sentKeys);
  });

  it('--format json prints the alerts an interrupted run left pending before marking them sent', async () => {
    // A run that stored its alerts and then failed before delivering any.
    const store = copyStore(base);
    await expect(
      raiseAlerts(
        store,
        { notify: async () => Promise.reject(new Error('killed')) },
        { asOf, method: publishedMethod('v1'), now: () => new Date() },
      ),
    ).rejects.toThrow('killed');
    const lake = await lakeOnDisk(store);
    const args = ['alerts', '--lake', lake, '--as-of', asOf.toISOString(), '--format', 'json'];
    const next = await carescore(args);
    expect(next).toMatchObject({ code: 0, err: '' });
    const printed = JSON.parse(next.out) as { key: string; provider_name: string }[];
    expect(printed.map((a) => a.key).sort()).toEqual(sentKeys);
    expect(await notifiedKeys(new FsObjectStore(lake))).toEqual(sentKeys);
    expect(JSON.parse((await carescore(args)).out)).toEqual([]);
  });
});
