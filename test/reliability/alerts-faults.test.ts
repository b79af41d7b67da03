// A crash or failed call at any step of raising alerts, then a retry: the stored alerts end as
// after one clean run, and every alert reaches the notifier at least once. It reaches it twice
// only when the crash came after the notifier had taken it and before that was stored. On this
// first run, the alerts for months before March 2025 (as-of April 2025) are backfilled: stored,
// never sent, however the run is interrupted.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { Alert } from '../../functions/domain/method/results.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { writePartition } from '../../functions/lake/results.ts';
import type { Notifier } from '../../functions/pipeline/ports.ts';
import {
  AlertAlreadyWithdrawnError,
  raiseAlerts,
  readStoredAlerts,
  UnknownAlertError,
  withdrawAlert,
} from '../../functions/pipeline/raise-alerts.ts';
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
/** The keys a first run sends: the as-of month's and the month before's. */
let sentKeys: string[];
let backfilledKeys: string[];
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
  sentKeys = raised
    .filter((a) => a.period >= '2025-03')
    .map((a) => a.key)
    .sort();
  backfilledKeys = raised
    .filter((a) => a.period < '2025-03')
    .map((a) => a.key)
    .sort();
  expect(sentKeys.length).toBeGreaterThan(0);
  expect(backfilledKeys.length).toBeGreaterThan(0);
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
          const withStatus = (status: string) =>
            stored
              .filter((a) => a.status === status)
              .map((a) => a.alert.key)
              .sort();
          expect(withStatus('notified')).toEqual(sentKeys);
          expect(withStatus('backfilled')).toEqual(backfilledKeys);
          expect(
            stored.every((a) =>
              a.status === 'notified' ? a.notified_at?.getTime() === now().getTime() : a.notified_at === null,
            ),
          ).toBe(true);
          const keys = sent.get(fault.step)!;
          expect(new Set(keys)).toEqual(new Set(sentKeys));
          // Repeats only when the notifier had already run before the failing step.
          if (fault.step <= notifiedAtStep) expect(keys.sort()).toEqual(sentKeys);
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
    expect(
      pending
        .filter((a) => a.status === 'pending')
        .map((a) => a.alert.key)
        .sort(),
    ).toEqual(sentKeys);

    const notifier = new RecordingNotifier();
    const next = await raiseAlerts(store, notifier, { asOf, method: publishedMethod('v1'), now });
    expect(next.raised).toEqual([]);
    expect(notifier.sent.sort()).toEqual(sentKeys);
    const third = new RecordingNotifier();
    await raiseAlerts(store, third, { asOf, method: publishedMethod('v1'), now });
    expect(third.sent).toEqual([]);
  });
});

describe('a first run over a back-loaded history', () => {
  it('stores alerts before the month preceding the as-of month as backfilled, sent by no later run', async () => {
    const store = copyStore(base);
    const notifier = new RecordingNotifier();
    const first = await raiseAlerts(store, notifier, { asOf, method: publishedMethod('v1'), now });
    expect(first.backfilled.map((a) => a.key).sort()).toEqual(backfilledKeys);
    expect(notifier.sent.sort()).toEqual(sentKeys);
    const later = new RecordingNotifier();
    await raiseAlerts(store, later, {
      asOf: new Date('2025-05-20T00:00:00Z'),
      method: publishedMethod('v1'),
      now,
    });
    expect(later.sent.filter((k) => backfilledKeys.includes(k))).toEqual([]);
  });
  it('a later run sends new alerts for old months (only the first run backfills)', async () => {
    const store = copyStore(base);
    // A first run raises what it finds; then one old alert is removed from the record, as if found
    // only now: the second run sends it.
    await raiseAlerts(store, new RecordingNotifier(), { asOf, method: publishedMethod('v1'), now });
    const old = backfilledKeys[0]!;
    const stored = await readStoredAlerts(store);
    const period = stored.find((a) => a.alert.key === old)!.alert.period;
    await writePartition(
      store,
      'alerts',
      period,
      stored
        .filter((a) => a.alert.period === period && a.alert.key !== old)
        .map((a) => ({ ...a.alert, alert_key: a.alert.key, status: a.status, notified_at: a.notified_at })),
    );
    const notifier = new RecordingNotifier();
    const second = await raiseAlerts(store, notifier, {
      asOf: new Date('2025-04-21T00:00:00Z'),
      method: publishedMethod('v1'),
      now,
    });
    expect(second.backfilled).toEqual([]);
    expect(notifier.sent).toContain(old);
  });
});

describe('withdrawing an alert', () => {
  const withdrawnAt = new Date('2025-04-21T09:00:00Z');
  it('keeps it on record, never sends it and never raises it again', async () => {
    const store = copyStore(base);
    await expect(
      raiseAlerts(store, new RecordingNotifier(true), { asOf, method: publishedMethod('v1'), now }),
    ).rejects.toThrow(/unavailable/);
    // Pending, not yet sent: withdrawn before the next run.
    const key = sentKeys[0]!;
    await withdrawAlert(store, {
      key,
      reason: 'Raised on a return the provider has since corrected',
      now: () => withdrawnAt,
    });
    const notifier = new RecordingNotifier();
    const next = await raiseAlerts(store, notifier, {
      asOf: new Date('2025-05-20T00:00:00Z'),
      method: publishedMethod('v1'),
      now,
    });
    expect(notifier.sent).not.toContain(key);
    expect(next.raised.map((a) => a.key)).not.toContain(key);
    const kept = (await readStoredAlerts(store)).find((a) => a.alert.key === key);
    expect(kept).toMatchObject({
      status: 'withdrawn',
      withdrawn_at: withdrawnAt,
      withdrawn_reason: 'Raised on a return the provider has since corrected',
    });
    await expect(
      withdrawAlert(store, { key, reason: 'again', now: () => withdrawnAt }),
    ).rejects.toBeInstanceOf(AlertAlreadyWithdrawnError);
  });
  it('an unknown key is a clear error', async () => {
    const store = copyStore(base);
    await raiseAlerts(store, new RecordingNotifier(), { asOf, method: publishedMethod('v1'), now });
    const failure = withdrawAlert(store, { key: 'RETURN_MISSING|P999|2025-03', reason: 'x', now });
    await expect(failure).rejects.toBeInstanceOf(UnknownAlertError);
    await expect(failure).rejects.toThrow(
      "No stored alert has the key 'RETURN_MISSING|P999|2025-03': copy the key from v_alerts.alert_key.",
    );
  });
});
