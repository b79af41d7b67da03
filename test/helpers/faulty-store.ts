// An ObjectStore that fails on cue, to test what a failed call or a crash at any step leaves
// behind; and the whole state of a store as one comparable value.
import { createHash } from 'node:crypto';
import type { ByteSource } from '../../functions/domain/formats/index.ts';
import type { ObjectInfo, ObjectStore } from '../../functions/lake/object-store.ts';

export class InjectedFaultError extends Error {
  constructor(
    readonly step: number,
    readonly call: string,
  ) {
    super(`injected fault at step ${step} (${call})`);
    this.name = 'InjectedFaultError';
  }
}

interface FaultPlan {
  /** The counted call, from 1, that fails. */
  at: number;
  /** 'transient': that call alone throws. 'dies': it and every later call throw, like a killed Lambda. */
  mode: 'transient' | 'dies';
}

export interface FaultyStoreOptions {
  /** Which calls are steps: only the mutating ones (put, putStream, copyIn, delete), or reads too. */
  counts?: 'writes' | 'all';
  fault?: FaultPlan;
}

export class FaultyStore implements ObjectStore {
  /** Every counted call so far, as 'operation key', in order. */
  readonly steps: string[] = [];
  private dead = false;

  constructor(
    readonly inner: ObjectStore,
    private readonly options: FaultyStoreOptions = {},
  ) {}

  /** Counts the call and throws when the plan says this one fails. */
  private step(operation: string, key: string, mutating: boolean): void {
    const call = `${operation} ${key}`;
    if (this.dead) throw new InjectedFaultError(this.steps.length, call);
    if (!mutating && this.options.counts !== 'all') return;
    this.steps.push(call);
    const fault = this.options.fault;
    if (fault && this.steps.length === fault.at) {
      if (fault.mode === 'dies') this.dead = true;
      throw new InjectedFaultError(fault.at, call);
    }
  }

  async get(key: string) {
    this.step('get', key, false);
    return this.inner.get(key);
  }
  async getStream(key: string) {
    this.step('getStream', key, false);
    return this.inner.getStream(key);
  }
  async copyIn(key: string, source: ByteSource) {
    this.step('copyIn', key, true);
    return this.inner.copyIn(key, source);
  }
  async head(key: string): Promise<ObjectInfo | null> {
    this.step('head', key, false);
    return this.inner.head(key);
  }
  async list(prefix: string) {
    this.step('list', prefix, false);
    return this.inner.list(prefix);
  }
  async put(key: string, body: Uint8Array | string) {
    this.step('put', key, true);
    return this.inner.put(key, body);
  }
  async putStream(key: string, body: AsyncIterable<Uint8Array>) {
    this.step('putStream', key, true);
    return this.inner.putStream(key, body);
  }
  async delete(key: string) {
    this.step('delete', key, true);
    return this.inner.delete(key);
  }
}

/**
 * Every object of a store (or under a prefix) as key → SHA-256 of its bytes. Byte equality is the
 * bar: with the clock injected, every writer here is deterministic, Parquet included.
 */
export async function snapshotStore(store: ObjectStore, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await store.list(prefix)) {
    const bytes = await store.get(key);
    if (bytes) out[key] = createHash('sha256').update(bytes).digest('hex');
  }
  return out;
}
