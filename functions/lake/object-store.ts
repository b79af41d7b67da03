// The storage port. The local lake is a directory; in AWS it is an S3 bucket. Keys are
// identical in both (CONTRACTS §3), always '/'-separated and relative to the lake root.
import type { ByteSource } from '../domain/formats/source.ts';

export interface ObjectInfo {
  key: string;
  size: number;
  /**
   * Set by list() where the store has one: an opaque token that changes whenever the object is
   * written, so a caller can tell that bytes it read earlier are still current without reading
   * them again. Only equality means anything; how a store makes it is the store's own affair.
   */
  version?: string;
}

export interface ObjectStore {
  /** The object's bytes, or null when there is no such key. */
  get(key: string): Promise<Uint8Array | null>;
  /** Streams an object; for large raw files. */
  getStream(key: string): Promise<AsyncIterable<Uint8Array> | null>;
  put(key: string, body: Uint8Array | string): Promise<void>;
  /** Writes a stream without holding it whole in memory; returns its size. */
  putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number>;
  /**
   * Copies the source's bytes to `key` within the storage (a file copy, S3 CopyObject), when it
   * is kept somewhere this store copies from; null when it is not, and nothing is written.
   */
  copyIn(key: string, source: ByteSource): Promise<number | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Every object under a prefix, sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /**
   * How many objects readers fetch at once when they read a table of many files (bounded.ts): S3,
   * where each read is a round trip, says a few; local disks read one at a time. @default 1
   */
  readonly readConcurrency?: number;
}

export async function getText(store: ObjectStore, key: string): Promise<string | null> {
  const bytes = await store.get(key);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

export async function getJson<T>(store: ObjectStore, key: string): Promise<T | null> {
  const text = await getText(store, key);
  return text === null ? null : (JSON.parse(text) as T);
}

/** The source's bytes written to `key`: copied within the storage where it can, else streamed. */
export async function putSource(store: ObjectStore, key: string, source: ByteSource): Promise<number> {
  return (await store.copyIn(key, source)) ?? (await store.putStream(key, source.open()));
}
