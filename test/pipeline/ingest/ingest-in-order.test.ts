// A back-load with several files in flight: outcomes, commits and back-dated notices exactly as one
// file after another, a sender's files never overlapping, a council feed alone, and a run that
// stops at a file commits nothing after it.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { DirectoryCache } from '../../../functions/domain/validation/reference-data.ts';
import type { ObjectStore } from '../../../functions/lake/object-store.ts';
import { FirstMonthSoFar } from '../../../functions/pipeline/ingest/first-month-so-far.ts';
import { type IngestResult, ingestFile } from '../../../functions/pipeline/ingest/ingest-file.ts';
import {
  ingestInOrder,
  type Outcome,
  RunStoppedError,
} from '../../../functions/pipeline/ingest/ingest-in-order.ts';
import { fixedNow, lakeWithRegister, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';
import { JitteryStore } from '../../reliability/jittery-store.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ingestInOrder', () => {
  it('runs several files at once, a sender one at a time, a council feed alone, and settles in order', async () => {
    const jobs = ['A1', 'B1', 'C1', 'A2', 'D1', 'K1', 'B2', 'C2', 'D2', 'E1'];
    const running = new Set<string>();
    let most = 0;
    const log: string[] = [];
    const settledOrder: string[] = [];
    await ingestInOrder(
      jobs,
      { inFlight: 3, laneOf: (job) => (job.startsWith('K') ? null : job[0]!) },
      async (job, turn) => {
        for (const other of running) {
          expect(other[0]).not.toBe(job[0]);
          expect(other.startsWith('K') || job.startsWith('K')).toBe(false);
        }
        running.add(job);
        most = Math.max(most, running.size);
        for (let i = 0; i < (job.charCodeAt(0) % 4) + 1; i++) await tick();
        await turn();
        log.push(`commit ${job}`);
        running.delete(job);
        return job.toLowerCase();
      },
      (job, outcome) => {
        expect(outcome).toEqual({ ok: true, value: job.toLowerCase() });
        settledOrder.push(job);
      },
    );
    expect(most).toBe(3);
    expect(settledOrder).toEqual(jobs);
    expect(log).toEqual(jobs.map((j) => `commit ${j}`));
  });

  it('stops at a file whose outcome ends the run: nothing after it commits, and its error is thrown', async () => {
    const fatal = new Error('the disk is full');
    const committed: string[] = [];
    const turns: unknown[] = [];
    const started: string[] = [];
    const run = ingestInOrder(
      ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'],
      { inFlight: 3, laneOf: (job) => job[0]! },
      async (job, turn) => {
        started.push(job);
        if (job === 'B1') throw fatal;
        await tick();
        try {
          await turn();
        } catch (error) {
          turns.push(error);
          throw error;
        }
        committed.push(job);
        return job;
      },
      (_job, outcome: Outcome<string>) => {
        if (!outcome.ok && outcome.error === fatal) throw outcome.error;
      },
    );
    await expect(run).rejects.toBe(fatal);
    expect(committed).toEqual(['A1']);
    expect(turns.length).toBeGreaterThan(0);
    for (const error of turns) expect(error).toBeInstanceOf(RunStoppedError);
    expect(started).not.toContain('G1');
  });
});

describe('ingestFile several at a time (ingestInOrder)', () => {
  // Returns of three providers over several months, sent back to front so that under
  // first_month auto each earlier month moves the lake's first month back (a notice each time).
  const files = [
    ['P001', '2025-03', '2025-04-01T09:00:00Z'],
    ['P002', '2025-03', '2025-04-01T10:00:00Z'],
    ['P001', '2025-02', '2025-04-02T09:00:00Z'],
    ['P002', '2025-01', '2025-04-02T10:00:00Z'],
    ['P001', '2025-01', '2025-04-03T09:00:00Z'],
    ['P001', '2024-12', '2025-04-03T10:00:00Z'],
    ['P002', '2024-11', '2025-04-04T09:00:00Z'],
    ['P001', '2025-03', '2025-04-01T09:00:00Z'],
  ] as const;
  const branch = { P001: '1-200', P002: '1-201' } as const;

  async function backLoad(store: ObjectStore, inFlight: number) {
    const deps = {
      store,
      now: fixedNow,
      method: publishedMethod(),
      directories: new DirectoryCache(),
      firstMonths: new FirstMonthSoFar(),
    };
    const results: IngestResult[] = [];
    const ledgerOrder: string[] = [];
    const watched: ObjectStore = Object.create(store, {
      put: {
        value: (key: string, body: Uint8Array | string) => {
          if (key.startsWith('ledger/')) ledgerOrder.push(key);
          return store.put(key, body);
        },
      },
    });
    await ingestInOrder(
      files,
      { inFlight, laneOf: ([provider]) => provider },
      ([provider, period, receivedAt], turn) =>
        ingestFile(
          { ...deps, store: watched, turn },
          {
            source: bytesSource(
              `${provider}-${period}.csv`,
              new TextEncoder().encode(
                `${monthlyHeader}\n${monthlyRow({ provider_id: provider, branch_id: branch[provider], period })}\n`,
              ),
            ),
            type: 'monthly-return',
            submitter: provider,
            receivedAt: new Date(receivedAt),
          },
        ),
      (_file, outcome) => {
        if (!outcome.ok) throw outcome.error;
        results.push(outcome.value);
      },
    );
    return { results, ledgerOrder };
  }

  for (const seed of [1, 2, 3, 4]) {
    it(`gives each file the outcome, report and commit order of one after another (seed ${seed})`, async () => {
      const one = await backLoad(new JitteryStore(await lakeWithRegister(), seed), 1);
      const many = await backLoad(new JitteryStore(await lakeWithRegister(), seed), 4);
      expect(many.results).toEqual(one.results);
      expect(many.ledgerOrder).toEqual(one.ledgerOrder);
      const notices = one.results.map((r) => r.report.notices?.length ?? 0);
      expect(notices.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
      expect(one.results.at(-1)!.alreadyReceived).toBe(true);
    });
  }
});
