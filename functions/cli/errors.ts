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

/** Standard output was closed (its reader had gone) before every line given to it was written. */
export class OutputClosedError extends Error {
  override name = 'OutputClosedError';
  constructor(readonly lines: number) {
    super(`standard output was closed before ${lines} line(s) could be written`);
  }
}
