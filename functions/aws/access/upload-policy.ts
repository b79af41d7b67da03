// What a presigned POST lets a caller upload: exactly one key under its own landing prefix, of a
// type it may send, at most maxBytes. The key is built only from the verified submitter, a known
// input type and a sanitised file name, so nothing the caller sends can move it elsewhere.
import { contracts, type InputType, inputTypes, isInputType } from '../../domain/contracts/index.ts';
import { sanitiseFileName } from '../../lake/keys.ts';
import { AccessDeniedError, AccessRequestError } from './errors.ts';
import type { Submitter } from './principal.ts';

/** How long a presigned POST stays usable. */
export const uploadExpirySeconds = 15 * 60;

/** A presigned POST condition, as @aws-sdk/s3-presigned-post takes it. */
type PostCondition = Record<string, string> | ['content-length-range', number, number];

export interface UploadPolicy {
  key: string;
  conditions: PostCondition[];
  expiresSeconds: number;
}

export interface UploadRequest {
  submitter: Submitter;
  type: string;
  fileName: string;
  bucket: string;
  maxBytes: number;
}

export function landingPrefix(submitter: Submitter, type: InputType): string {
  return `landing/${submitter}/${type}/`;
}

export function uploadPolicy(request: UploadRequest): UploadPolicy {
  const { submitter, type, fileName } = request;
  if (!isInputType(type)) {
    throw new AccessRequestError(`"${type}" is not an input type; use one of ${inputTypes.join(', ')}.`);
  }
  const owner = contracts[type].owner;
  if ((owner === 'council') !== (submitter === 'council')) {
    throw new AccessDeniedError(
      owner === 'council'
        ? `Only the council sends ${type} files.`
        : `A ${type} file is sent by a provider, not by the council.`,
    );
  }
  if (fileName.trim() === '') throw new AccessRequestError('Give the file a name.');
  const key = `${landingPrefix(submitter, type)}${sanitiseFileName(fileName)}`;
  return {
    key,
    conditions: [
      { bucket: request.bucket },
      // Exact: the form cannot swap in another key, not even one under the same prefix.
      { key },
      ['content-length-range', 1, request.maxBytes],
    ],
    expiresSeconds: uploadExpirySeconds,
  };
}
