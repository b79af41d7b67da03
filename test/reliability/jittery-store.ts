// An ObjectStore that waits a random few turns of the event loop before each call, so that
// operations run together with Promise.all interleave their steps differently for each seed.

import type { ByteSource } from '../../functions/domain/formats/index.ts';
import type { ObjectInfo, ObjectStore } from '../../functions/lake/object-store.ts';

/** mulberry32: a small seeded generator, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class JitteryStore implements ObjectStore {
  private readonly next: () => number;

  constructor(
    private readonly inner: ObjectStore,
    seed: number,
  ) {
    this.next = random(seed);
  }

  private async pause(): Promise<void> {
    const turns = Math.floor(this.next() * 8);
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  async get(key: string) {
    await this.pause();
    return this.inner.get(key);
  }
  async getStream(key: string) {
    await this.pause();
    return this.inner.getStream(key);
  }
  async copyIn(key: string, source: ByteSource) {
    await this.pause();
    return this.inner.copyIn(key, source);
  }
  async head(key: string): Promise<ObjectInfo | null> {
    await this.pause();
    return this.inner.head(key);
  }
  async list(prefix: string) {
    await this.pause();
    return this.inner.list(prefix);
  }
  async put(key: string, body: Uint8Array | string) {
    await this.pause();
    return this.inner.put(key, body);
  }
  async putStream(key: string, body: AsyncIterable<Uint8Array>) {
    await this.pause();
    return this.inner.putStream(key, body);
  }
  async delete(key: string) {
    await this.pause();
    return this.inner.delete(key);
  }
}
