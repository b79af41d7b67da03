// The environment each Lambda reads, named once: infra/ sets these variables and each handler
// reads them, so the two cannot drift apart.

export const lambdaEnvironment = {
  /** The lake bucket: raw, ledger, curated, results, quarantine, reports. */
  lakeBucket: 'LAKE_BUCKET',
  /** The landing bucket providers and commissioners upload into. */
  landingBucket: 'LANDING_BUCKET',
  /** The queue the ingest Lambda tells which months it touched; the score Lambda reads it. */
  scoreQueueUrl: 'SCORE_QUEUE_URL',
  /** The ingest queue itself: the ingest Lambda routes arrivals from one group into per-provider groups. */
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  /** The dead-letter queue of the function's own queue, where permanent failures go at once. */
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  /** The SNS topic alerts are published to. */
  alertTopicArn: 'ALERT_TOPIC_ARN',
  /** The Athena workgroup the web app's API queries the views in. */
  athenaWorkGroup: 'ATHENA_WORKGROUP',
  /** The Glue database holding the lake's tables and views. */
  glueDatabase: 'GLUE_DATABASE',
  /** The largest upload, in bytes, a presigned POST allows. */
  uploadMaxBytes: 'UPLOAD_MAX_BYTES',
} as const;

export type LambdaEnvironmentName = (typeof lambdaEnvironment)[keyof typeof lambdaEnvironment];

/** The named variable's value; a clear error (not undefined) when the deployment forgot it. */
export function requiredEnv(name: LambdaEnvironmentName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is not set.`);
  return value;
}
