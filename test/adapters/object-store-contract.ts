// The behaviour every ObjectStore adapter must share, run against each adapter.
import { describe, expect, it } from 'vitest';
import { type ByteSource, bytesSource } from '../../functions/domain/formats/index.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';

/**
 * `copyableSource` gives a source kept where the adapter copies from (a file on disk, an S3
 * object), holding `bytes`.
 */
export function objectStoreContract(
  name: string,
  makeStore: () => Promise<ObjectStore>,
  copyableSource: (bytes: Uint8Array, name: string) => Promise<ByteSource>,
): void {
  describe(`${name} honours the ObjectStore contract`, () => {
    it('puts, gets, heads and deletes', async () => {
      const store = await makeStore();
      expect(await store.get('a/b.txt')).toBeNull();
      expect(await store.head('a/b.txt')).toBeNull();
      await store.put('a/b.txt', 'hello');
      expect(new TextDecoder().decode((await store.get('a/b.txt'))!)).toBe('hello');
      expect(await store.head('a/b.txt')).toEqual({ key: 'a/b.txt', size: 5 });
      await store.put('a/b.txt', new Uint8Array([1, 2, 3]));
      expect([...(await store.get('a/b.txt'))!]).toEqual([1, 2, 3]);
      await store.delete('a/b.txt');
      expect(await store.get('a/b.txt')).toBeNull();
      await store.delete('a/b.txt');
    });

    it('lists by prefix, sorted, including nested keys only under the prefix', async () => {
      const store = await makeStore();
      for (const key of ['x/2.txt', 'x/1.txt', 'x/sub/3.txt', 'xy/4.txt', 'y/5.txt'])
        await store.put(key, key);
      expect((await store.list('x/')).map((o) => o.key)).toEqual(['x/1.txt', 'x/2.txt', 'x/sub/3.txt']);
      expect((await store.list('x')).map((o) => o.key)).toEqual([
        'x/1.txt',
        'x/2.txt',
        'x/sub/3.txt',
        'xy/4.txt',
      ]);
      expect(await store.list('nothing/')).toEqual([]);
    });

    it('lists a version of each object that stays while it is unchanged and changes when it is rewritten', async () => {
      const store = await makeStore();
      await store.put('v/a.txt', 'first');
      await store.put('v/b.txt', 'other');
      const versionOf = async (key: string) => (await store.list('v/')).find((o) => o.key === key)?.version;
      const first = await versionOf('v/a.txt');
      expect(first).toEqual(expect.any(String));
      expect(await versionOf('v/a.txt')).toBe(first);
      await store.put('v/a.txt', 'second');
      expect(await versionOf('v/a.txt')).not.toBe(first);
    });

    it('streams in and out without changing a byte', async () => {
      const store = await makeStore();
      const chunks = Array.from({ length: 50 }, (_, i) => new Uint8Array(10_000).fill(i));
      async function* source() {
        yield* chunks;
      }
      expect(await store.putStream('raw/big.bin', source())).toBe(500_000);
      const stream = await store.getStream('raw/big.bin');
      let total = 0;
      let index = 0;
      for await (const chunk of stream!) {
        for (const byte of chunk) {
          expect(byte).toBe(Math.floor(index / 10_000));
          index += 1;
        }
        total += chunk.byteLength;
      }
      expect(total).toBe(500_000);
      expect(await store.getStream('raw/none.bin')).toBeNull();
    });

    it('copies a source kept where it copies from, byte for byte, and declines any other', async () => {
      const store = await makeStore();
      const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251);
      const source = await copyableSource(bytes, 'June return (final).csv');
      expect(await store.copyIn('raw/monthly-return/sub_1/June_return_final.csv', source)).toBe(300_000);
      const copied = await store.get('raw/monthly-return/sub_1/June_return_final.csv');
      expect(Buffer.compare(copied!, bytes)).toBe(0);
      expect(await store.copyIn('raw/monthly-return/sub_2/x.csv', bytesSource('x.csv', bytes))).toBeNull();
      expect(await store.head('raw/monthly-return/sub_2/x.csv')).toBeNull();
    });
  });
}
