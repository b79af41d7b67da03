// Fault injection at every step: the operation is run once cleanly to count its steps; then, for
// each step in turn, from the same starting lake, run with that step failing, checked, and retried
// on the same lake with nothing failing. The retried lake must equal the clean run's, byte for byte.
import { expect } from 'vitest';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { FaultyStore, InjectedFaultError, snapshotStore } from '../helpers/faulty-store.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { copyStore } from './lake-fixture.ts';

export interface Attempt {
  /** The step that fails in this run's faulted attempt; null in the clean run. */
  at: number | null;
  phase: 'clean' | 'faulted' | 'retry';
  /** How many steps this attempt has taken so far (0 in the retry, which is not counted). */
  stepsSoFar: () => number;
}

export interface EveryFaultCase {
  base: MemoryObjectStore;
  operation: (store: ObjectStore, attempt: Attempt) => Promise<unknown>;
  counts: 'writes' | 'all';
  mode: 'transient' | 'dies';
  /** What readers may see between the fault and the retry. */
  afterFault?: (store: MemoryObjectStore, fault: InjectedFaultError) => Promise<void>;
  /** Checks after the retry, beyond the lake's equality with the clean run. */
  afterRetry?: (store: MemoryObjectStore, fault: InjectedFaultError) => Promise<void>;
}

/** Returns the clean run's steps and its final lake. */
export async function runEveryFault(
  c: EveryFaultCase,
): Promise<{ steps: string[]; clean: MemoryObjectStore }> {
  const clean = copyStore(c.base);
  const counter = new FaultyStore(clean, { counts: c.counts });
  await c.operation(counter, { at: null, phase: 'clean', stepsSoFar: () => counter.steps.length });
  const expected = await snapshotStore(clean);
  for (let at = 1; at <= counter.steps.length; at++) {
    const store = copyStore(c.base);
    const faulty = new FaultyStore(store, { counts: c.counts, fault: { at, mode: c.mode } });
    const fault = await c
      .operation(faulty, { at, phase: 'faulted', stepsSoFar: () => faulty.steps.length })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(fault, `the run with step ${at} failing must fail`).toBeInstanceOf(InjectedFaultError);
    await c.afterFault?.(store, fault as InjectedFaultError);
    await c.operation(store, { at, phase: 'retry', stepsSoFar: () => 0 });
    expect(
      await snapshotStore(store),
      `retry after a fault at ${(fault as InjectedFaultError).message}`,
    ).toEqual(expected);
    await c.afterRetry?.(store, fault as InjectedFaultError);
  }
  return { steps: counter.steps, clean };
}

/** Each object under the prefix is whole: exactly as before the operation, or as after it. */
export async function expectEachObjectOldOrNew(
  store: ObjectStore,
  prefix: string,
  before: Record<string, string>,
  after: Record<string, string>,
): Promise<void> {
  for (const [key, sha] of Object.entries(await snapshotStore(store, prefix))) {
    expect([before[key], after[key]], `${key} is neither the old nor the new object`).toContain(sha);
  }
}
