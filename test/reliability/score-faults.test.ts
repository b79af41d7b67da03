// A crash or failed call at any step of a score run, then a retry: results end as after one clean
// run, and in between every results partition is whole, either the previous run's or the new one.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { snapshotStore } from '../helpers/faulty-store.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { expectEachObjectOldOrNew, runEveryFault } from './every-fault.ts';
import { asOf, buildBaseLake, copyStore, ingestResubmission } from './lake-fixture.ts';

describe('a fault at every step of a score run', () => {
  let base: MemoryObjectStore;
  let before: Record<string, string>;
  let after: Record<string, string>;
  beforeAll(async () => {
    // Scored once, then a resubmission arrives: the run under test replaces existing partitions.
    base = await buildBaseLake();
    await scoreLake(base, { asOf, method: publishedMethod('v1') });
    await ingestResubmission(base);
    before = await snapshotStore(base, 'results/');
    const done = copyStore(base);
    await scoreLake(done, { asOf, method: publishedMethod('v1') });
    after = await snapshotStore(done, 'results/');
    expect(after).not.toEqual(before);
  });

  // Every read comes before the first write, so a failed read only stops the run before it has
  // changed anything: counting writes covers every distinct outcome.
  for (const mode of ['dies', 'transient'] as const) {
    it(`(${mode}) ends as one clean run`, async () => {
      const inputs = await loadScoringInputs(base);
      const { steps } = await runEveryFault({
        base,
        counts: 'writes',
        mode,
        operation: (store) => scoreLake(store, { asOf, method: publishedMethod('v1') }),
        afterFault: async (store) => {
          await expectEachObjectOldOrNew(store, 'results/', before, after);
          expect(await loadScoringInputs(store)).toEqual(inputs);
        },
      });
      expect(steps.filter((s) => s.startsWith('put ')).length).toBeGreaterThanOrEqual(15);
    });
  }
});
