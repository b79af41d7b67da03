// The two ways an access request fails; handlers map them to 403 and 400. Messages are written for
// the caller and never echo a secret.

/** The caller may not do this: no usable identity, or a type its role does not send. */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
}

/** The request itself is wrong (unknown type, no file name, malformed id); the message says what to fix. */
export class AccessRequestError extends Error {
  override name = 'AccessRequestError';
}
