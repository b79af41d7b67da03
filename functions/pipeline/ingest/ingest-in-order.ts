// A back-load's files, several in flight, with every outcome as if they were ingested one after
// another in the order given. A file's reading, validation, raw copy and row files overlap with
// other files' (each waits mostly on the disk or the network); what depends on the files before it
// waits for its turn (IngestDeps.turn): its back-dated notice and its ledger record, so
// submissions commit in the order given. Two files of one sender never overlap (the same bytes
// sent twice are "already received" the second time), and a council feed runs alone, after every
// file before it and before any after it (a new provider register decides what later returns admit).

/** The run stopped at an earlier file (its error is the run's): this file must not commit. */
export class RunStoppedError extends Error {
  constructor() {
    super('The run stopped at an earlier file, so this one was not committed.');
    this.name = 'RunStoppedError';
  }
}

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface InOrderOptions<J> {
  /** Files in flight at most (1: one after another). */
  inFlight: number;
  /** The sender whose files run one at a time, or null for a file that runs alone (a council feed). */
  laneOf: (job: J) => string | null;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A turn nobody waited for is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Runs `run` for each job, at most `inFlight` at once, and hands each outcome to `settle` in the
 * jobs' order. `turn` resolves once every earlier job is settled; it rejects (RunStoppedError) when
 * `settle` threw for an earlier job, which stops the run: no later job starts, and the error is
 * rethrown once the jobs in flight have ended.
 */
export async function ingestInOrder<J, R>(
  jobs: readonly J[],
  { inFlight, laneOf }: InOrderOptions<J>,
  run: (job: J, turn: () => Promise<void>) => Promise<R>,
  settle: (job: J, outcome: Outcome<R>) => void,
): Promise<void> {
  const settled = jobs.map(() => deferred());
  // Each emptied once settled: a back-load of thousands of files does not keep every outcome.
  const outcomes: (Deferred<Outcome<R>> | undefined)[] = jobs.map(() => deferred<Outcome<R>>());
  const turn = (i: number) => () => (i === 0 ? Promise.resolve() : settled[i - 1]!.promise);
  let stopped: { error: unknown } | null = null;

  // Outcomes are settled in order as they arrive, beside the loop that starts the jobs.
  const settling = (async () => {
    for (let i = 0; i < jobs.length; i++) {
      const outcome = await outcomes[i]!.promise;
      outcomes[i] = undefined;
      try {
        settle(jobs[i]!, outcome);
      } catch (error) {
        stopped = { error };
        for (const d of settled) d.reject(new RunStoppedError());
        return;
      }
      settled[i]!.resolve();
    }
  })();

  const running = new Set<Promise<void>>();
  const lastInLane = new Map<string, Promise<void>>();
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    const lane = laneOf(job);
    // Alone: after every earlier file has its outcome; else after this sender's previous file.
    if (lane === null) await (i > 0 ? settled[i - 1]!.promise.catch(() => undefined) : undefined);
    else await lastInLane.get(lane);
    while (running.size >= inFlight) await Promise.race(running);
    if (stopped) break;
    const outcome = outcomes[i]!;
    const done = run(job, turn(i)).then(
      (value) => outcome.resolve({ ok: true, value }),
      (error: unknown) => outcome.resolve({ ok: false, error }),
    );
    running.add(done);
    void done.then(() => running.delete(done));
    if (lane === null) await settled[i]!.promise.catch(() => undefined);
    else lastInLane.set(lane, done);
  }
  await Promise.all(running);
  if (stopped === null) await settling;
  if (stopped) throw (stopped as { error: unknown }).error;
}
