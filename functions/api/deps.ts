// What the web app's HTTP API is given by the runtime that serves it (DESIGN §2): the lake's ports,
// the method, a clock, who is asking, and how an uploaded file is ingested. The API never opens a
// file or a database itself, so the same app runs in `carescore serve` and (later) in a Lambda.
import type { InputType } from '../domain/contracts/index.ts';
import type { Identity } from '../domain/identity.ts';
import type { MethodConfig } from '../domain/method/config.ts';
import type { Submission } from '../domain/submission.ts';
import type { SubmissionReport } from '../domain/validation/submission-report.ts';
import type { ByteSource, Clock, ObjectStore, QueryEngine } from '../pipeline/ports.ts';

export interface UploadRequest {
  source: ByteSource;
  type: InputType;
  /** The sending provider's id, or 'council' for a council feed. */
  submitter: string;
  receivedAt: Date;
}

export interface UploadResult {
  submission: Submission;
  report: SubmissionReport;
  alreadyReceived: boolean;
}

export interface ApiDeps {
  store: ObjectStore;
  queries: QueryEngine;
  /** The published method new scores are computed with. */
  method: MethodConfig;
  /** A second method the method page compares the published one with (serve --compare-method). */
  compareMethod?: MethodConfig;
  now: Clock;
  /**
   * The identity of a request (a header locally; on AWS the JWT authorizer's verified claims, which
   * the Lambda adapter passes in `env`, the Hono context's env); undefined → 401.
   */
  identify: (request: Request, env: unknown) => Identity | undefined;
  /**
   * Ingests one uploaded file and scores the months it touched. Absent on AWS, where files go
   * through a presigned upload into the landing bucket: POST /api/submissions then answers 405.
   */
  ingest?: (request: UploadRequest) => Promise<UploadResult>;
  /**
   * Builds a sender's .xlsx template. Absent in the AWS Lambda, where the workbook library would
   * take its bundle past 2 MB: GET /api/templates/<type>.xlsx then answers 404 saying where to get it.
   */
  xlsxTemplate?: (type: InputType) => Promise<Uint8Array>;
  /** Called after every write to the lake (an upload, an alert acknowledged or withdrawn). */
  afterWrite?: () => Promise<void>;
  /** Local mode: GET /api/session lists every provider so the page can switch between them. */
  local?: boolean;
  /** The largest upload accepted, in bytes (the ingest limit max_file_mb by default). */
  maxUploadBytes?: number;
  /** Where server-side errors are written (never to the client). */
  log?: (message: string) => void;
}
