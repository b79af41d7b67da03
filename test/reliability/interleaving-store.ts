// An ObjectStore that, just before its n-th call, lets another operation run to the end: placed at
// every step in turn, this tries every point at which a second ingest can slip into a first one.

import type { ByteSource } from '../../functions/domain/formats/index.ts';
import type { ObjectInfo, ObjectStore } from '../../functions/lake/object-store.ts';

export class InterleavingStore implements ObjectStore {
  private calls = 0;

  constructor(
    private readonly inner: ObjectStore,
    private readonly at: number,
    private readonly other: () => Promise<unknown>,
  ) {}

  /** The number of calls made so far. */
  get count(): number {
    return this.calls;
  }

  private async step(): Promise<void> {
    this.calls += 1;
    if (this.calls === this.at) await this.other();
  }

  async get(key: string) {
    await this.step();
    return this.inner.get(key);
  }
  async getStream(key: string) {
    await this.step();
    return this.inner.getStream(key);
  }
  async copyIn(key: string, source: ByteSource) {
    await this.step();
    return this.inner.copyIn(key, source);
  }
  async head(key: string): Promise<ObjectInfo | null> {
    await this.step();
    return this.inner.head(key);
  }
  async list(prefix: string) {
    await this.step();
    return this.inner.list(prefix);
  }
  async put(key: string, body: Uint8Array | string) {
    await this.step();
    return this.inner.put(key, body);
  }
  async putStream(key: string, body: AsyncIterable<Uint8Array>) {
    await this.step();
    return this.inner.putStream(key, body);
  }
  async delete(key: string) {
    await this.step();
    return this.inner.delete(key);
  }
}
