// Every wait in a Lambda, next to the Lambda's own timeout, named once: infra/ sets each function's
// timeout from here and each handler builds its AWS SDK clients from here, so no wait can outlast
// the function that waits (test/aws/handlers/timeouts.test.ts checks the sums).

/** The function timeouts, in seconds. */
export const functionTimeoutSeconds = {
  ingest: 600,
  score: 600,
  alerts: 300,
  views: 300,
  upload: 10,
  /** The web app's API: API Gateway gives up on an integration after 30 s. */
  webApi: 29,
} as const;

export type TimedFunction = keyof typeof functionTimeoutSeconds;

/**
 * How long one SDK request may sit idle (no byte sent or received) before it is abandoned and
 * retried, per function: streaming a large object is not limited, a stalled connection is.
 */
export const sdkRequestTimeoutMs: Record<TimedFunction, number> = {
  ingest: 60_000,
  score: 60_000,
  alerts: 30_000,
  views: 10_000,
  upload: 2_000,
  webApi: 5_000,
};

/** Attempts per SDK call (the SDK's default), so a stalled call costs at most this × the timeout. */
export const sdkMaxAttempts = 3;

/** How long before the function's end the views Lambda stops waiting for Athena, to report why. */
export const viewsDeadlineMarginMs = 20_000;

/**
 * How long the web app's API waits for one Athena query: inside the function's timeout with room
 * to stop the query and answer with a sentence, not a gateway timeout.
 */
export const webApiQueryTimeoutMs = 15_000;

/** SDK client options for a function's clients: bounded connection and idle times, standard retries. */
export function sdkClientOptions(name: TimedFunction) {
  const requestTimeout = sdkRequestTimeoutMs[name];
  return {
    maxAttempts: sdkMaxAttempts,
    // socketTimeout is the idle limit (requestTimeout would cap a whole streamed download, and only
    // warns unless told to throw).
    requestHandler: { connectionTimeout: Math.min(3_000, requestTimeout), socketTimeout: requestTimeout },
  };
}
