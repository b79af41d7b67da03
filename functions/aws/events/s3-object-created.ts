// The EventBridge event S3 sends when an object is created in the landing bucket, as delivered in
// the body of an SQS message (EventBridge rule → ingest queue). Unlike S3's own event notifications,
// EventBridge gives `detail.object.key` as the key itself, not form-URL-encoded: a '+', a '%', a
// space or 'é' in it is that character, so it is used as it comes.
import * as z from '../../domain/zod.ts';
import { parseJsonEvent } from './parse-event.ts';

const objectCreatedEventSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  time: z.iso.datetime({ offset: true }),
  detail: z.object({
    bucket: z.object({ name: z.string().check(z.minLength(1)) }),
    object: z.object({
      key: z.string().check(z.minLength(1)),
      size: z.int().check(z.nonnegative()),
      etag: z.optional(z.string()),
      'version-id': z.optional(z.string()),
    }),
  }),
});

/** The created object, ready to read. */
export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  /** Present on a versioned bucket: reading this version means a later upload to the same key can't swap the bytes. */
  versionId?: string;
  /** When S3 created the object: the submission's received time. */
  time: Date;
}

const eventKind = 'S3 "Object Created" event';

export function parseObjectCreated(body: string): CreatedObject {
  const event = parseJsonEvent(objectCreatedEventSchema, eventKind, body);
  const { bucket, object } = event.detail;
  const versionId = object['version-id'];
  return {
    bucket: bucket.name,
    key: object.key,
    size: object.size,
    ...(versionId !== undefined ? { versionId } : {}),
    time: new Date(event.time),
  };
}
