// Hostile values in well-formed files: odd numbers, impossible dates, future periods, other
// providers' ids. Each bad value is named by row, column, value and reason; good ones are typed.
import { beforeEach, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { corpus, errors, expectKept, ingest, lakeWithRegister, monthlyRecord } from './helpers.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

const curatedReturns = () => readCurated(store, contracts['monthly-return']);

describe('hostile numbers', () => {
  // numbers.csv: one row per value (from line 2), the value in a count and in an hours column.
  const cases: { value: string; count: number | string; hours: number | string }[] = [
    {
      value: '1e309',
      count: 'must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)',
      hours: 'must be a number of hours, e.g. 1234.50',
    },
    { value: '-0', count: 0, hours: 0 },
    {
      value: 'NaN',
      count: 'must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)',
      hours: 'must be a number of hours, e.g. 1234.50',
    },
    {
      value: 'Infinity',
      count: 'must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)',
      hours: 'must be a number of hours, e.g. 1234.50',
    },
    {
      value: '0x10',
      count: 'must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)',
      hours: 'must be a number of hours, e.g. 1234.50',
    },
    { value: ' 12 ', count: 12, hours: 12 },
    { value: '1,234', count: 1234, hours: 1234 },
    { value: '-5', count: 'cannot be negative', hours: 'cannot be negative' },
    // Fits a double, but not the 32-bit count column: it would have been stored as -1294967296.
    { value: '3000000000', count: 'is too large to be a plausible count', hours: 3_000_000_000 },
    {
      value: '9999999999999999999999',
      count: 'is too large to be a plausible count',
      hours: 'is too large to be a plausible number of hours',
    },
  ];

  it('CSV: each odd number is accepted as the number it means, or rejected naming row, column, value and reason', async () => {
    const bytes = corpus('numbers.csv');
    const { submission, report } = await ingest(store, 'numbers.csv', bytes);
    const good = cases.filter((c) => typeof c.count === 'number' && typeof c.hours === 'number');
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      rows_read: cases.length,
      rows_accepted: good.length,
      rows_rejected: cases.length - good.length,
    });
    const expected = cases.flatMap((c, i) =>
      (
        [
          ['calls_scheduled', c.count],
          ['hours_invoiced', c.hours],
        ] as const
      )
        .filter(([, outcome]) => typeof outcome === 'string')
        .map(([column, reason]) => ({
          severity: 'error',
          row: i + 2,
          column,
          value: c.value,
          message: `${column} ${reason}`,
        })),
    );
    expect(errors(report.problems)).toEqual(expected);
    const stored = (await curatedReturns()).map((r) => [r.row_number, r.calls_scheduled, r.hours_invoiced]);
    expect(stored).toEqual(cases.flatMap((c, i) => (good.includes(c) ? [[i + 2, c.count, c.hours]] : [])));
    // "-0" is stored as zero, not negative zero.
    const zero = (await curatedReturns()).find((r) => r.row_number === 3)!;
    expect(Object.is(zero.calls_scheduled, 0) && Object.is(zero.hours_invoiced, 0)).toBe(true);
    expectKept(store, submission, bytes);
  });

  it('JSON: typed 1e309 (Infinity), 1e300, -0 and 2^31 are judged as numbers, never wrapped or stored as -0', async () => {
    const base = monthlyRecord();
    const rows = [
      { ...base, service_code: 'HC', calls_scheduled: '__1e309__' },
      { ...base, service_code: 'SIS', calls_scheduled: 1e300 },
      { ...base, service_code: 'SISP', calls_scheduled: 2 ** 31, hours_invoiced: 1e300 },
      { ...base, service_code: 'ECS', hours_invoiced: -0, calls_missed: -0 },
      { ...base, service_code: 'D2A', calls_scheduled: 2 ** 31 - 1 },
    ];
    // JSON.stringify cannot write 1e309, so it goes in as text.
    const text = JSON.stringify(rows).replace('"__1e309__"', '1e309');
    const { submission, report } = await ingest(store, 'numbers.json', text);
    expect(submission).toMatchObject({ rows_read: 5, rows_accepted: 2, rows_rejected: 3 });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [1, 'calls_scheduled', 'Infinity', 'calls_scheduled must be a whole number of 0 or more'],
      [2, 'calls_scheduled', '1e+300', 'calls_scheduled is too large to be a plausible count'],
      [3, 'calls_scheduled', '2147483648', 'calls_scheduled is too large to be a plausible count'],
      [3, 'hours_invoiced', '1e+300', 'hours_invoiced is too large to be a plausible number of hours'],
    ]);
    const stored = await curatedReturns();
    const ecs = stored.find((r) => r.service_code === 'ECS')!;
    expect(Object.is(ecs.hours_invoiced, 0) && Object.is(ecs.calls_missed, 0)).toBe(true);
    expect(stored.find((r) => r.service_code === 'D2A')!.calls_scheduled).toBe(2_147_483_647);
  });
});

describe('hostile dates and periods', () => {
  it('impossible calendar dates are rejected by name; the same date written twice ways is a duplicate', async () => {
    const bytes = corpus('dates.csv');
    const { submission, report } = await ingest(store, 'dates.csv', bytes, {
      type: 'commissioned-hours',
      submitter: 'council',
    });
    expect(submission).toMatchObject({ status: 'partially_accepted', rows_read: 9, rows_accepted: 2 });
    const notReal = 'week_ending is not a real calendar date';
    expect(errors(report.problems).map((p) => [p.row, p.value, p.message])).toEqual([
      [2, '31/02/2019', notReal],
      [3, '2019-02-29', notReal],
      [4, '00/01/2020', notReal],
      [5, '32/01/2019', notReal],
      [6, '2019-13-01', notReal],
      [
        8,
        null,
        'duplicate row: an earlier row in this file already has provider_id P001, cluster_id K01, week_ending 2020-02-29',
      ],
      [10, '2021-3-7', 'week_ending must be a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-03-31'],
    ]);
    const stored = await readCurated(store, contracts['commissioned-hours']);
    expect(stored.map((r) => r.week_ending).sort()).toEqual(['2020-02-29', '2021-03-07']);
    expectKept(store, submission, bytes);
  });

  it('a return for a month after the London month of receipt is rejected (received 00:30 BST on 1 July)', async () => {
    const bytes = corpus('future-period.csv');
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: July has started, August has not.
    const { submission, report } = await ingest(store, 'future.csv', bytes, {
      receivedAt: '2025-06-30T23:30:00Z',
    });
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      rows_accepted: 2,
      rows_rejected: 2,
      period: '2025-06,2025-07',
    });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [
        4,
        'period',
        '2025-08',
        'period 2025-08 is after the month the file was received (2025-07): a return can only report on a month that has started',
      ],
      [
        5,
        'period',
        '2026-01',
        'period 2026-01 is after the month the file was received (2025-07): a return can only report on a month that has started',
      ],
    ]);
  });

  it('the same file received at 23:59 BST on 30 June may not report on July', async () => {
    const { submission, report } = await ingest(store, 'future.csv', corpus('future-period.csv'), {
      receivedAt: '2025-06-30T22:59:00Z',
    });
    expect(submission).toMatchObject({ rows_accepted: 1, rows_rejected: 3, period: '2025-06' });
    expect(errors(report.problems)[0]!.message).toContain(
      'period 2025-07 is after the month the file was received (2025-06)',
    );
  });
});

describe('hostile years and offsets', () => {
  const tooEarly = 'is before 1900, so it cannot be a real date here';

  it('dates before 1900, ISO or DD/MM/YYYY, are rejected rather than stored as 1970 or 19xx', async () => {
    const csv = [
      'provider_id,cluster_id,week_ending,hours',
      'P001,K01,0025-03-01,10',
      'P001,K01,0099-03-01,10',
      'P001,K01,01/03/0025,10',
      'P001,K01,31/12/1899,10',
      'P001,K01,1900-01-07,10',
      'P001,K01,2025-03-02,10',
    ].join('\n');
    const { submission, report } = await ingest(store, 'years.csv', csv, {
      type: 'commissioned-hours',
      submitter: 'council',
    });
    expect(submission).toMatchObject({ rows_read: 6, rows_accepted: 2, rows_rejected: 4 });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [2, 'week_ending', '0025-03-01', `week_ending ${tooEarly}`],
      [3, 'week_ending', '0099-03-01', `week_ending ${tooEarly}`],
      [4, 'week_ending', '01/03/0025', `week_ending ${tooEarly}`],
      [5, 'week_ending', '31/12/1899', `week_ending ${tooEarly}`],
    ]);
    const stored = await readCurated(store, contracts['commissioned-hours']);
    expect(stored.map((r) => r.week_ending).sort()).toEqual(['1900-01-07', '2025-03-02']);
  });

  it('date-times before 1900 or with an offset no place uses are rejected; real offsets are read', async () => {
    const offsetReason = (o: string) =>
      `offered_at has the UTC offset ${o}, which no place uses; offsets run from -12:00 to +14:00`;
    const csv = [
      'offer_id,provider_id,cluster_id,offered_at,responded_at,response',
      'OF-1,P001,K01,0025-03-04T10:00:00Z,,no_response',
      'OF-2,P001,K01,04/03/0099 10:00,,no_response',
      'OF-3,P001,K01,2025-03-04T10:00:00+25:00,,no_response',
      'OF-4,P001,K01,2025-03-04T10:00:00+99:99,,no_response',
      'OF-5,P001,K01,2025-03-04T10:00:00-1300,,no_response',
      'OF-6,P001,K01,2025-03-04T10:00:00+05:75,,no_response',
      'OF-7,P001,K01,2025-01-04T10:00:00+14:00,,no_response',
      'OF-8,P001,K01,2025-01-04T10:00:00-12:00,,no_response',
    ].join('\n');
    const { submission, report } = await ingest(store, 'offers.csv', csv, {
      type: 'offers',
      submitter: 'council',
    });
    expect(submission).toMatchObject({ rows_read: 8, rows_accepted: 2, rows_rejected: 6 });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [2, 'offered_at', '0025-03-04T10:00:00Z', `offered_at ${tooEarly}`],
      [3, 'offered_at', '04/03/0099 10:00', `offered_at ${tooEarly}`],
      [4, 'offered_at', '2025-03-04T10:00:00+25:00', offsetReason('+25:00')],
      [5, 'offered_at', '2025-03-04T10:00:00+99:99', offsetReason('+99:99')],
      [6, 'offered_at', '2025-03-04T10:00:00-1300', offsetReason('-1300')],
      [7, 'offered_at', '2025-03-04T10:00:00+05:75', offsetReason('+05:75')],
    ]);
    const stored = await readCurated(store, contracts.offers);
    expect(stored.map((r) => (r.offered_at as Date).toISOString()).sort()).toEqual([
      '2025-01-03T20:00:00.000Z',
      '2025-01-04T22:00:00.000Z',
    ]);
  });
});

describe('hostile provider ids', () => {
  it('rows naming another provider (or its branch) are rejected row by row and never stored as theirs', async () => {
    const bytes = corpus('other-provider.csv');
    const { submission, report } = await ingest(store, 'others.csv', bytes);
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      provider_id: 'P001',
      rows_read: 6,
      rows_accepted: 2,
      rows_rejected: 4,
    });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [
        3,
        'provider_id',
        'P002',
        'provider_id P002 is not the provider submitting this file (P001); a provider can only send its own data',
      ],
      // Ids are compared exactly (after trimming spaces): "p001" is not P001.
      [
        4,
        'provider_id',
        'p001',
        'provider_id p001 is not the provider submitting this file (P001); a provider can only send its own data',
      ],
      [
        6,
        'provider_id',
        'P999',
        'provider_id P999 is not the provider submitting this file (P001); a provider can only send its own data',
      ],
      [7, 'branch_id', '1-201', 'branch_id 1-201 is not a branch of P001 in the provider register'],
    ]);
    const stored = await curatedReturns();
    expect(stored.map((r) => [r.row_number, r.provider_id, r.branch_id])).toEqual([
      [2, 'P001', '1-200'],
      [5, 'P001', '1-202'],
    ]);
    // Nothing anywhere in the lake is filed under P002 or P999, and the report is P001's.
    expect(store.keys().filter((k) => /P002|P999/.test(k))).toEqual([]);
    expect(submission.report_html_key).toBe(`reports/P001/${submission.submission_id}.html`);
    // The rejected rows are kept, with their reasons, in quarantine.
    const quarantine = store.text(submission.quarantine_key!).split('\r\n').filter(Boolean);
    expect(quarantine.map((l) => l.split(',')[0])).toEqual(['row_number', '3', '4', '6', '7']);
    expectKept(store, submission, bytes);
  });
});
