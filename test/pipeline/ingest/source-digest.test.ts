import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../functions/domain/formats/index.ts';
import { digestingSource } from '../../../functions/pipeline/ingest/source-digest.ts';

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
