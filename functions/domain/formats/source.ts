/** Uploaded bytes, readable more than once (encoding fallback and XLSX need several passes). */
export interface ByteSource {
  name: string;
  size: number;
  open(): AsyncIterable<Uint8Array>;
  /**
   * Where the bytes are kept, as a token only a store of the same kind understands (a local file,
   * one version of an S3 object): such a store copies them there without reading them through.
   */
  origin?: object;
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
