/** An event (or message body) that is not the shape its handler expects; names what is wrong. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  /** The same body fails the same way on every retry. */
  readonly permanent = true;
  constructor(
    readonly eventKind: string,
    readonly issues: string,
  ) {
    super(`Not a valid ${eventKind}: ${issues}`);
  }
}
