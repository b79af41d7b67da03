// SHA-256 of a stored object, streamed so that a 100 MB raw copy is never held whole in memory.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../ports.ts';

/** The object's SHA-256 in hex, or null when there is no such object. */
export async function sha256OfObject(store: ObjectStore, key: string): Promise<string | null> {
  const stream = await store.getStream(key);
  if (!stream) return null;
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}
