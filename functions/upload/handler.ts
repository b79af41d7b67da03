// Upload API Lambda (API Gateway HTTP API, JWT authorizer). POST /uploads hands the caller a
// presigned POST for exactly one key under its own landing prefix; GET /reports/{submissionId}
// returns the caller's own validation report. Who the caller is comes only from verified claims.
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import { AccessDeniedError, AccessRequestError } from '../aws/access/errors.ts';
import { submitterFromClaims } from '../aws/access/principal.ts';
import { reportKeyFor } from '../aws/access/report-access.ts';
import { uploadPolicy } from '../aws/access/upload-policy.ts';
import { bodyText, claimsOf, type HttpApiEvent, httpApiEventSchema } from '../aws/events/http-api-event.ts';
import { parseEvent } from '../aws/events/parse-event.ts';
import { lambdaEnvironment, requiredEnv } from '../aws/lambda-environment.ts';
import { tagInvocation, withKeys } from '../aws/lambda-logger.ts';
import { sdkClientOptions } from '../aws/timeouts.ts';
import { parseOnce } from '../domain/parse-once.ts';
import * as z from '../domain/zod.ts';
import { submissionIdFor } from '../lake/submission-id.ts';

export interface UploadHandlerOptions {
  s3?: S3Client;
  env?: NodeJS.ProcessEnv;
}

type HttpResponse = APIGatewayProxyStructuredResultV2;

const uploadBodySchema = z.object({
  type: z.string(),
  fileName: z.string(),
  /** The file's SHA-256 (hex), which the browser computes: the answer then names the submission id. */
  sha256: z.optional(z.string()),
});

const sha256Pattern = /^[0-9a-f]{64}$/;

export function createUploadHandler(options: UploadHandlerOptions = {}) {
  const s3 = options.s3 ?? new S3Client(sdkClientOptions('upload'));
  const log = new Logger({ serviceName: 'upload' });

  return async (event: unknown, context?: Context): Promise<HttpResponse> => {
    tagInvocation(log, context);
    try {
      const request = parseEvent(httpApiEventSchema, 'API Gateway HTTP API event', event);
      const env = options.env ?? process.env;
      const submitter = submitterFromClaims(claimsOf(request));
      return await withKeys(log, { route: request.routeKey, submitter }, async () => {
        switch (request.routeKey) {
          case 'POST /uploads':
            return await presignUpload(request, submitter, s3, env, log);
          case 'GET /reports/{submissionId}':
            return await readReport(request, submitter, s3, env, log);
          default:
            return json(404, { message: `No route ${request.routeKey}.` });
        }
      });
    } catch (error) {
      if (error instanceof AccessDeniedError) {
        log.warn('access denied', { reason: error.message });
        return json(403, { message: error.message });
      }
      if (error instanceof AccessRequestError) {
        log.info('bad request', { reason: error.message });
        return json(400, { message: error.message });
      }
      // Logged in full; the caller gets no stack, message or internals, only the request id to quote.
      log.error('invocation failed', { error });
      return json(500, {
        message: 'Something went wrong on our side.',
        requestId: context?.awsRequestId ?? null,
      });
    }
  };
}

async function presignUpload(
  request: HttpApiEvent,
  submitter: string,
  s3: S3Client,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<HttpResponse> {
  const body = parseBody(bodyText(request));
  const bucket = requiredEnv(lambdaEnvironment.landingBucket, env);
  const policy = uploadPolicy({
    submitter,
    type: body.type,
    fileName: body.fileName,
    bucket,
    maxBytes: maxBytesFrom(requiredEnv(lambdaEnvironment.uploadMaxBytes, env)),
  });
  const post = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: policy.key,
    Conditions: policy.conditions,
    Expires: policy.expiresSeconds,
  });
  const expiresAt = new Date(Date.now() + policy.expiresSeconds * 1000).toISOString();
  // The id ingest will give this file, so the page can wait for its report.
  const submissionId =
    body.sha256 === undefined ? undefined : submissionIdFor(body.type, submitter, body.sha256);
  log.info('upload presigned', { key: policy.key, ...(submissionId ? { submissionId } : {}) });
  return json(200, {
    url: post.url,
    fields: post.fields,
    key: policy.key,
    expiresAt,
    ...(submissionId ? { submissionId } : {}),
  });
}

// The report is served here, not by a presigned GET: @aws-sdk/s3-request-presigner is not a
// dependency, the page is small (at most 1,000 problems, values cut to 200 characters), and no
// bearer link to it can be forwarded.
async function readReport(
  request: HttpApiEvent,
  submitter: string,
  s3: S3Client,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<HttpResponse> {
  const key = reportKeyFor(submitter, request.pathParameters?.submissionId ?? '');
  const store = new S3ObjectStore({ client: s3, bucket: requiredEnv(lambdaEnvironment.lakeBucket, env) });
  const html = await store.get(key);
  if (html === null) {
    log.info('report not found', { key });
    return json(404, { message: 'There is no report for that submission (yet).' });
  }
  log.info('report served', { key, size: html.byteLength });
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      // The page escapes all data; this stops anything in it running or loading regardless.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
    body: new TextDecoder().decode(html),
  };
}

function parseBody(text: string): z.infer<typeof uploadBodySchema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AccessRequestError('Send a JSON body: {"type": "<input type>", "fileName": "<name>"}.');
  }
  const parsed = uploadBodySchema.safeParse(value, parseOnce);
  if (!parsed.success) {
    throw new AccessRequestError('The body needs "type" and "fileName", both text.');
  }
  if (parsed.data.sha256 !== undefined && !sha256Pattern.test(parsed.data.sha256)) {
    throw new AccessRequestError(
      'The "sha256" field must be the file\'s SHA-256 as 64 lower-case hex digits; send it so, or leave it out.',
    );
  }
  return parsed.data;
}

function maxBytesFrom(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `${lambdaEnvironment.uploadMaxBytes} must be a positive whole number of bytes; it is "${text}".`,
    );
  }
  return value;
}

function json(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export const handler = createUploadHandler();
