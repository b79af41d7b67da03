// Hostile JSON (and CSV headers) aimed at the parser and at JavaScript itself: deep nesting,
// prototype keys, duplicate keys.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { scanJson } from '../../functions/domain/formats/json.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import {
  corpus,
  errors,
  expectFileRejected,
  expectKept,
  ingest,
  lakeWithRegister,
  monthlyRecord,
  utf8,
  warnings,
} from './helpers.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

const curatedReturns = () => readCurated(store, contracts['monthly-return']);

describe('hostile JSON: nesting', () => {
  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

  it('a value nested 10,000 deep in a JSON array rejects the file, naming the depth limit, without a crash', async () => {
    const bytes = utf8(`[${JSON.stringify(monthlyRecord()).replace('"P001"', deep)}]`);
    const result = await ingest(store, 'deep.json', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'JSON_TOO_DEEP',
      'The JSON on line 1 is nested more than 64 levels deep, the most allowed.',
    );
  });

  it('in JSON Lines, the deep line is named', async () => {
    const good = JSON.stringify(monthlyRecord());
    const bytes = utf8(
      `${good}\n${JSON.stringify(monthlyRecord({ service_code: 'SIS' })).replace('"SIS"', deep)}\n`,
    );
    const result = await ingest(store, 'deep.jsonl', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'JSON_TOO_DEEP',
      'The JSON on line 2 is nested more than 64 levels',
    );
  });

  it('a CQC location document nested 10,000 deep is rejected the same way', async () => {
    const bytes = utf8(`{"locationId":"1-200","providerId":"1-100","extra":${deep}}`);
    const result = await ingest(store, 'cqc.json', bytes, { type: 'cqc-locations', submitter: 'council' });
    expectFileRejected(store, result, bytes, 'JSON_TOO_DEEP', 'nested more than 64 levels deep');
  });

  it('65 levels is over the limit and 64 is within it', async () => {
    const nest = (n: number) => `${'['.repeat(n - 2)}1${']'.repeat(n - 2)}`;
    // The array and the record are two levels; the value adds the rest.
    const over = await ingest(
      store,
      'over.json',
      `[${JSON.stringify(monthlyRecord())}]`.replace('"HC"', nest(65)),
    );
    expect(over.submission.file_error?.code).toBe('JSON_TOO_DEEP');
    const within = await ingest(
      store,
      'within.json',
      `[${JSON.stringify(monthlyRecord())}]`.replace('"HC"', nest(64)),
    );
    expect(within.submission.file_error).toBeNull();
    expect(errors(within.report.problems)[0]).toMatchObject({ column: 'service_code', row: 1 });
  });
});

describe('hostile keys: __proto__, constructor, prototype', () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
  afterEach(() => {
    // Nothing reached the shared prototypes.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('JSON records with __proto__, constructor and prototype keys: plain unknown fields, nothing inherited', async () => {
    const bytes = corpus('proto-keys.json');
    const { submission, report } = await ingest(store, 'proto.json', bytes);
    expect(submission).toMatchObject({ status: 'partially_accepted', rows_accepted: 1, rows_rejected: 1 });
    expect(warnings(report.problems).map((p) => p.column)).toEqual(['__proto__', 'constructor', 'prototype']);
    // Item 2 has no branch_id of its own; the one inside its "__proto__" is not inherited.
    expect(errors(report.problems)).toEqual([
      {
        severity: 'error',
        row: 2,
        column: 'branch_id',
        value: null,
        message: 'branch_id is required but is empty',
      },
    ]);
    const [row] = await curatedReturns();
    expect(row).toMatchObject({ provider_id: 'P001', branch_id: '1-200', service_code: 'HC' });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    // Quarantine shows the rejected item's __proto__ value as its JSON text.
    expect(store.text(submission.quarantine_key!)).toContain(
      '"{""branch_id"":""1-200"",""polluted"":""yes""}"',
    );
    expectKept(store, submission, bytes);
  });

  it('CSV headers named __proto__, constructor and prototype are unknown columns; the row is accepted', async () => {
    const bytes = corpus('proto-header.csv');
    const { submission, report } = await ingest(store, 'proto.csv', bytes);
    expect(submission).toMatchObject({ status: 'accepted_with_warnings', rows_accepted: 1 });
    expect(report.problems).toEqual(
      ['__proto__', 'constructor', 'prototype'].map((column) => ({
        severity: 'warning',
        row: null,
        column,
        value: null,
        message: `column "${column}" is not part of monthly-return and was ignored`,
      })),
    );
    expect(await curatedReturns()).toHaveLength(1);
    expectKept(store, submission, bytes);
  });
});

describe('hostile JSON: duplicate keys', () => {
  // duplicate-keys.jsonl: line 2 has calls_missed 300 then 1; line 3 provider_id P002 then P001;
  // line 4 the same with the second key written as "provider\u005fid". JSON.parse would keep
  // the last of each, so P002's row would pass as P001's.
  const message = (key: string, unit: string) =>
    `The field "${key}" is written more than once in this ${unit}, so it is not clear which value is meant; keep one.`;
  const lines = new TextDecoder().decode(corpus('duplicate-keys.jsonl')).trim().split('\n');

  for (const [layout, name, text, unit] of [
    ['JSON Lines', 'dups.jsonl', `${lines.join('\n')}\n`, 'line'],
    ['a JSON array', 'dups.json', `[\n${lines.join(',\n')}\n]\n`, 'item'],
  ] as const) {
    it(`${layout}: a key written twice in one record rejects that record, instead of silently keeping the last value`, async () => {
      const bytes = utf8(text);
      const { submission, report } = await ingest(store, name, bytes);
      expect(submission).toMatchObject({
        status: 'partially_accepted',
        rows_read: 4,
        rows_accepted: 1,
        rows_rejected: 3,
      });
      expect(errors(report.problems)).toEqual([
        {
          severity: 'error',
          row: 2,
          column: 'calls_missed',
          value: '1',
          message: message('calls_missed', unit),
        },
        {
          severity: 'error',
          row: 3,
          column: 'provider_id',
          value: 'P001',
          message: message('provider_id', unit),
        },
        {
          severity: 'error',
          row: 4,
          column: 'provider_id',
          value: 'P001',
          message: message('provider_id', unit),
        },
      ]);
      expect((await curatedReturns()).map((r) => r.service_code)).toEqual(['HC']);
      expectKept(store, submission, bytes);
    });
  }

  it('nested objects are checked too, naming the nested field', async () => {
    const a = JSON.stringify(monthlyRecord());
    const b = JSON.stringify(monthlyRecord({ service_code: 'SIS', notes: { by: 'x' } })).replace(
      '"by":"x"',
      '"by":"x","by":"y"',
    );
    const c = JSON.stringify(monthlyRecord({ service_code: 'ECS' })).replace(
      '"period":',
      '"period":"2024-01","period":',
    );
    const { submission, report } = await ingest(store, 'dups.jsonl', `${a}\n${b}\n${c}\n`);
    expect(submission).toMatchObject({ rows_accepted: 1, rows_rejected: 2 });
    expect(errors(report.problems).map((p) => [p.row, p.column, p.message])).toEqual([
      [
        2,
        null,
        'The field "notes.by" is written more than once in this line, so it is not clear which value is meant; keep one.',
      ],
      [
        3,
        'period',
        'The field "period" is written more than once in this line, so it is not clear which value is meant; keep one.',
      ],
    ]);
  });

  it('a CQC location document with a rating written twice has its rows rejected; other documents are kept', async () => {
    const doc = (id: string, rating: string) =>
      `{"locationId":"${id}","providerId":"1-100","currentRatings":{"overall":{"rating":${rating},"reportDate":"2024-01-01"}}}`;
    const text = `{"locations":[${doc('1-200', '"Good"')},${doc('1-202', '"Good","rating":"Inadequate"')}]}`;
    const { submission, report } = await ingest(store, 'cqc.json', text, {
      type: 'cqc-locations',
      submitter: 'council',
    });
    expect(submission).toMatchObject({ status: 'partially_accepted', rows_accepted: 1, rows_rejected: 1 });
    expect(errors(report.problems)).toEqual([
      expect.objectContaining({
        row: 2,
        message:
          'The CQC location document at location 2 of line 1 has the field "currentRatings.overall.rating" more than once, so it is not clear which value is meant.',
      }),
    ]);
    expect((await readCurated(store, contracts['cqc-locations'])).map((r) => r.location_id)).toEqual([
      '1-200',
    ]);
  });
});

describe('the duplicate-key scan itself', () => {
  it('reads keys as JSON does: escapes decoded, quotes and brackets inside strings ignored', () => {
    const cases: [string, { key: string; path: (string | number)[] }[]][] = [
      ['{"a\\"":1,"a\\"":2}', [{ key: 'a"', path: [] }]],
      ['{"a\\\\":1,"a\\\\":2,"b":"\\\\"}', [{ key: 'a\\', path: [] }]],
      ['{"\\u0061":1,"a":2}', [{ key: 'a', path: [] }]],
      ['[{"x":"\\"{[,"},{"x":1,"y":{"z":[{"q":1,"q":2}]}}]', [{ key: 'q', path: [1, 'y', 'z', 0] }]],
      ['{"a":{"b":1},"a":2,"c":{"b":1}}', [{ key: 'a', path: [] }]],
      ['[{"a":1},{"a":1}]', []],
    ];
    for (const [text, duplicates] of cases) expect(scanJson(text, 64)).toEqual({ tooDeepAt: -1, duplicates });
  });

  it('never finds a duplicate in what JSON.stringify writes, and never throws on broken text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(scanJson(JSON.stringify(value), 1000).duplicates).toEqual([]);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        scanJson(text, 64);
      }),
    );
  });
});

describe('JSON records that leave out a field (serialisers drop null or zero fields)', () => {
  const withoutMissed = (period: string) => {
    const { calls_missed: _dropped, ...rest } = monthlyRecord({ period });
    return rest;
  };
  const records = [
    withoutMissed('2024-11'),
    monthlyRecord({ period: '2024-12' }),
    monthlyRecord({ period: '2025-01' }),
  ];
  const layouts = {
    array: JSON.stringify(records, null, 2),
    lines: records.map((r) => JSON.stringify(r)).join('\n'),
  };

  for (const [layout, text] of Object.entries(layouts)) {
    it(`${layout}: the first record lacks a required field; only it is rejected, naming row, column and reason`, async () => {
      const bytes = utf8(text);
      const { submission, report } = await ingest(
        store,
        `returns.json${layout === 'lines' ? 'l' : ''}`,
        bytes,
      );
      expect(submission).toMatchObject({ status: 'partially_accepted', rows_accepted: 2, rows_rejected: 1 });
      expect(submission.file_error).toBeNull();
      expect(errors(report.problems)).toEqual([
        {
          severity: 'error',
          row: 1,
          column: 'calls_missed',
          value: null,
          message: 'calls_missed is required but is empty',
        },
      ]);
      expect((await curatedReturns()).map((r) => r.period).sort()).toEqual(['2024-12', '2025-01']);
      expectKept(store, submission, bytes);
    });
  }

  it('a required field that no record has still rejects the whole file as missing that column', async () => {
    const bytes = utf8(JSON.stringify([withoutMissed('2024-12'), withoutMissed('2025-01')]));
    const result = await ingest(store, 'returns.json', bytes);
    expectFileRejected(store, result, bytes, 'MISSING_COLUMNS', 'The file has no calls_missed column');
    expect(result.submission.rows_read).toBe(0);
    expect(result.report.problems).toHaveLength(1);
  });
});
