// A memory lake that records every key read, for the tests of what a step reads.
import { MemoryObjectStore } from './memory-store.ts';

export class CountingStore extends MemoryObjectStore {
  readonly read: string[] = [];
  override async get(key: string) {
    this.read.push(key);
    return super.get(key);
  }
}

/** A copy of `from`'s objects, reads counted from now on. */
export function copyOf(from: MemoryObjectStore): CountingStore {
  const copy = new CountingStore();
  for (const [key, bytes] of from.objects) copy.objects.set(key, bytes);
  return copy;
}
