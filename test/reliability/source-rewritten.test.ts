// A file rewritten while it is being ingested: what is kept must be the bytes that were validated
// and hashed, or the ingest fails and says so. The rewrite happens at a chosen moment (just before
// the raw copy is written, after validation read the file), through a store wrapper.
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { ingestPath } from '../../functions/cli/commands/ingest.ts';
import { UserFacingError } from '../../functions/cli/errors.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { ingestFile } from '../../functions/pipeline/ingest/ingest-file.ts';
import type { ByteSource } from '../../functions/pipeline/ports.ts';
import { fixedNow } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

const clusters = (name: string) =>
  `cluster_id,cluster_name,district,ccg,lot_area\nK01,${name},Ashford,C,East Kent\n`;

/** A local lake that runs `before` once, just before the raw copy is written. */
class RewritingStore extends FsObjectStore {
  constructor(
    root: string,
    private readonly before: () => Promise<void>,
  ) {
    super(root);
  }
  private done = false;
  override async putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    if (key.startsWith('raw/') && !this.done) {
      this.done = true;
      await this.before();
    }
    return super.putStream(key, body);
  }
}

async function files(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('a file rewritten while it is ingested', () => {
  it('fails in one sentence and stores nothing, not the new bytes under the old hash', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'carescore-rewrite-'));
    const path = join(await mkdtemp(join(tmpdir(), 'carescore-upload-')), 'clusters.csv');
    await writeFile(path, clusters('Ashford Town'));
    // Same length, other bytes: a rewrite that size and reads alone would not notice.
    const store = new RewritingStore(lake, () => writeFile(path, clusters('Ashford Tawn')));
    const ingest = ingestPath(
      store,
      { path, type: 'clusters', submitter: 'council', receivedAt: new Date('2025-02-10T10:00:00Z') },
      { lake },
    );
    await expect(ingest).rejects.toThrow(UserFacingError);
    await expect(ingest).rejects.toThrow(
      `${path} changed while it was being read (something was writing to it), so nothing was stored; ingest it again once it is complete.`,
    );
    for (const dir of ['ledger', 'raw', 'curated', 'reports', 'quarantine']) {
      expect(await files(lake, dir), dir).toEqual([]);
    }
    // Ingested again once it is complete, it is stored as it now is.
    const again = await ingestPath(
      new FsObjectStore(lake),
      { path, type: 'clusters', submitter: 'council', receivedAt: new Date('2025-02-10T10:00:00Z') },
      { lake },
    );
    expect(again.submission.status).toBe('accepted');
  });

  it('a source giving other bytes to a later read fails the ingest before anything is committed', async () => {
    const store = new MemoryObjectStore();
    let opens = 0;
    const source: ByteSource = {
      name: 'clusters.csv',
      size: clusters('Ashford Town').length,
      async *open() {
        yield new TextEncoder().encode(clusters(opens++ === 0 ? 'Ashford Town' : 'Ashford Tawn'));
      },
    };
    await expect(
      ingestFile(
        { store, now: fixedNow, method: publishedMethod() },
        { source, type: 'clusters', submitter: 'council', receivedAt: new Date('2025-02-10T10:00:00Z') },
      ),
    ).rejects.toThrow(/changed while it was being read/);
    expect([...store.objects.keys()].filter((k) => !k.startsWith('settings/'))).toEqual([]);
  });
});
