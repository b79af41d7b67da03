// The submission record (CONTRACTS §2): one per received file, written to the ledger last.
import type { InputType } from './contracts/index.ts';

export type SubmissionStatus = 'accepted' | 'accepted_with_warnings' | 'partially_accepted' | 'rejected';

export interface Submission {
  schema_version: 1;
  submission_id: string;
  sha256: string;
  size_bytes: number;
  input_type: InputType;
  /** The submitting provider's id, or 'council'. */
  provider_id: string;
  /** The name the sender gave the file (data, never a path). */
  file_name: string;
  stored_name: string;
  format: string | null;
  encoding: string | null;
  received_at: string;
  processed_at: string;
  status: SubmissionStatus;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  errors: number;
  warnings: number;
  /** Periods covered by accepted rows, sorted, comma-separated ('' when none or not periodic). */
  period: string;
  file_error: { code: string; message: string } | null;
  raw_key: string;
  report_json_key: string;
  report_html_key: string;
  quarantine_key: string | null;
}

/** CONTRACTS §2.1: the status follows from what was read, rejected and warned. */
export function decideStatus(o: {
  fileRejected: boolean;
  rowsAccepted: number;
  rowsRejected: number;
  warnings: number;
}): SubmissionStatus {
  if (o.fileRejected || o.rowsAccepted === 0) return 'rejected';
  if (o.rowsRejected > 0) return 'partially_accepted';
  return o.warnings > 0 ? 'accepted_with_warnings' : 'accepted';
}
