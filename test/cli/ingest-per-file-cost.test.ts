// A back-load's cost per small file: every file-system call handed to libuv's threads and back
// costs the main thread more than the call itself on a local disk, and a back-load makes tens of
// thousands of them. A monthly return of a few rows into the local lake makes about six (the
// sender's file looked at, its new folders made); objects are read and written, and small folders
// listed, with one call each, not through streams and file handles (57 per file before, then 12
// while small folders were still listed asynchronously).
import { createHook } from 'node:async_hooks';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';

/** The async resources that stand for a call handed to libuv's thread pool (or a file handle). */
const threadHops = new Set(['FSREQPROMISE', 'FSREQCALLBACK', 'FILEHANDLE', 'FILEHANDLECLOSEREQ']);

it('ingests a small monthly return with at most 8 file-system calls handed to other threads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'carescore-per-file-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const lake = join(dir, 'lake');
  const io = { out: () => {}, err: () => {} };
  await writeFile(join(dir, 'register.csv'), registerCsv);
  expect(
    await main(['ingest', join(dir, 'register.csv'), '--type', 'provider-register', '--lake', lake], io),
  ).toBe(0);
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const path = join(dir, `P001-${i}.csv`);
    const row = monthlyRow({ period: `2025-0${(i % 9) + 1}`, calls_scheduled: 100 + i });
    await writeFile(path, `${monthlyHeader}\n${row}\n`);
    files.push(path);
  }

  let hops = 0;
  const hook = createHook({ init: (_id, type) => void (threadHops.has(type) && hops++) });
  hook.enable();
  try {
    const args = ['ingest', ...files, '--type', 'monthly-return', '--provider', 'P001', '--lake', lake];
    expect(await main(args, io)).toBe(0);
  } finally {
    hook.disable();
  }
  // Every file committed: 21 ledger records, the register's and the returns'.
  expect(await readdir(join(lake, 'ledger', 'submissions'))).toHaveLength(21);
  expect(hops / files.length).toBeLessThanOrEqual(8);
});
