/** Uploaded bytes, readable more than once (encoding fallback and XLSX need several passes). */
export interface ByteSource {
  name: string;
  size: number;
  open(): AsyncIterable<Uint8Array>;
  /** Where the bytes are kept, when a store can copy them from there without reading them through. */
  location?: SourceLocation;
}

/** A file on local disk, or one version of an S3 object. */
export type SourceLocation =
  | { kind: 'file'; path: string }
  | { kind: 's3'; bucket: string; key: string; versionId?: string };

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
