// Hostile CSV and text files: each gets a specific outcome, and its raw copy is always kept.
import { beforeEach, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import { monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import {
  corpus,
  errors,
  expectFileRejected,
  expectKept,
  ingest,
  lakeWithRegister,
  randomBytes,
  utf8,
  warnings,
} from './helpers.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

const curatedReturns = () => readCurated(store, contracts['monthly-return']);

describe('hostile text files: no data', () => {
  it('an empty file is rejected as empty, and the empty raw copy is kept', async () => {
    const bytes = corpus('empty.csv');
    const result = await ingest(store, 'empty.csv', bytes);
    expectFileRejected(store, result, bytes, 'EMPTY', 'The file has no data rows; it is empty.');
    expect(result.submission.rows_read).toBe(0);
  });

  it('a header-only file is rejected as having a header row only', async () => {
    const bytes = corpus('header-only.csv');
    const result = await ingest(store, 'header-only.csv', bytes);
    expectFileRejected(store, result, bytes, 'EMPTY', 'it has a header row only');
    expect(result.submission.rows_read).toBe(0);
  });

  it('a file of blank lines and commas only is rejected as empty', async () => {
    const bytes = utf8('\r\n\n,,,\n\n');
    const result = await ingest(store, 'blank.csv', bytes);
    expectFileRejected(store, result, bytes, 'EMPTY', 'it is empty');
  });
});

describe('hostile text files: binary garbage', () => {
  const png = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
  ]);
  const cases: [string, string, Uint8Array][] = [
    ['NUL bytes inside otherwise good CSV', 'nul.csv', utf8(`${monthlyHeader}\n${monthlyRow()}\0\0\n`)],
    ['4 KB of random bytes', 'random.csv', randomBytes(4096)],
    ['random bytes with every NUL removed', 'random-no-nul.csv', randomBytes(4096).map((b) => b || 1)],
    ['a PNG header named .csv', 'picture.csv', png],
    ['a PNG with no extension', 'picture', png],
  ];
  for (const [what, name, bytes] of cases) {
    it(`${what} is rejected as not a text file`, async () => {
      const result = await ingest(store, name, bytes);
      expectFileRejected(store, result, bytes, 'ENCODING', 'binary data', 'save it as CSV (UTF-8)');
      expect(result.submission.encoding).toBeNull();
    });
  }

  it('a PNG named .xlsx is rejected as an unreadable workbook', async () => {
    const result = await ingest(store, 'picture.xlsx', png);
    expectFileRejected(store, result, png, 'MALFORMED', 'not a readable Excel workbook');
  });
});

describe('hostile text files: truncated and badly quoted', () => {
  it('a last line cut mid-field rejects that row only, naming the missing values', async () => {
    const bytes = corpus('truncated-mid-field.csv');
    const { submission, report } = await ingest(store, 'cut.csv', bytes);
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      rows_read: 2,
      rows_accepted: 1,
      rows_rejected: 1,
    });
    const rowErrors = errors(report.problems);
    expect(rowErrors[0]).toEqual({
      severity: 'error',
      row: 3,
      column: null,
      value: null,
      message:
        'This row has 12 values but the header has 20 columns; check for an extra comma or a missing value.',
    });
    expect(rowErrors.slice(1).map((p) => p.message)).toEqual(
      [
        'people_served',
        'people_trusted_team_ok',
        'packages_new',
        'care_plans_by_second_visit',
        'complaints_closed',
        'complaints_closed_in_20wd',
        'notifications_due',
        'notifications_on_time',
      ].map((c) => `${c} is required but is empty`),
    );
    // The cut row is in quarantine with what it did hold, including the cut value "79".
    const quarantine = store.text(submission.quarantine_key!);
    expect(quarantine).toContain('\r\n3,This row has 12 values');
    expect(quarantine).toContain(',800,790.5,79,');
    expectKept(store, submission, bytes);
  });

  it('a last line cut inside a quoted value rejects the file, naming the line the quote opened on', async () => {
    const bytes = corpus('truncated-mid-quote.csv');
    const result = await ingest(store, 'cut-quote.csv', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'MALFORMED',
      'A quoted value that starts on line 3 has no closing quote; check for a stray " character.',
    );
    // The row read before the damage was counted, not silently dropped.
    expect(result.submission).toMatchObject({ rows_read: 1, rows_accepted: 0, rows_rejected: 1 });
  });

  it('unbalanced quotes: text after a closing quote and a quote left open are rejected row by row', async () => {
    const bytes = corpus('unbalanced-quotes.csv');
    const { submission, report } = await ingest(store, 'quotes.csv', bytes);
    // Lines 2 and 6 are good; line 3 has "40"0; line 4 opens a quote that line 5 closes.
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      rows_read: 4,
      rows_accepted: 2,
      rows_rejected: 2,
    });
    const rowErrors = errors(report.problems);
    expect(rowErrors[0]).toEqual({
      severity: 'error',
      row: 3,
      column: 'calls_scheduled',
      value: '400',
      message:
        'A value in column calls_scheduled has text straight after its closing quote (such as "12"3), so it cannot be read safely; put the whole value inside the quotes, or remove the quotes.',
    });
    // The open quote swallowed line 5 into one value of line 4: rejected, and shown in full.
    expect(rowErrors[1]).toMatchObject({
      row: 4,
      column: 'service_code',
      message: 'service_code must be one of: HC, SIS, SISP, ECS, D2A',
    });
    expect(rowErrors[1]!.value).toContain('ECS,2025-01,400');
    expect(rowErrors[1]!.value).toContain('\nP001,1-202,HC');
    expect(rowErrors).toHaveLength(2);
    // "40"0 was not stored as 400 (or anything): only the two good rows reached the lake.
    expect((await curatedReturns()).map((r) => [r.row_number, r.branch_id, r.service_code])).toEqual([
      [2, '1-200', 'HC'],
      [6, '1-202', 'SIS'],
    ]);
    expectKept(store, submission, bytes);
  });

  it('a quoted value followed by spaces only is read as the value, without a problem', async () => {
    const csv = `${monthlyHeader}\n${monthlyRow({ service_code: '"HC"  ' })}\n`;
    const { submission } = await ingest(store, 'spaces.csv', csv);
    expect(submission.status).toBe('accepted');
  });
});

describe('hostile text files: wrong separator and encodings', () => {
  for (const [name, words] of [
    ['semicolon.csv', 'semicolons'],
    ['tab.csv', 'tabs'],
  ] as const) {
    it(`a ${words}-separated file is rejected saying so`, async () => {
      const bytes = corpus(name);
      const result = await ingest(store, name, bytes);
      expectFileRejected(
        store,
        result,
        bytes,
        'DELIMITER',
        `The header row is separated by ${words}, not commas; save the file as "CSV (comma delimited)" and upload it again.`,
      );
    });
  }

  it('UTF-8 with one Windows-1252 byte: read as Windows-1252 from that byte on, with a warning', async () => {
    // Row 2 "Café" in UTF-8; row 3 "£" as the single Windows-1252 byte A3; row 4 "Zoë" in UTF-8.
    const bytes = Uint8Array.from([
      ...utf8('cluster_id,cluster_name,district,ccg,lot_area\nK01,Café,Ashford,C,East\n'),
      ...utf8('K02,'),
      0xa3,
      ...utf8('5 Lot,Dover,C,East\nK03,Zoë,Thanet,C,East\n'),
    ]);
    const { submission, report } = await ingest(store, 'mixed.csv', bytes, {
      submitter: 'council',
      type: 'clusters',
    });
    expect(submission).toMatchObject({
      status: 'accepted_with_warnings',
      encoding: 'windows-1252',
      rows_accepted: 3,
    });
    expect(warnings(report.problems)).toEqual([
      expect.objectContaining({
        row: null,
        message: expect.stringContaining('The file is not saved as UTF-8, so it was read as Windows-1252'),
      }),
    ]);
    const names = (await readCurated(store, contracts.clusters)).map((r) => r.cluster_name);
    // Before the odd byte UTF-8 was read as such; the £ is right; after it, UTF-8 shows as
    // Windows-1252 would ("Zoë" → "ZoÃ«"), which is what the warning asks the sender to check.
    expect(names).toEqual(['Café', '£5 Lot', 'ZoÃ«']);
    expectKept(store, submission, bytes);
  });

  it('UTF-16 with a byte order mark (Excel "Unicode text") is rejected with an encoding message', async () => {
    const text = `${monthlyHeader}\r\n${monthlyRow()}\r\n`;
    for (const [name, bytes] of [
      ['utf16le.csv', Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])],
      ['utf16be.csv', Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()])],
    ] as const) {
      const result = await ingest(store, name, bytes);
      expectFileRejected(
        store,
        result,
        bytes,
        'ENCODING',
        'The file is saved as UTF-16 ("Unicode text"), which is not accepted; save it as "CSV UTF-8 (comma delimited)" and upload it again.',
      );
    }
  });

  it('UTF-16 without a byte order mark is rejected as binary (it is full of NUL bytes)', async () => {
    const bytes = new Uint8Array(Buffer.from(`${monthlyHeader}\n${monthlyRow()}\n`, 'utf16le'));
    const result = await ingest(store, 'utf16.csv', bytes);
    expectFileRejected(store, result, bytes, 'ENCODING', 'binary data');
  });
});

describe('hostile text files: long and wide', () => {
  it('one value longer than 32 KB rejects the file, naming the line and the limit', async () => {
    const csv = `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ branch_id: 'x'.repeat(33 * 1024) })}\n`;
    const bytes = utf8(csv);
    const result = await ingest(store, 'long.csv', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'FIELD_TOO_LONG',
      'A value on line 3 is longer than 32 KB, the most one value may hold',
    );
  });

  it('an unquoted line of 40 KB with no separators (one huge value) is rejected the same way', async () => {
    const bytes = utf8(`${monthlyHeader}\n${'A'.repeat(40 * 1024)}\n`);
    const result = await ingest(store, 'one-long-line.csv', bytes);
    expectFileRejected(store, result, bytes, 'FIELD_TOO_LONG', 'line 2', '32 KB');
  });

  it('a 40 KB line made of short values is not a field problem: the row is rejected for its width', async () => {
    const line = `${monthlyRow()},${Array.from({ length: 400 }, () => 'y'.repeat(100)).join(',')}`;
    expect(line.length).toBeGreaterThan(40_000);
    const { submission, report } = await ingest(store, 'long-line.csv', `${monthlyHeader}\n${line}\n`);
    expect(submission).toMatchObject({
      status: 'rejected',
      rows_read: 1,
      rows_rejected: 1,
      file_error: null,
    });
    expect(errors(report.problems)[0]!.message).toBe(
      'This row has 420 values but the header has 20 columns; check for an extra comma or a missing value.',
    );
  });

  it('a header of 501 columns rejects the file, naming the 500-column limit', async () => {
    const header = `${monthlyHeader},${Array.from({ length: 481 }, (_, i) => `extra_${i}`).join(',')}`;
    const bytes = utf8(`${header}\n${monthlyRow()}\n`);
    const result = await ingest(store, 'wide.csv', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'TOO_MANY_COLUMNS',
      'Line 1 has more than 500 values, the most columns a file may have.',
    );
  });

  it('a data row with more cells than the header (within 500) rejects that row only', async () => {
    const csv = [monthlyHeader, monthlyRow(), `${monthlyRow({ service_code: 'SIS' })},extra,1,2`].join('\n');
    const { submission, report } = await ingest(store, 'ragged.csv', csv);
    expect(submission).toMatchObject({ status: 'partially_accepted', rows_accepted: 1, rows_rejected: 1 });
    expect(errors(report.problems)).toEqual([
      expect.objectContaining({
        row: 3,
        message:
          'This row has 23 values but the header has 20 columns; check for an extra comma or a missing value.',
      }),
    ]);
    // The extra cells are not lost: quarantine holds the row as read, extras named by position.
    const [head, row] = store.text(submission.quarantine_key!).split('\r\n');
    expect(head).toMatch(/,notifications_on_time,column_21,column_22,column_23$/);
    expect(row).toMatch(/^3,This row has 23 values.*,P001,1-200,SIS,.*,1,1,extra,1,2$/);
  });

  it('a data row of 600 cells under a 20-column header rejects the file at that line', async () => {
    const csv = [monthlyHeader, monthlyRow(), Array.from({ length: 600 }, () => '1').join(',')].join('\n');
    const bytes = utf8(csv);
    const result = await ingest(store, 'very-wide-row.csv', bytes);
    expectFileRejected(store, result, bytes, 'TOO_MANY_COLUMNS', 'Line 3 has more than 500 values');
  });
});
