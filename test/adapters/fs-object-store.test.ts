import { mkdtemp, writeFile } from 'node:fs/promises';
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
