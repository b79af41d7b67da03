// The CLI's two kinds of expected error, apart from args.ts (which re-exports them) so that main.ts
// can tell them apart without loading what args.ts loads.

/** A command line that is wrong (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An error whose message is already one clear sentence for the user (exit 1). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
