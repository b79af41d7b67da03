// A submission's id (CONTRACTS §2): what makes one received file the same submission as another.
import { createHash } from 'node:crypto';
import type { Submission } from '../domain/submission.ts';

/**
 * A submission is one sender's file of one type: its id is `sub_` and the first 24 hex digits of
 * the SHA-256 of `<input type>\n<sender>\n<SHA-256 of the bytes>`. The same sender sending the same
 * bytes as the same type gets the same id (ingest is idempotent and retry-safe); two providers
 * sending the same bytes, or a file sent first as the wrong type or sender, are separate submissions.
 */
export function submissionIdFor(inputType: string, sender: string, sha256: string): string {
  const id = createHash('sha256').update(`${inputType}\n${sender}\n${sha256}`).digest('hex');
  return `sub_${id.slice(0, 24)}`;
}

/** The id lakes written before submissions were per sender and type gave: the bytes' SHA-256 alone. */
export function legacySubmissionIdFor(sha256: string): string {
  return `sub_${sha256.slice(0, 24)}`;
}

/** Whether a ledger record's id is the one its type, sender and bytes give (or a legacy one). */
export function hasOwnId(
  s: Pick<Submission, 'submission_id' | 'input_type' | 'provider_id' | 'sha256'>,
): boolean {
  return (
    s.submission_id === submissionIdFor(s.input_type, s.provider_id, s.sha256) ||
    s.submission_id === legacySubmissionIdFor(s.sha256)
  );
}
