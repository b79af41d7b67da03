// A file's SHA-256 and size, taken while it is read for validation when possible: a separate pass
// over a 50 MB upload (a second GET from S3) cost as much as reading it to parse.
//
// A file is read more than once (its first bytes to tell its format, then whole, sometimes twice,
// then again for its raw copy), and a file on disk can be rewritten between two reads. Every read
// is checked against the first whole one: one that differs fails the ingest (SourceChangedError),
// so what is kept is always the bytes that were validated and hashed.
import { createHash, type Hash } from 'node:crypto';
import type { ByteSource } from '../../domain/formats/index.ts';

export interface SourceDigest {
  sha256: string;
  size: number;
}

/** The file's bytes differed from one read to the next: it was being written while ingested. */
export class SourceChangedError extends Error {
  override name = 'SourceChangedError';
  constructor(readonly sourceName: string) {
    super(
      `${sourceName} changed while it was being read, so nothing was stored; ingest it again once it is complete and nothing is writing to it.`,
    );
  }
}

/** The bytes a read that stopped early had given: a prefix every whole read must start with. */
interface Prefix {
  length: number;
  sha256: string;
}

/**
 * `source`, wrapped so that the first read that runs to its end also takes the digest, and every
 * later read is checked against it: a whole read must give the same digest, a read that stopped
 * early the same first bytes (checked by the next whole read). A read that differs throws
 * SourceChangedError before it ends, so nothing it fed (a raw copy being written) is kept.
 * `digest()` gives the digest, or reads the source once more if no read got that far.
 */
export function digestingSource(source: ByteSource): { source: ByteSource; digest(): Promise<SourceDigest> } {
  let taken: SourceDigest | null = null;
  let prefixes: Prefix[] = [];
  const wrapped: ByteSource = {
    name: source.name,
    size: source.size,
    open: () => reading(),
    // Bytes kept where only the store can reach them (an S3 version) do not change: copied there.
    ...(source.origin ? { origin: source.origin } : {}),
  };
  async function* reading(): AsyncIterable<Uint8Array> {
    const hash = createHash('sha256');
    let size = 0;
    // Set when the read ends, whole or failed: only a read its consumer stopped early is a prefix.
    let ended = false;
    // The early-stopped reads so far, shortest first: this read checks them if it gets to the end.
    const checks = [...prefixes].sort((a, b) => a.length - b.length);
    let next = 0;
    try {
      for await (const chunk of source.open()) {
        let at = 0;
        while (next < checks.length && checks[next]!.length <= size + chunk.byteLength) {
          const check = checks[next++]!;
          const upTo = check.length - size;
          hash.update(chunk.subarray(at, upTo));
          at = upTo;
          if (digestSoFar(hash) !== check.sha256) throw new SourceChangedError(source.name);
        }
        hash.update(at === 0 ? chunk : chunk.subarray(at));
        size += chunk.byteLength;
        yield chunk;
      }
      // A read that stopped early went further than this whole one: the file got shorter.
      if (next < checks.length) throw new SourceChangedError(source.name);
      ended = true;
      const digest = { sha256: hash.digest('hex'), size };
      if (taken && (taken.sha256 !== digest.sha256 || taken.size !== digest.size)) {
        throw new SourceChangedError(source.name);
      }
      taken ??= digest;
      prefixes = prefixes.filter((p) => !checks.includes(p));
    } catch (error) {
      ended = true;
      throw error;
    } finally {
      if (!ended && size > 0) prefixes.push({ length: size, sha256: digestSoFar(hash) });
    }
  }
  return { source: wrapped, digest: async () => taken ?? digestOf(wrapped, () => taken) };
}

/** The hash of what `hash` has been fed so far, leaving it open for more. */
function digestSoFar(hash: Hash): string {
  return hash.copy().digest('hex');
}

/** The digest from a read of its own, for when validation did not read the file to its end. */
async function digestOf(wrapped: ByteSource, taken: () => SourceDigest | null): Promise<SourceDigest> {
  for await (const _ of wrapped.open());
  return taken()!;
}
