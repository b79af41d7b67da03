import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../../functions/adapters/fs-object-store.ts';
import type { InputType } from '../../../functions/domain/contracts/index.ts';
import { bytesSource } from '../../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { DirectoryCache } from '../../../functions/domain/validation/reference-data.ts';
import type { ObjectStore } from '../../../functions/lake/object-store.ts';
import { ingestFile } from '../../../functions/pipeline/ingest/ingest-file.ts';
import { fixedNow, monthlyHeader, monthlyRow, registerCsv } from '../../helpers/ingest.ts';
import { MemoryObjectStore } from '../../helpers/memory-store.ts';

function ingestWith(
  directories: DirectoryCache,
  store: ObjectStore,
  name: string,
  text: string,
  type: InputType,
  submitter: string,
  receivedAt: string,
) {
  return ingestFile(
    { store, now: fixedNow, method: publishedMethod(), directories },
    {
      source: bytesSource(name, new TextEncoder().encode(text)),
      type,
      submitter,
      receivedAt: new Date(receivedAt),
    },
  );
}

const returnFor = (branch: string, period: string) =>
  `${monthlyHeader}\n${monthlyRow({ branch_id: branch, period })}\n`;

/** `store`, counting its reads of the provider register's table. */
function countingRegisterReads<S extends ObjectStore>(store: S): { store: S; reads: () => number } {
  let reads = 0;
  const get = store.get.bind(store);
  store.get = async (key: string) => {
    if (key.startsWith('curated/provider_register/')) reads++;
    return get(key);
  };
  return { store, reads: () => reads };
}

const stores: [string, () => Promise<ObjectStore>][] = [
  ['a store that lists no versions (the register is read to digest it)', async () => new MemoryObjectStore()],
  [
    'a store that lists versions (FsObjectStore; S3 lists ETags)',
    async () => new FsObjectStore(await mkdtemp(join(tmpdir(), 'carescore-dircache-'))),
  ],
];

describe.each(stores)('the provider directory kept between ingests, in %s', (_, makeStore) => {
  it('is decoded once while the register is unchanged, and afresh once its bytes change', async () => {
    const { store, reads } = countingRegisterReads(await makeStore());
    const versioned = !(store instanceof MemoryObjectStore);
    const directories = new DirectoryCache();
    const at = '2025-02-10T10:00:00Z';
    await ingestWith(directories, store, 'register.csv', registerCsv, 'provider-register', 'council', at);
    const readsBefore = reads();

    for (const period of ['2024-11', '2024-12', '2025-01']) {
      const { submission } = await ingestWith(
        directories,
        store,
        `r-${period}.csv`,
        returnFor('1-200', period),
        'monthly-return',
        'P001',
        at,
      );
      expect(submission.status).toBe('accepted');
    }
    expect(directories.loads).toBe(1);
    // Listed versions tell the kept directory is current without reading the register again.
    expect(reads() - readsBefore).toBe(versioned ? 1 : 3);

    // A new register: branch 1-200 is gone and 1-203 has opened.
    const changed = registerCsv.replace('1-200,Acme Ashford', '1-203,Acme Folkestone');
    await ingestWith(
      directories,
      store,
      'register-2.csv',
      changed,
      'provider-register',
      'council',
      '2025-02-11T10:00:00Z',
    );
    const readsAfterChange = reads();
    const closed = await ingestWith(
      directories,
      store,
      'r-closed.csv',
      returnFor('1-200', '2024-10'),
      'monthly-return',
      'P001',
      '2025-02-12T10:00:00Z',
    );
    expect(closed.submission.status).toBe('rejected');
    expect(closed.report.problems[0]!.message).toContain('branch_id 1-200 is not a branch of P001');
    const opened = await ingestWith(
      directories,
      store,
      'r-opened.csv',
      returnFor('1-203', '2024-10'),
      'monthly-return',
      'P001',
      '2025-02-12T10:00:00Z',
    );
    expect(opened.submission.status).toBe('accepted');
    expect(directories.loads).toBe(2);
    expect(reads() - readsAfterChange).toBe(versioned ? 1 : 2);
  });
});
