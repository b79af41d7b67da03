/** An event (or message body) that is not the shape its handler expects; names what is wrong. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  constructor(
    readonly eventKind: string,
    readonly issues: string,
  ) {
    super(`Not a valid ${eventKind}: ${issues}`);
  }
}
