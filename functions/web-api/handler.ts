// Web app API Lambda (API Gateway HTTP API, `ANY /api/{proxy+}` behind the Cognito JWT authorizer):
// the same Hono app as `carescore serve` (functions/api), on S3 and Athena. Who is asking comes only
// from the claims API Gateway verified, never from a header; files arrive through POST /uploads, so
// this Lambda does not ingest (POST /api/submissions answers 405).
import { Logger } from '@aws-lambda-powertools/logger';
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { handle } from 'hono/aws-lambda';
import { AthenaQueryEngine } from '../adapters/athena-query-engine.ts';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import { createApiApp } from '../api/app.ts';
import { ApiError } from '../api/errors.ts';
import { AccessDeniedError } from '../aws/access/errors.ts';
import { callerFromClaims } from '../aws/access/principal.ts';
import { lambdaEnvironment, requiredEnv } from '../aws/lambda-environment.ts';
import { sdkClientOptions, webApiQueryTimeoutMs } from '../aws/timeouts.ts';
import type { Identity } from '../domain/identity.ts';
import { publishedMethod } from '../domain/method/published.ts';
import type { QueryEngine } from '../pipeline/ports.ts';

export interface WebApiHandlerOptions {
  s3?: S3Client;
  athena?: AthenaClient;
  /** Tests give the views another way than Athena. @default Athena in the configured workgroup */
  queries?: QueryEngine;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** The authorizer's verified claims, as the Lambda adapter hands the event over in the app's env. */
function claimsIn(env: unknown): Record<string, unknown> | undefined {
  const event = (env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: unknown } } } } })
    ?.event;
  const claims = event?.requestContext?.authorizer?.jwt?.claims;
  return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
}

/** No verified claims → 401; claims without a usable identity → 403 with what to ask the council. */
export function identityFromAuthorizer(_request: Request, env: unknown): Identity | undefined {
  const claims = claimsIn(env);
  if (claims === undefined) return undefined;
  try {
    return callerFromClaims(claims);
  } catch (error) {
    if (error instanceof AccessDeniedError) throw new ApiError(403, error.message);
    throw error;
  }
}

export function createWebApiHandler(options: WebApiHandlerOptions = {}) {
  const log = new Logger({ serviceName: 'web-api' });
  let handler: ReturnType<typeof handle> | undefined;
  // Built on the first request, from the environment of that moment (tests set it per handler).
  const build = () => {
    const env = options.env ?? process.env;
    const s3 = options.s3 ?? new S3Client(sdkClientOptions('webApi'));
    const queries =
      options.queries ??
      new AthenaQueryEngine({
        client: options.athena ?? new AthenaClient(sdkClientOptions('webApi')),
        workGroup: requiredEnv(lambdaEnvironment.athenaWorkGroup, env),
        database: requiredEnv(lambdaEnvironment.glueDatabase, env),
        poll: { timeoutMs: webApiQueryTimeoutMs, maxDelayMs: 1_000, initialDelayMs: 100 },
      });
    const app = createApiApp({
      store: new S3ObjectStore({ client: s3, bucket: requiredEnv(lambdaEnvironment.lakeBucket, env) }),
      queries,
      method: publishedMethod(),
      now: options.now ?? (() => new Date()),
      identify: identityFromAuthorizer,
      log: (message) => log.error(message),
    });
    return handle(app);
  };
  return (
    event: Parameters<ReturnType<typeof handle>>[0],
    context?: Parameters<ReturnType<typeof handle>>[1],
  ) => {
    handler ??= build();
    return handler(event, context);
  };
}

export const handler = createWebApiHandler();
