// The encoder thread for real: a worker thread running parquet-encoder-worker.mjs.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../functions/adapters/fs-source.ts';
import { ParquetEncoderThread } from '../../functions/adapters/parquet-encoder-thread.ts';
import { decodeParquet, type TableSchema } from '../../functions/core/lake/parquet.ts';
import { batchIpc } from '../../functions/core/lake/parquet-stream.ts';
import { StringDictionary } from '../../functions/core/lake/string-dictionary.ts';
import { bytesSource } from '../../functions/core/parsing/index.ts';

const schema: TableSchema = { name: 'string', n: 'int' };

function ipcOf(names: string[], first: number): Uint8Array {
  const dictionary = StringDictionary.of(names);
  return batchIpc(
    {
      length: names.length,
      vectors: {
        name: { type: 'string', ids: Int32Array.from(names, (_, i) => i), dictionary },
        n: { type: 'int', values: Int32Array.from(names, (_, i) => first + i), nulls: null },
      },
    },
    schema,
  );
}

function joined(pieces: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(pieces));
}

let dir: string;
let file: string;
const content = 'some,bytes\n1,2\n';
let encoder: ParquetEncoderThread;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carescore-encoder-'));
  file = join(dir, 'return.csv');
  await writeFile(file, content);
  encoder = new ParquetEncoderThread(0);
});

afterAll(async () => {
  await encoder.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ParquetEncoderThread', () => {
  it('takes no job for bytes that are not a local file, nor for a file under its size', async () => {
    expect(encoder.begin(bytesSource('x.csv', new TextEncoder().encode(content)))).toBeNull();
    const small = new ParquetEncoderThread(1024);
    expect(small.begin(await fileSource(file))).toBeNull();
    await small.close();
  });

  it("digests the file on its own read, and encodes each stream's batches into one Parquet file", async () => {
    const job = encoder.begin(await fileSource(file))!;
    expect(await job.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    const a = job.open([]);
    const b = job.open(['n']);
    job.send(a, ipcOf(['x', 'y'], 1));
    job.send(b, ipcOf(['z'], 10));
    job.send(a, ipcOf(['x'], 3));
    const [fileA, fileB] = await job.finish();
    expect(decodeParquet(joined(fileA!), schema)).toEqual([
      { name: 'x', n: 1 },
      { name: 'y', n: 2 },
      { name: 'x', n: 3 },
    ]);
    expect(decodeParquet(joined(fileB!), schema)).toEqual([{ name: 'z', n: 10 }]);
  });

  it('gives batch buffers back to hold later batches', async () => {
    const job = encoder.begin(await fileSource(file))!;
    const ipc = ipcOf(['x', 'y', 'z'], 1);
    const room = job.room(ipc.byteLength);
    room.set(ipc);
    const size = room.buffer.byteLength;
    job.send(job.open([]), room);
    const [pieces] = await job.finish();
    expect(room.byteLength).toBe(0); // moved to the thread, not copied
    expect(decodeParquet(joined(pieces!), schema)).toHaveLength(3);
    expect(job.room(ipc.byteLength - 1).buffer.byteLength).toBe(size);
  });

  it('says why a job failed, and goes on to the next', async () => {
    const bad = encoder.begin(await fileSource(file))!;
    bad.send(bad.open([]), new Uint8Array([1, 2, 3, 4]));
    await expect(bad.finish()).rejects.toThrow(/^encoding Parquet on its thread failed: /);

    const good = encoder.begin(await fileSource(file))!;
    good.send(good.open([]), ipcOf(['ok'], 7));
    const [pieces] = await good.finish();
    expect(decodeParquet(joined(pieces!), schema)).toEqual([{ name: 'ok', n: 7 }]);
  });

  it('drops a job, and fails the digest of a file it cannot read', async () => {
    const dropped = encoder.begin(await fileSource(file))!;
    dropped.send(dropped.open([]), ipcOf(['gone'], 1));
    dropped.discard();
    const missing = encoder.begin({
      ...(await fileSource(file)),
      location: { kind: 'file', path: join(dir, 'none') },
    })!;
    await expect(missing.sha256).rejects.toThrow(/ENOENT/);
  });

  it('starts a new thread after it was closed', async () => {
    await encoder.close();
    const job = encoder.begin(await fileSource(file))!;
    job.send(job.open([]), ipcOf(['again'], 1));
    const [pieces] = await job.finish();
    expect(decodeParquet(joined(pieces!), schema)).toEqual([{ name: 'again', n: 1 }]);
  });
});
