// Which validation report a caller may read: only its own, by submission id.
import { keys } from '../../lake/keys.ts';
import { AccessRequestError } from './errors.ts';
import type { Submitter } from './principal.ts';

const submissionIdPattern = /^sub_[0-9a-f]{24}$/;

/** The key of the submitter's HTML report for this submission; the id is checked, never trusted. */
export function reportKeyFor(submitter: Submitter, submissionId: string): string {
  if (!submissionIdPattern.test(submissionId)) {
    throw new AccessRequestError(`"${submissionId}" is not a submission id (sub_ and 24 hex digits).`);
  }
  return keys.reportHtml(submitter, submissionId);
}
