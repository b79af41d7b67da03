// A crash or failed call at any step of raising alerts, then a retry: the stored alerts end as
// after one clean run, and every alert reaches the notifier at least once. It reaches it twice
// only when the crash came after the notifier had taken it and before that was stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { Alert } from '../../functions/domain/method/results.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import type { Notifier } from '../../functions/pipeline/ports.ts';
import { raiseAlerts, readStoredAlerts } from '../../functions/pipeline/raise-alerts.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { type Attempt, runEveryFault } from './every-fault.ts';
import { asOf, buildBaseLake, copyStore } from './lake-fixture.ts';

const now = () => new Date('2025-04-20T06:00:00Z');

/** Records the alert keys it is given; optionally fails instead. */
class RecordingNotifier implements Notifier {
  readonly sent: string[] = [];
  constructor(private readonly fails = false) {}
  async notify(alerts: readonly Alert[]): Promise<void> {
    if (this.fails) throw new Error('the notifier is unavailable');
    this.sent.push(...alerts.map((a) => a.key));
  }
}

let base: MemoryObjectStore;
let expectedKeys: string[];
beforeAll(async () => {
  base = await buildBaseLake();
  await scoreLake(base, { asOf, method: publishedMethod('v1') });
  const clean = copyStore(base);
  const { raised } = await raiseAlerts(clean, new RecordingNotifier(), {
    asOf,
    method: publishedMethod('v1'),
    now,
  });
  expectedKeys = raised.map((a) => a.key).sort();
  expect(new Set(raised.map((a) => a.period)).size).toBeGreaterThanOrEqual(2);
});

describe('a fault at every step of raising alerts', () => {
  // Every read comes before the first write, so a failed read only stops the run before it has
  // changed anything: counting writes covers every distinct outcome.
  for (const mode of ['dies', 'transient'] as const) {
    it(`(${mode}) stores them once and loses no notification`, async () => {
      const sent = new Map<number, string[]>();
      let notifiedAtStep = 0;
      const operation = async (store: ObjectStore, attempt: Attempt) => {
        const notifier = new RecordingNotifier();
        const spy: Notifier = {
          notify: async (alerts) => {
            if (attempt.phase === 'clean') notifiedAtStep = attempt.stepsSoFar();
            await notifier.notify(alerts);
          },
        };
        try {
          return await raiseAlerts(store, spy, { asOf, method: publishedMethod('v1'), now });
        } finally {
          if (attempt.at !== null) sent.set(attempt.at, [...(sent.get(attempt.at) ?? []), ...notifier.sent]);
        }
      };
      await runEveryFault({
        base,
        counts: 'writes',
        mode,
        operation,
        afterRetry: async (store, fault) => {
          const stored = await readStoredAlerts(store);
          expect(stored.map((a) => a.alert.key).sort()).toEqual(expectedKeys);
          expect(stored.every((a) => a.notified_at?.getTime() === now().getTime())).toBe(true);
          const keys = sent.get(fault.step)!;
          expect(new Set(keys)).toEqual(new Set(expectedKeys));
          // Repeats only when the notifier had already run before the failing step.
          if (fault.step <= notifiedAtStep) expect(keys.sort()).toEqual(expectedKeys);
        },
      });
      expect(notifiedAtStep).toBeGreaterThan(0);
    });
  }
});

describe('a notifier that fails', () => {
  it('leaves the alerts pending, and the next run sends them', async () => {
    const store = copyStore(base);
    await expect(
      raiseAlerts(store, new RecordingNotifier(true), { asOf, method: publishedMethod('v1'), now }),
    ).rejects.toThrow(/unavailable/);
    const pending = await readStoredAlerts(store);
    expect(pending.map((a) => a.alert.key).sort()).toEqual(expectedKeys);
    expect(pending.every((a) => a.notified_at === null)).toBe(true);

    const notifier = new RecordingNotifier();
    const next = await raiseAlerts(store, notifier, { asOf, method: publishedMethod('v1'), now });
    expect(next.raised).toEqual([]);
    expect(notifier.sent.sort()).toEqual(expectedKeys);
    const third = new RecordingNotifier();
    await raiseAlerts(store, third, { asOf, method: publishedMethod('v1'), now });
    expect(third.sent).toEqual([]);
  });
});
