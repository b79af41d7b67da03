// Curated rows encoded on the encoder thread while the file is validated must be exactly what the
// one-thread path writes, and whenever the early guess (the id, the status) is wrong, the ingest
// must fall back to that path rather than keep rows stamped wrongly.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../../functions/adapters/fs-source.ts';
import { ParquetEncoderThread } from '../../../functions/adapters/parquet-encoder-thread.ts';
import type { InputType } from '../../../functions/core/contracts/index.ts';
import { blockRows } from '../../../functions/core/ingest/accepted-rows.ts';
import type { EncodingJob, ParquetEncoder } from '../../../functions/core/ingest/early-encoding.ts';
import { ingestFile } from '../../../functions/core/ingest/ingest-file.ts';
import { fixedNow, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';
import { MemoryObjectStore } from '../../helpers/memory-store.ts';

/**
 * The thread, every file given a job, counting how its jobs end. Each job's digest is given at
 * once, so that blocks go to the thread as they fill however busy the machine is (the thread's
 * own digest is tested in parquet-encoder-thread.test.ts).
 */
class CountingEncoder implements ParquetEncoder {
  readonly thread = new ParquetEncoderThread(0);
  finished = 0;
  discarded = 0;

  /**
   * 'late': a job's digest comes only once the ingest asks for it at the end (a busy machine);
   * 'other': it is another file's (the file changed while it was read).
   */
  digest: 'now' | 'late' | 'other' = 'now';

  begin(source: Parameters<ParquetEncoder['begin']>[0]): EncodingJob | null {
    if (source.location?.kind !== 'file') return null;
    const job = this.thread.begin(source);
    if (!job) return null;
    const bytes = readFileSync(source.location.path);
    const digest = createHash('sha256')
      .update(this.digest === 'other' ? `${bytes}, changed` : bytes)
      .digest('hex');
    let resolve!: (sha256: string) => void;
    const late = new Promise<string>((r) => (resolve = r));
    let asked = 0;
    const lateDigest = this.digest === 'late';
    return {
      ...job,
      // EarlyEncoding asks once when it starts, and again when it finishes.
      get sha256() {
        if (!lateDigest) return Promise.resolve(digest);
        if (++asked > 1) resolve(digest);
        return late;
      },
      finish: () => {
        this.finished++;
        return job.finish();
      },
      discard: () => {
        this.discarded++;
        job.discard();
      },
    };
  }
}

const branches = 2000;
const periods = ['2024-10', '2024-11', '2024-12', '2025-01'];
const services = ['HC', 'SIS', 'SISP', 'ECS', 'D2A'];
const branchId = (b: number) => `1-${100000 + b}`;

function registerCsv(rows = branches): string {
  const lines = ['provider_id,provider_name,cqc_provider_id,branch_id,branch_name,cluster_id,contract_start'];
  for (let b = 0; b < rows; b++) lines.push(`P001,Acme Care,1-100,${branchId(b)},Branch ${b},K01,2020-01-01`);
  return `${lines.join('\n')}\n`;
}

/** 40,000 rows, the periods interleaved so every block holds all four; `edit` changes a row by index. */
function bigReturn(edit: (i: number) => Record<string, string | number> | null = () => null): string {
  const lines = [monthlyHeader];
  let i = 0;
  for (let b = 0; b < branches; b++) {
    for (const service_code of services) {
      for (const period of periods) {
        lines.push(monthlyRow({ branch_id: branchId(b), service_code, period, ...(edit(i++) ?? {}) }));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let encoder: CountingEncoder;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carescore-early-'));
  encoder = new CountingEncoder();
});

afterAll(async () => {
  await encoder.thread.close();
  await rm(dir, { recursive: true, force: true });
});

async function lakeWithRegister(): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore();
  await ingest(store, 'register.csv', registerCsv(), 'provider-register', 'council', null);
  return store;
}

async function ingest(
  store: MemoryObjectStore,
  name: string,
  text: string,
  type: InputType,
  submitter: string,
  withEncoder: ParquetEncoder | null,
) {
  const path = join(dir, name);
  await writeFile(path, text);
  return ingestFile(
    { store, now: fixedNow, ...(withEncoder ? { encoder: withEncoder } : {}) },
    { source: await fileSource(path), type, submitter, receivedAt: new Date('2025-02-10T10:00:00Z') },
  );
}

function curatedObjects(store: MemoryObjectStore): Map<string, Uint8Array> {
  return new Map(
    [...store.objects].filter(([key]) => key.startsWith('curated/') && key.endsWith('.parquet')),
  );
}

/** The same file ingested into two lakes, one thread and two: every object they hold is the same. */
async function bothWays(
  name: string,
  text: string,
  {
    type = 'monthly-return' as InputType,
    submitter = 'P001',
    digest = 'now' as CountingEncoder['digest'],
  } = {},
) {
  const [oneThread, twoThreads] = [await lakeWithRegister(), await lakeWithRegister()];
  const before = { finished: encoder.finished, discarded: encoder.discarded };
  const expected = await ingest(oneThread, name, text, type, submitter, null);
  encoder.digest = digest;
  const early = await ingest(twoThreads, name, text, type, submitter, encoder).finally(
    () => (encoder.digest = 'now'),
  );
  expect(early.submission).toEqual(expected.submission);
  expect([...twoThreads.objects.keys()].sort()).toEqual([...oneThread.objects.keys()].sort());
  // Compared as buffers: vitest's deep equality goes element by element, seconds for a few MB.
  for (const [key, bytes] of oneThread.objects) {
    expect(Buffer.from(bytes).equals(twoThreads.objects.get(key)!), key).toBe(true);
  }
  return {
    submission: early.submission,
    lake: twoThreads,
    finished: encoder.finished - before.finished,
    discarded: encoder.discarded - before.discarded,
  };
}

describe('curated rows encoded on a second thread while the file is validated', () => {
  it('writes the very bytes the one-thread path writes, a file per period from blocks of mixed periods', async () => {
    const { submission, lake, finished } = await bothWays('clean.csv', bigReturn());
    expect(submission.rows_accepted).toBe(40_000);
    expect(submission.rows_accepted).toBeGreaterThan(2 * blockRows);
    expect(submission.status).toBe('accepted');
    expect(finished).toBe(1);
    expect([...curatedObjects(lake).keys()].filter((k) => k.includes('monthly_return'))).toHaveLength(4);
  }, 60_000);

  it('writes the same bytes when a period first comes as one row, and the rest of it much later', async () => {
    // A correction to December first, then two full months, then the rest of December.
    const lines = [
      monthlyHeader,
      monthlyRow({ branch_id: branchId(0), service_code: 'HC', period: '2024-12' }),
    ];
    for (const period of ['2025-02', '2025-01']) {
      for (let b = 0; b < branches; b++) {
        for (const service_code of services)
          lines.push(monthlyRow({ branch_id: branchId(b), service_code, period }));
      }
    }
    for (let b = 1; b < branches; b++) {
      for (const service_code of services) {
        lines.push(monthlyRow({ branch_id: branchId(b), service_code, period: '2024-12' }));
      }
    }
    const { submission, finished } = await bothWays('correction-first.csv', `${lines.join('\n')}\n`);
    expect(submission.rows_accepted).toBe(1 + 2 * 10_000 + 9_995);
    expect(submission.period).toBe('2024-12,2025-01,2025-02');
    expect(finished).toBe(1);
  }, 60_000);

  it('keeps a status foreseen from an early warning', async () => {
    const text = bigReturn((i) => (i === 3 ? { hours_delivered: 5000, hours_invoiced: 5000 } : null));
    const { submission, finished } = await bothWays('early-warning.csv', text);
    expect(submission.status).toBe('accepted_with_warnings');
    expect(finished).toBe(1);
  }, 60_000);

  it('falls back to the one-thread path when a late row changes the status', async () => {
    const text = bigReturn((i) => (i === 39_000 ? { calls_missed: 9999 } : null));
    const { submission, finished, discarded } = await bothWays('late-error.csv', text);
    expect(submission.status).toBe('partially_accepted');
    expect(submission.rows_rejected).toBe(1);
    expect(finished).toBe(0);
    expect(discarded).toBe(1);
  }, 60_000);

  it('still encodes on the thread when its digest comes only after the file is read, stamped with the final status', async () => {
    const text = bigReturn((i) => (i === 39_000 ? { calls_missed: 9999 } : null));
    const { submission, finished, discarded } = await bothWays('late-digest.csv', text, { digest: 'late' });
    expect(submission.status).toBe('partially_accepted');
    expect(finished).toBe(1);
    expect(discarded).toBe(0);
  }, 60_000);

  it('falls back to the one-thread path when the thread read other bytes than were validated', async () => {
    const { submission, finished, discarded } = await bothWays('changed.csv', bigReturn(), {
      digest: 'other',
    });
    expect(submission.status).toBe('accepted');
    expect(finished).toBe(0);
    expect(discarded).toBe(1);
  }, 60_000);

  it('writes a council feed (one file, not partitioned) the same way', async () => {
    const { submission, finished } = await bothWays('register2.csv', registerCsv(20_000), {
      type: 'provider-register',
      submitter: 'council',
    });
    expect(submission.rows_accepted).toBe(20_000);
    expect(finished).toBe(1);
  }, 60_000);

  it('drops the job when the bytes were received before, and rewrites nothing', async () => {
    const store = await lakeWithRegister();
    const text = bigReturn();
    await ingest(store, 'again.csv', text, 'monthly-return', 'P001', encoder);
    const written = [...store.objects];
    const discarded = encoder.discarded;
    const second = await ingest(store, 'again.csv', text, 'monthly-return', 'P001', encoder);
    expect(second.alreadyReceived).toBe(true);
    expect(encoder.discarded).toBe(discarded + 1);
    // Not one object was written again: each is the very one held before.
    expect(
      [...store.objects].every(([key, bytes], i) => written[i]![0] === key && written[i]![1] === bytes),
    ).toBe(true);
    expect(store.objects.size).toBe(written.length);
  }, 60_000);

  it('drops the job when the file is refused, and the ingest still ends', async () => {
    const store = await lakeWithRegister();
    const curatedBefore = curatedObjects(store).size;
    const discarded = encoder.discarded;
    const { submission } = await ingest(
      store,
      'refused.csv',
      'provider_id,period\nP001,2025-01\n',
      'monthly-return',
      'P001',
      encoder,
    );
    expect(submission.status).toBe('rejected');
    expect(submission.file_error?.code).toBe('MISSING_COLUMNS');
    expect(encoder.discarded).toBe(discarded + 1);
    expect(curatedObjects(store).size).toBe(curatedBefore);
  });
});
