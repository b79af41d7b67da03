// Where a file lands says who sent it and what it is: landing/<provider_id|council>/<input-type>/<file>
// (CONTRACTS §3).
import { type InputType, inputTypes, isInputType } from '../../domain/contracts/index.ts';

export interface LandingKey {
  /** The submitting provider's id, or 'council'. */
  submitter: string;
  type: InputType;
  /** The file's name as uploaded; the core sanitises it before it reaches a lake key. */
  fileName: string;
}

/** A landing object whose key does not follow the layout, so nobody can say who sent what. */
export class LandingKeyError extends Error {
  override name = 'LandingKeyError';
  /** The key fails the same way on every retry. */
  readonly permanent = true;
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`The landing object "${key}" cannot be ingested: ${reason}`);
  }
}

export function parseLandingKey(key: string): LandingKey {
  const parts = key.split('/');
  if (parts.length !== 4 || parts[0] !== 'landing') {
    throw new LandingKeyError(key, 'its key is not landing/<provider_id|council>/<input-type>/<file>.');
  }
  const [, submitter, type, fileName] = parts as [string, string, string, string];
  if (submitter === '') throw new LandingKeyError(key, 'its key names no provider (or council).');
  if (!isInputType(type)) {
    throw new LandingKeyError(key, `"${type}" is not an input type (${inputTypes.join(', ')}).`);
  }
  if (fileName === '') throw new LandingKeyError(key, 'its key names no file.');
  return { submitter, type, fileName };
}

/** The empty object the S3 console makes for "Create folder": not a file anybody sent. */
export function isFolderMarker(key: string, size: number): boolean {
  return key.endsWith('/') && size === 0;
}
