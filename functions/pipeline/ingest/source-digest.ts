// A file's SHA-256 and size, taken while it is read for validation when possible: a separate pass
// over a 50 MB upload (a second GET from S3) cost as much as reading it to parse.
import { createHash } from 'node:crypto';
import type { ByteSource } from '../../domain/formats/index.ts';

export interface SourceDigest {
  sha256: string;
  size: number;
}

/**
 * `source`, wrapped so that the first read that runs to its end also takes the digest; `digest()`
 * then gives it, or reads the source once more if no read got that far (the file was refused at
 * its first bytes, or never opened).
 */
export function digestingSource(source: ByteSource): { source: ByteSource; digest(): Promise<SourceDigest> } {
  let taken: SourceDigest | null = null;
  const wrapped: ByteSource = {
    name: source.name,
    size: source.size,
    open() {
      return taken === null ? digesting(source.open()) : source.open();
    },
  };
  async function* digesting(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.byteLength;
      yield chunk;
    }
    taken ??= { sha256: hash.digest('hex'), size };
  }
  return { source: wrapped, digest: async () => taken ?? digestOf(source) };
}

/** The digest from a read of its own, for when validation did not read the file to its end. */
async function digestOf(source: ByteSource): Promise<SourceDigest> {
  const { source: reading, digest } = digestingSource(source);
  for await (const _ of reading.open());
  return digest();
}
