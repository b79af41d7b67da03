// A file whose every row is rejected: every row still reaches quarantine, and every problem is
// counted, but memory does not grow with full detail per row (CONTRACTS §2: nothing is dropped).
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { ingestFile } from '../../../functions/pipeline/ingest/ingest-file.ts';
import { fixedNow, lakeWithRegister, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';

const rows = 200_000;

describe('ingest: a large file of rejected rows', () => {
  it('quarantines every row and counts every problem with bounded heap growth', async () => {
    const store = await lakeWithRegister();
    // Two problems a row: a count that is not a number and a negative one.
    const lines = [monthlyHeader];
    for (let i = 0; i < rows; i++) {
      lines.push(monthlyRow({ calls_scheduled: `n${i}`, calls_missed: -1, branch_id: `=B${i}` }));
    }
    const text = `${lines.join('\n')}\n`;
    lines.length = 0;

    const bytes = new TextEncoder().encode(text);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    // The heap is sampled as each chunk is read: the rows rejected so far are all held then.
    const source: ByteSource = {
      name: 'all-bad.csv',
      size: bytes.byteLength,
      async *open() {
        for (let at = 0; at < bytes.byteLength; at += 64 * 1024) {
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          yield bytes.subarray(at, at + 64 * 1024);
        }
      },
    };
    const { submission, report } = await ingestFile(
      { store, now: fixedNow, method: publishedMethod() },
      { source, type: 'monthly-return', submitter: 'P001', receivedAt: new Date('2025-02-03T10:00:00Z') },
    );
    peak = Math.max(peak, process.memoryUsage().heapUsed);

    expect(submission).toMatchObject({
      status: 'rejected',
      rows_read: rows,
      rows_accepted: 0,
      rows_rejected: rows,
      errors: 2 * rows,
    });
    expect(report.problems_total).toBe(2 * rows);
    expect(report.problems_listed).toBe(1000);
    expect(report.problems[999]).toMatchObject({ row: 501, column: 'calls_missed' });
    expect(report.problems_by_column).toEqual([
      { column: 'calls_missed', severity: 'error', count: rows },
      { column: 'calls_scheduled', severity: 'error', count: rows },
    ]);

    const quarantine = new TextDecoder().decode((await store.get(submission.quarantine_key!))!);
    const out = quarantine.split('\r\n');
    expect(out).toHaveLength(rows + 2);
    expect(out.at(-1)).toBe('');
    expect(out[rows]).toMatch(
      new RegExp(
        `^${rows + 1},"calls_scheduled must be .*; calls_missed cannot be negative",P001,'=B${rows - 1},HC,2025-01,n${rows - 1},`,
      ),
    );
    // ~2.7 KB a row when every problem and row was kept whole; now well under 1 KB.
    expect(peak - before).toBeLessThan(rows * 1024);
  }, 120_000);
});
