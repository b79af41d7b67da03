// The local lake makes each folder once per store, not once per write (a back-load writes a few
// objects per file into a few hundred folders), and makes it again if it has gone since.
import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';

vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>();
  return { ...actual, mkdir: vi.fn(actual.mkdir) };
});

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('FsObjectStore folders', () => {
  it('makes each folder once for many writes, and again when it was removed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-folders-'));
    dirs.push(root);
    const store = new FsObjectStore(root);
    const mkdir = vi.mocked(fsp.mkdir);
    mkdir.mockClear();
    for (let i = 0; i < 20; i++) await store.put(`reports/P001/sub_${i}.json`, '{}\n');
    // The report folder and tmp/, once each.
    expect(mkdir).toHaveBeenCalledTimes(2);
    expect((await store.list('reports/')).length).toBe(20);

    await rm(join(root, 'reports'), { recursive: true });
    await rm(join(root, 'tmp'), { recursive: true });
    await store.put('reports/P001/again.json', '{}\n');
    expect(await store.get('reports/P001/again.json')).toEqual(new TextEncoder().encode('{}\n'));
  });
});
