// The score command's collector really collects: an object only a WeakRef points to is gone after it.
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { garbageCollector } from '../../functions/adapters/collect-garbage.ts';

describe('garbageCollector', () => {
  it('collects an unreachable object on demand', async () => {
    const collect = garbageCollector();
    const ref = (() => new WeakRef({ rows: new Array(1000).fill('x') }))();
    // A WeakRef keeps its target alive until the current job ends.
    await tick();
    collect();
    expect(ref.deref()).toBeUndefined();
  });
});
