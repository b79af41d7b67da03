import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  copySourceOf,
  S3ObjectStore,
  S3ObjectVersion,
  S3RequestError,
} from '../../../functions/adapters/s3-object-store.ts';
import { type ByteSource, bytesSource } from '../../../functions/domain/formats/index.ts';
import { InvalidKeyError } from '../../../functions/lake/keys.ts';
import { objectStoreContract } from '../../adapters/object-store-contract.ts';
import { localS3Client, useLocalAws } from '../../helpers/fauxqs.ts';

const aws = useLocalAws();

/** An upload in a landing bucket of its own, as S3 keeps it. */
async function landingObject(bytes: Uint8Array, name: string): Promise<ByteSource> {
  const bucket = aws().createBucket();
  const key = `landing/P001/monthly-return/${name}`;
  await aws().s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
  return { ...bytesSource(name, bytes), origin: new S3ObjectVersion(bucket, key) };
}

objectStoreContract(
  'S3ObjectStore',
  async () => new S3ObjectStore({ client: aws().s3, bucket: aws().createBucket() }),
  landingObject,
);

objectStoreContract(
  'S3ObjectStore under a prefix',
  async () => new S3ObjectStore({ client: aws().s3, bucket: aws().createBucket(), prefix: 'lake/' }),
  landingObject,
);

describe('CopyObject source', () => {
  it('names the bucket, the key URL-encoded with its slashes kept, and the version read', () => {
    const key = 'landing/P001/monthly-return/June return (final)+.csv';
    expect(copySourceOf(new S3ObjectVersion('lake-1', key))).toBe(
      'lake-1/landing/P001/monthly-return/June%20return%20(final)%2B.csv',
    );
    expect(copySourceOf(new S3ObjectVersion('lake-1', 'a/b.csv', '3/L4kq+tw='))).toBe(
      'lake-1/a/b.csv?versionId=3%2FL4kq%2Btw%3D',
    );
  });
});

describe('S3ObjectStore on S3', () => {
  it('pages through more than 1000 keys', async () => {
    const client = localS3Client(aws().endpoint);
    const pageRequests: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') pageRequests.push(context.commandName);
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = new S3ObjectStore({ client, bucket: aws().createBucket(), listPageSize: 97 });
    const keys = Array.from({ length: 1203 }, (_, i) => `many/${String(i).padStart(5, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => store.put(key, 'x')));
    }
    await store.put('other/1.txt', 'x');
    const listed = await store.list('many/');
    expect(listed.map((o) => o.key)).toEqual(keys);
    expect(listed.every((o) => o.size === 1)).toBe(true);
    expect(pageRequests).toHaveLength(Math.ceil(keys.length / 97));
    client.destroy();
  });

  it('keeps a prefix out of the keys it returns and away from other prefixes', async () => {
    const bucket = aws().createBucket();
    const lake = new S3ObjectStore({ client: aws().s3, bucket, prefix: 'lake' });
    const root = new S3ObjectStore({ client: aws().s3, bucket });
    await lake.put('a/1.txt', 'one');
    await root.put('a/2.txt', 'two');
    expect(await lake.list('a/')).toEqual([{ key: 'a/1.txt', size: 3, version: expect.any(String) }]);
    expect((await root.list('')).map((o) => o.key)).toEqual(['a/2.txt', 'lake/a/1.txt']);
  });

  it('streams a multipart upload of several parts back byte for byte', async () => {
    const client = localS3Client(aws().endpoint);
    const commands: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const store = new S3ObjectStore({ client, bucket: aws().createBucket() });
    // 11 MiB in uneven chunks: three 5 MiB-or-less parts, none aligned with a chunk.
    const chunks = Array.from({ length: 11 }, () => randomBytes(1024 * 1024 - 7));
    chunks.push(randomBytes(77));
    const expected = Buffer.concat(chunks);
    async function* source() {
      yield* chunks;
    }
    expect(await store.putStream('raw/big/upload.bin', source())).toBe(expected.byteLength);
    expect(commands).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
    ]);
    expect(await store.head('raw/big/upload.bin')).toEqual({
      key: 'raw/big/upload.bin',
      size: expected.byteLength,
    });
    const parts: Uint8Array[] = [];
    for await (const chunk of (await store.getStream('raw/big/upload.bin'))!) parts.push(chunk);
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
    client.destroy();
  });

  it('surfaces an error other than a missing key, naming the call and the object', async () => {
    const store = new S3ObjectStore({ client: aws().s3, bucket: 'no-such-bucket-carescore' });
    const failure = store.get('ledger/submissions/x.json');
    await expect(failure).rejects.toBeInstanceOf(S3RequestError);
    await expect(failure).rejects.toThrow(
      /S3 GetObject of s3:\/\/no-such-bucket-carescore\/ledger\/submissions\/x\.json failed: NoSuchBucket/,
    );
    await expect(store.list('ledger/')).rejects.toThrow(/S3 ListObjectsV2 of .* failed: NoSuchBucket/);
    await expect(store.put('a.txt', 'x')).rejects.toThrow(/S3 PutObject of .* failed/);
  });

  it('refuses keys that could leave the lake before calling S3', async () => {
    const store = new S3ObjectStore({ client: aws().s3, bucket: 'never-called' });
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', './a']) {
      await expect(store.put(key, 'x')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(store.list('../')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('labels reports and data with a content type', async () => {
    const bucket = aws().createBucket();
    const store = new S3ObjectStore({ client: aws().s3, bucket });
    await store.put('reports/P1/s.html', '<p>hi</p>');
    const out = await aws().s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'reports/P1/s.html' }));
    expect(out.ContentType).toBe('text/html; charset=utf-8');
  });
});
