/** Uploaded bytes, readable more than once (encoding fallback and XLSX need several passes). */
export interface ByteSource {
  name: string;
  size: number;
  open(): AsyncIterable<Uint8Array>;
}

/** A source over bytes already in memory; for tests and small inputs. */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    async *open() {
      if (bytes.byteLength > 0) yield bytes;
    },
  };
}
