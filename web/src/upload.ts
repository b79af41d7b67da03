// A provider's upload on AWS (functions/api/CONTRACT.md part 3 §4): the file's SHA-256 here, a presigned
// POST from the API, the file straight to the landing bucket, then the report polled for until the
// ingest (an S3 event away) has written it. Locally the page posts the file to /api/submissions.
import { ApiError, getJson, postJson } from './api.ts';
import type { SubmissionReport } from './types.ts';

/** How often the report is asked for, and for how long, once the file is in the bucket. */
export const pollEveryMs = 2000;
export const pollForMs = 3 * 60 * 1000;

export type UploadStage = 'sending' | 'checking';

export type UploadOutcome =
  | { kind: 'report'; submissionId: string; report: SubmissionReport }
  /** Received, but no report within the polling time: it will appear under "My submissions". */
  | { kind: 'waiting'; submissionId: string };

/** An upload that failed: one sentence for the page. */
class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

interface Presigned {
  url: string;
  fields: Record<string, string>;
  submissionId: string;
}

export interface UploadOptions {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isPresigned(value: unknown): value is Presigned {
  const v = value as Partial<Presigned> | null;
  return (
    typeof v?.url === 'string' &&
    typeof v.submissionId === 'string' &&
    typeof v.fields === 'object' &&
    v.fields !== null &&
    Object.values(v.fields).every((f) => typeof f === 'string')
  );
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

/** S3's XML refusal of a POST, in one sentence naming the file and what to do. */
function refusal(fileName: string, size: number, status: number, xml: string): string {
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const code = tag('Code');
  if (code === 'EntityTooLarge') {
    const max = Number(tag('MaxSizeAllowed'));
    const proposed = Number(tag('ProposedSize') ?? size);
    return `${fileName} is too large to send (${megabytes(proposed)}${Number.isFinite(max) && max > 0 ? `; the largest accepted is ${megabytes(max)}` : ''}): split it or remove what is not needed, then send it again.`;
  }
  if (code === 'AccessDenied' && /expired/i.test(tag('Message') ?? ''))
    return `The permission to send ${fileName} ran out before it was sent: send it again.`;
  return `The council's file store refused ${fileName} (${code ?? `HTTP ${status}`}${tag('Message') ? `: ${tag('Message')}` : ''}): send it again, and tell the council if it keeps happening.`;
}

/** Sends one checked file as `providerId`; `onStage` hears "sending" then "checking". */
export async function uploadToAws(
  request: { file: File; type: string; providerId: string; onStage: (stage: UploadStage) => void },
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((done) => setTimeout(done, ms)));
  const now = options.now ?? (() => Date.now());
  const { file, type, providerId, onStage } = request;
  onStage('sending');
  const bytes = await file.arrayBuffer();
  const sha256 = await sha256Hex(bytes);

  let presigned: unknown;
  try {
    presigned = await postJson<unknown>('/uploads', { type, fileName: file.name, sha256 });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    throw new UploadError(`The file was not sent: ${(e as Error).message}`);
  }
  if (!isPresigned(presigned))
    throw new UploadError(
      'The file was not sent: the upload service answered with something other than a place to send it; try again, and tell the council if it keeps happening.',
    );

  // The policy's fields first, the file last (S3 ignores anything after the file).
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: file.type || 'application/octet-stream' }), file.name);
  let stored: Response;
  try {
    stored = await fetch(presigned.url, { method: 'POST', body: form });
  } catch {
    throw new UploadError(
      `${file.name} could not be sent to the council's file store: check your connection, then send it again.`,
    );
  }
  if (!stored.ok)
    throw new UploadError(refusal(file.name, bytes.byteLength, stored.status, await stored.text()));

  onStage('checking');
  const path = `/api/providers/${encodeURIComponent(providerId)}/submissions/${encodeURIComponent(presigned.submissionId)}/report`;
  const deadline = now() + pollForMs;
  for (;;) {
    try {
      const report = await getJson<SubmissionReport>(path);
      return { kind: 'report', submissionId: presigned.submissionId, report };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404) {
        if (e instanceof ApiError && e.status === 401) throw e;
        throw new UploadError(
          `${file.name} was received, but its report could not be fetched (${(e as Error).message}); it will appear under My submissions.`,
        );
      }
    }
    if (now() >= deadline) return { kind: 'waiting', submissionId: presigned.submissionId };
    await sleep(pollEveryMs);
  }
}
