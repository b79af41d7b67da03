import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../functions/domain/formats/index.ts';
import { digestingSource, SourceChangedError } from '../../../functions/pipeline/ingest/source-digest.ts';

const bytes = new TextEncoder().encode('provider_id,branch_id\nP001,B1\n'.repeat(1000));
const sha256 = createHash('sha256').update(bytes).digest('hex');

/** The bytes in 100-byte chunks, counting how often they are opened. */
function countedSource(): ByteSource & { opens: number } {
  const source = {
    name: 'f.csv',
    size: bytes.byteLength,
    opens: 0,
    async *open() {
      source.opens++;
      for (let at = 0; at < bytes.byteLength; at += 100) yield bytes.subarray(at, at + 100);
    },
  };
  return source;
}

describe('the digest of a source, taken while it is read', () => {
  it('comes from the first read that reaches the end, with no extra read', async () => {
    const source = countedSource();
    const digesting = digestingSource(source);
    for await (const chunk of digesting.source.open()) expect(chunk.byteLength).toBeGreaterThan(0);
    expect(await digesting.digest()).toEqual({ sha256, size: bytes.byteLength });
    expect(source.opens).toBe(1);
  });

  it('reads the source again when no read got to the end', async () => {
    const source = countedSource();
    const digesting = digestingSource(source);
    for await (const _ of digesting.source.open()) break;
    expect(await digesting.digest()).toEqual({ sha256, size: bytes.byteLength });
    expect(source.opens).toBe(2);
  });
});

describe('a source that changes between reads', () => {
  /** Gives `first` to the first `reads` opens, then `later`: a file rewritten while it is read. */
  function rewritten(first: Uint8Array, later: Uint8Array, reads = 1): ByteSource {
    let opens = 0;
    return {
      name: 'f.csv',
      size: first.byteLength,
      async *open() {
        const bytes = opens++ < reads ? first : later;
        for (let at = 0; at < bytes.byteLength; at += 100) yield bytes.subarray(at, at + 100);
      },
    };
  }
  const other = new TextEncoder().encode('provider_id,branch_id\nP002,B1\n'.repeat(1000));

  it('fails a whole read that differs from the first, before that read ends', async () => {
    const digesting = digestingSource(rewritten(bytes, other));
    for await (const _ of digesting.source.open());
    const chunks: Uint8Array[] = [];
    const second = async () => {
      for await (const chunk of digesting.source.open()) chunks.push(chunk);
    };
    await expect(second()).rejects.toBeInstanceOf(SourceChangedError);
    // Every chunk was given, but the read never ended: what it fed is not kept.
    expect(chunks.length).toBe(Math.ceil(other.byteLength / 100));
    expect(await digesting.digest()).toEqual({ sha256, size: bytes.byteLength });
  });

  it('fails the whole read after a read of the first bytes that differ', async () => {
    const digesting = digestingSource(rewritten(other, bytes));
    for await (const _ of digesting.source.open()) break;
    await expect(digesting.digest()).rejects.toBeInstanceOf(SourceChangedError);
  });

  it('fails when the file got shorter than an earlier read of its first bytes', async () => {
    const digesting = digestingSource(rewritten(bytes, bytes.subarray(0, 50)));
    for await (const _ of digesting.source.open()) break;
    await expect(digesting.digest()).rejects.toBeInstanceOf(SourceChangedError);
  });

  it('a file read the same each time passes every check', async () => {
    const digesting = digestingSource(countedSource());
    for await (const _ of digesting.source.open()) break;
    for await (const _ of digesting.source.open());
    for await (const _ of digesting.source.open());
    expect(await digesting.digest()).toEqual({ sha256, size: bytes.byteLength });
  });
});
