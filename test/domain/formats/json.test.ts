import { describe, expect, it } from 'vitest';
import { bytesSource, openRecords, type ReadLimits } from '../../../functions/domain/formats/index.ts';
import { chunkedSource, collect, plain, rejection, utf8 } from './helpers.ts';

const readJson = async (text: string, format: 'json' | 'cqc' = 'json', limits?: Partial<ReadLimits>) => {
  const reader = await openRecords(bytesSource('f.json', utf8(text)), {
    format,
    ...(limits ? { limits } : {}),
  });
  return { reader, rows: await collect(reader) };
};

describe('JSON reader', () => {
  it('reads an array of objects, keeping scalar types and stringifying nested values', async () => {
    const { reader, rows } = await readJson(
      '[{"Provider ID":"P1","calls":3,"ok":true,"n":null,"x":{"a":1}},\n{"provider_id":"P2","extra":[1,2]}, 5]',
    );
    expect(reader.format).toBe('json');
    expect(reader.header).toEqual(['Provider ID', 'calls', 'ok', 'n', 'x', 'extra']);
    expect(reader.columns).toEqual(['provider_id', 'calls', 'ok', 'n', 'x', 'extra']);
    expect(plain(rows)).toEqual([
      { row: 1, cells: { provider_id: 'P1', calls: 3, ok: true, n: null, x: '{"a":1}' } },
      { row: 2, cells: { provider_id: 'P2', extra: '[1,2]' } },
      { row: 3, cells: {}, problem: 'NOT_AN_OBJECT' },
    ]);
  });

  it('streams JSON Lines, skipping blank lines, numbering rows by line', async () => {
    const text = '{"a":1}\n\n{"a":2,"b":"x"}\r\n{"a":3}';
    const reader = await openRecords(chunkedSource('f.jsonl', utf8(text), [3]), {});
    expect(reader.format).toBe('json');
    expect(plain(await collect(reader))).toEqual([
      { row: 1, cells: { a: 1 } },
      { row: 3, cells: { a: 2, b: 'x' } },
      { row: 4, cells: { a: 3 } },
    ]);
    expect(reader.header).toEqual(['a', 'b']);
  });

  it('gathers columns over all records, so a field the first record leaves out still counts', async () => {
    for (const text of ['[{"a":1},{"a":2,"b":3}]', '{"a":1}\n{"a":2,"b":3}']) {
      const { reader } = await readJson(text);
      expect(reader.columns).toEqual(['a', 'b']);
    }
  });

  it('treats __proto__ and constructor keys as ordinary cells', async () => {
    const { rows } = await readJson('[{"__proto__":"x","constructor":"y","a":1}]');
    expect(rows[0]?.cells.get('__proto__')).toBe('x');
    expect(rows[0]?.cells.get('constructor')).toBe('y');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('rejects 10,000-deep nesting without crashing', async () => {
    const deep = `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`;
    const e = await rejection(() => readJson(deep));
    expect(e.code).toBe('JSON_TOO_DEEP');
    const lines = `{"a":1}\n{"b":${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`;
    const e2 = await rejection(() => readJson(lines));
    expect([e2.code, e2.rowNumber]).toEqual(['JSON_TOO_DEEP', 2]);
  });

  it('rejects invalid JSON with a position', async () => {
    let e = await rejection(() => readJson('[\n{"a":1},\n{"a" 2}\n]'));
    expect(e.code).toBe('MALFORMED');
    expect(e.message).toContain('line 3');
    e = await rejection(() => readJson('{"a":1}\n{"a":\n'));
    expect([e.code, e.rowNumber]).toEqual(['MALFORMED', 2]);
    e = await rejection(() => readJson('[]'));
    expect(e.code).toBe('EMPTY');
    e = await rejection(() => readJson('42'));
    expect(e.code).toBe('MALFORMED');
  });

  it('rejects non-UTF-8 JSON as an encoding problem', async () => {
    const bytes = new Uint8Array([...utf8('[{"a":"'), 0xa3, ...utf8('"}]')]);
    const e = await rejection(() => openRecords(bytesSource('f.json', bytes), {}));
    expect(e.code).toBe('ENCODING');
  });

  it('applies the row and field limits', async () => {
    let e = await rejection(() => readJson('[{"a":1},{"a":2},{"a":3}]', 'json', { maxRows: 2 }));
    expect([e.code, e.rowNumber]).toEqual(['TOO_MANY_ROWS', 3]);
    e = await rejection(() => readJson(`[{"a":"${'x'.repeat(200)}"}]`, 'json', { maxFieldBytes: 100 }));
    expect(e.code).toBe('FIELD_TOO_LONG');
  });
});

const location = (extra: Record<string, unknown> = {}) => ({
  locationId: '1-101',
  providerId: '1-100',
  registrationStatus: 'Registered',
  locationName: 'ignored',
  currentRatings: { overall: { rating: 'Good', reportDate: '2024-03-01', keyQuestionRatings: [] } },
  historicRatings: [
    { reportDate: '2021-05-01', overall: { rating: 'requires improvement' } },
    { reportDate: '2019-01-01', overall: { rating: 'Inadequate' } },
  ],
  ...extra,
});

describe('CQC reader', () => {
  it('flattens current and historic ratings of one document', async () => {
    const { reader, rows } = await readJson(JSON.stringify(location(), null, 2), 'cqc');
    expect(reader.format).toBe('cqc');
    expect(reader.columns).toEqual([
      'location_id',
      'provider_id',
      'registration_status',
      'rating',
      'report_date',
      'rating_source',
    ]);
    const base = { location_id: '1-101', provider_id: '1-100', registration_status: 'Registered' };
    expect(plain(rows)).toEqual([
      { row: 1, cells: { ...base, rating: 'Good', report_date: '2024-03-01', rating_source: 'current' } },
      {
        row: 2,
        cells: {
          ...base,
          rating: 'requires improvement',
          report_date: '2021-05-01',
          rating_source: 'historic',
        },
      },
      {
        row: 3,
        cells: { ...base, rating: 'Inadequate', report_date: '2019-01-01', rating_source: 'historic' },
      },
    ]);
  });

  it('reads a locations wrapper, arrays and JSON Lines, including unrated and broken documents', async () => {
    const unrated = { locationId: '1-202', providerId: '1-200', registrationStatus: 'Registered' };
    const wrapper = JSON.stringify({ total: 3, locations: [location(), unrated, { providerId: 'x' }] });
    const { rows } = await readJson(wrapper, 'cqc');
    expect(rows).toHaveLength(5);
    expect(plain(rows)[3]).toEqual({
      row: 4,
      cells: {
        location_id: '1-202',
        provider_id: '1-200',
        registration_status: 'Registered',
        rating: null,
        report_date: null,
        rating_source: 'current',
      },
    });
    expect(rows[4]?.problem?.code).toBe('MISSING_LOCATION_ID');

    const array = await readJson(JSON.stringify([unrated, 'nope']), 'cqc');
    expect(array.rows.map((r) => r.problem?.code)).toEqual([undefined, 'NOT_AN_OBJECT']);

    const lines = await readJson(`${JSON.stringify(location())}\n\n${JSON.stringify(unrated)}\n`, 'cqc');
    expect(lines.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4]);
    expect(lines.rows.at(-1)?.cells.get('location_id')).toBe('1-202');
  });
});
