import { mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore, InvalidKeyError } from '../../functions/adapters/fs-object-store.ts';
import { fileSource, LocalFile } from '../../functions/adapters/fs-source.ts';
import { objectStoreContract } from './object-store-contract.ts';

const makeStore = async () => new FsObjectStore(await mkdtemp(join(tmpdir(), 'carescore-fs-')));

objectStoreContract('FsObjectStore', makeStore, async (bytes, name) => {
  const path = join(await mkdtemp(join(tmpdir(), 'carescore-upload-')), name);
  await writeFile(path, bytes);
  // A file nothing else writes to (a spool), which the store may copy with the kernel.
  return { ...(await fileSource(path)), origin: new LocalFile(path) };
});

describe('FsObjectStore keys', () => {
  it('refuses keys that could leave the lake', async () => {
    const store = await makeStore();
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', './a']) {
      await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidKeyError);
    }
  });
});

/** Every file under `dir`, as '/'-separated paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

describe('FsObjectStore temporary files', () => {
  it('writes in progress live in tmp/ at the root, never beside a real key', async () => {
    const store = await makeStore();
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const writing = new Promise<void>((r) => {
      started = r;
    });
    // Over the size a store takes whole before writing it (fs-object-store.ts), so it streams.
    const first = new Uint8Array(2 * 1024 * 1024);
    const body = async function* () {
      yield first;
      started();
      await held;
      yield new Uint8Array([4]);
    };
    const put = store.putStream('raw/monthly-return/sub_a/x.csv', body());
    await writing;
    await new Promise((r) => setTimeout(r, 20));
    const during = await filesUnder(store.root);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^tmp\/\d+-\d+-x\.csv$/);
    expect(await store.list('')).toEqual([]);
    expect((await store.list('tmp/')).map((o) => o.key)).toEqual(during);
    release();
    expect(await put).toBe(first.byteLength + 1);
    expect(await filesUnder(store.root)).toEqual(['raw/monthly-return/sub_a/x.csv']);
  });

  it('removes temporary files over an hour old at its first write, and keeps younger ones', async () => {
    const store = await makeStore();
    await store.put('ledger/submissions/sub_a.json', '{}');
    await writeFile(join(store.root, 'tmp', '1-1-old.parquet'), 'half');
    await writeFile(join(store.root, 'tmp', '1-2-young.parquet'), 'half');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(store.root, 'tmp', '1-1-old.parquet'), twoHoursAgo, twoHoursAgo);
    const later = new FsObjectStore(store.root);
    expect(await filesUnder(store.root)).toContain('tmp/1-1-old.parquet');
    await later.put('ledger/submissions/sub_b.json', '{}');
    expect(await filesUnder(store.root)).toEqual([
      'ledger/submissions/sub_a.json',
      'ledger/submissions/sub_b.json',
      'tmp/1-2-young.parquet',
    ]);
  });

  it('lists an upload whose name holds ".tmp-" like any other', async () => {
    const store = await makeStore();
    await store.put('landing/P001/monthly-return/x.tmp-1.csv', 'provider_id\n');
    expect((await store.list('landing/')).map((o) => o.key)).toEqual([
      'landing/P001/monthly-return/x.tmp-1.csv',
    ]);
  });
});
