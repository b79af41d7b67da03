// The AWS lake: an S3 bucket (optionally a prefix within it) whose object keys are the lake keys.
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { lakeKeyParts } from '../lake/keys.ts';
import type { ByteSource, ObjectInfo, ObjectStore } from '../pipeline/ports.ts';

export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** A key prefix inside the bucket, such as 'lake/'. @default '' (the bucket root) */
  readonly prefix?: string;
  /** Keys per ListObjectsV2 page; S3's maximum is 1000. @default 1000 */
  readonly listPageSize?: number;
  /** Multipart part size for putStream, at least 5 MiB; memory held is about partSize × queueSize. @default 5 MiB */
  readonly partSize?: number;
  /** Parts putStream uploads at once. @default 2 */
  readonly queueSize?: number;
  /** Objects a table read fetches at once (ObjectStore.readConcurrency). @default 8 */
  readonly readConcurrency?: number;
}

/** An S3 call that failed for a reason other than a missing key; names the call and the object. */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  constructor(
    readonly operation: string,
    readonly location: string,
    override readonly cause: unknown,
  ) {
    super(`S3 ${operation} of ${location} failed: ${errorSummary(cause)}`, { cause });
  }
}

const MIB = 1024 * 1024;

// So a report opened from a presigned URL renders instead of downloading as octet-stream.
const contentTypes: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.parquet': 'application/vnd.apache.parquet',
};

export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly listPageSize: number;
  private readonly partSize: number;
  private readonly queueSize: number;
  readonly readConcurrency: number;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = normalisePrefix(options.prefix ?? '');
    this.listPageSize = options.listPageSize ?? 1000;
    this.partSize = options.partSize ?? 5 * MIB;
    this.queueSize = options.queueSize ?? 2;
    // A few round trips in flight: the tables are MB-scale Parquet, so eight at once stays small
    // in a Lambda's memory while cutting a read of many files to an eighth of the round trips.
    this.readConcurrency = options.readConcurrency ?? 8;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const body = await this.getBody(key);
    if (body === null) return null;
    return this.attempt('GetObject', key, () => body.transformToByteArray());
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const body = await this.getBody(key);
    if (body === null) return null;
    // In Node the SDK's body is a Readable, which iterates as Buffers (Uint8Arrays).
    return body as unknown as AsyncIterable<Uint8Array>;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const objectKey = this.objectKey(key);
    await this.attempt('PutObject', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: body,
          ContentType: contentType(key),
        }),
      ),
    );
  }

  async putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    const objectKey = this.objectKey(key);
    let size = 0;
    const counted = async function* () {
      for await (const chunk of body) {
        size += chunk.byteLength;
        yield chunk;
      }
    };
    // Upload sends one PutObject for a small stream and a multipart upload otherwise, holding at
    // most queueSize parts in memory; it aborts the multipart upload if a part fails.
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: objectKey,
        Body: Readable.from(counted()),
        ContentType: contentType(key),
      },
      partSize: this.partSize,
      queueSize: this.queueSize,
    });
    await this.attempt('Upload', key, () => upload.done());
    return size;
  }

  /**
   * An S3 object (the landing upload) is copied by S3 itself: its bytes do not pass through the
   * Lambda again. The copy is of the version named, so it is the very bytes that were validated.
   */
  async copyIn(key: string, source: ByteSource): Promise<number | null> {
    const from = source.origin;
    if (!(from instanceof S3ObjectVersion)) return null;
    await this.attempt('CopyObject', key, () =>
      this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          CopySource: copySourceOf(from),
          ContentType: contentType(key),
          MetadataDirective: 'REPLACE',
        }),
      ),
    );
    return source.size;
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const objectKey = this.objectKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return { key, size: out.ContentLength ?? 0 };
    } catch (error) {
      // HEAD responses have no body, so a missing key arrives as a bare 404 named NotFound.
      if (errorName(error) === 'NotFound') return null;
      throw new S3RequestError('HeadObject', this.location(objectKey), error);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // A list prefix may end in '/' or mid-name ('x' matches 'xy/…'); what precedes must be a valid key.
    const stem = prefix.replace(/\/$/, '');
    if (stem !== '') lakeKeyParts(stem);
    const out: ObjectInfo[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.listPageSize },
      { Bucket: this.bucket, Prefix: this.prefix + prefix },
    );
    await this.attempt('ListObjectsV2', prefix, async () => {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          out.push({
            key: object.Key.slice(this.prefix.length),
            size: object.Size ?? 0,
            ...(object.ETag ? { version: object.ETag } : {}),
          });
        }
      }
    });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    // S3 deletes are idempotent: deleting a missing key succeeds, as the port requires.
    await this.attempt('DeleteObject', key, () =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey })),
    );
  }

  private async getBody(key: string) {
    const objectKey = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!out.Body) throw new Error('the response had no body');
      return out.Body;
    } catch (error) {
      if (errorName(error) === 'NoSuchKey') return null;
      throw new S3RequestError('GetObject', this.location(objectKey), error);
    }
  }

  private objectKey(key: string): string {
    lakeKeyParts(key);
    return this.prefix + key;
  }

  private location(objectKey: string): string {
    return `s3://${this.bucket}/${objectKey}`;
  }

  private async attempt<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new S3RequestError(operation, this.location(this.prefix + key), error);
    }
  }
}

function normalisePrefix(prefix: string): string {
  const stem = prefix.replace(/\/$/, '');
  if (stem === '') return '';
  lakeKeyParts(stem);
  return `${stem}/`;
}

function contentType(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  return dot === -1 ? undefined : contentTypes[key.slice(dot).toLowerCase()];
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}

/** One version of an S3 object, as a ByteSource's origin: an S3 store copies it with CopyObject. */
export class S3ObjectVersion {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly versionId?: string,
  ) {}
}

/** CopyObject's source: bucket and URL-encoded key ('/' kept), and the version when there is one. */
export function copySourceOf(from: S3ObjectVersion): string {
  const object = `${from.bucket}/${encodeURIComponent(from.key).replaceAll('%2F', '/')}`;
  return from.versionId ? `${object}?versionId=${encodeURIComponent(from.versionId)}` : object;
}
