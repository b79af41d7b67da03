// An in-memory ObjectStore so core tests need no disk.
import type { ObjectInfo, ObjectStore } from '../../functions/lake/object-store.ts';

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async get(key: string) {
    return this.objects.get(key) ?? null;
  }
  async getStream(key: string) {
    const bytes = this.objects.get(key);
    if (!bytes) return null;
    return (async function* () {
      yield bytes;
    })();
  }
  async put(key: string, body: Uint8Array | string) {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }
  async putStream(key: string, body: AsyncIterable<Uint8Array>) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    this.objects.set(key, new Uint8Array(bytes));
    return bytes.byteLength;
  }
  async copyIn() {
    return null;
  }
  async head(key: string): Promise<ObjectInfo | null> {
    const bytes = this.objects.get(key);
    return bytes ? { key, size: bytes.byteLength } : null;
  }
  async list(prefix: string) {
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([key, v]) => ({ key, size: v.byteLength }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  text(key: string): string {
    return new TextDecoder().decode(this.objects.get(key));
  }
}
