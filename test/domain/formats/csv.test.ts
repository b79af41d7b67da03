import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  FileRejectedError,
  normaliseHeader,
  openRecords,
  type ReadLimits,
} from '../../../functions/domain/formats/index.ts';
import { chunkedSource, collect, plain, rejection, utf8 } from './helpers.ts';

const read = async (bytes: Uint8Array, limits?: Partial<ReadLimits>, sizes?: number[]) => {
  const source = sizes ? chunkedSource('f.csv', bytes, sizes) : bytesSource('f.csv', bytes);
  const reader = await openRecords(source, { format: 'csv', ...(limits ? { limits } : {}) });
  const rows = await collect(reader);
  return { reader, rows };
};
const readText = (text: string, limits?: Partial<ReadLimits>) => read(utf8(text), limits);

describe('normaliseHeader', () => {
  it('trims, lower-cases, maps spaces and hyphens, drops a BOM', () => {
    expect(normaliseHeader('\uFEFF  Provider ID ')).toBe('provider_id');
    expect(normaliseHeader('Calls-Late-Early')).toBe('calls_late_early');
  });
});

describe('CSV reader', () => {
  it('reads UTF-8 without BOM, LF endings', async () => {
    const { reader, rows } = await readText('Provider ID,Name\nP1,Café\nP2,\n');
    expect(reader.format).toBe('csv');
    expect(reader.encoding).toBe('utf-8');
    expect(reader.header).toEqual(['Provider ID', 'Name']);
    expect(reader.columns).toEqual(['provider_id', 'name']);
    expect(plain(rows)).toEqual([
      { row: 2, cells: { provider_id: 'P1', name: 'Café' } },
      { row: 3, cells: { provider_id: 'P2', name: null } },
    ]);
    expect(reader.warnings).toEqual([]);
  });

  it('reads UTF-8 with BOM and CRLF endings', async () => {
    const { reader, rows } = await read(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\r\n1,£2\r\n')]));
    expect(reader.header).toEqual(['a', 'b']);
    expect(reader.encoding).toBe('utf-8');
    expect(plain(rows)).toEqual([{ row: 2, cells: { a: '1', b: '£2' } }]);
  });

  it('falls back to Windows-1252 with a warning', async () => {
    const bytes = new Uint8Array([...utf8('a,b\r\n'), 0xa3, ...utf8('5,caf'), 0xe9, ...utf8('\r\n')]);
    const { reader, rows } = await read(bytes);
    expect(reader.encoding).toBe('windows-1252');
    expect(plain(rows)).toEqual([{ row: 2, cells: { a: '£5', b: 'café' } }]);
    expect(reader.warnings.map((w) => w.code)).toEqual(['ENCODING_GUESSED']);
  });

  it('detects Windows-1252 when the first such byte is far into the file, with any chunking', async () => {
    const lines = ['id,name'];
    for (let k = 0; k < 5000; k++) lines.push(`${k},plain ascii name ${k}`);
    const head = utf8(`${lines.join('\n')}\n`);
    const bytes = new Uint8Array([...head, ...utf8('5000,Ren'), 0xe9, ...utf8('e\n')]);
    for (const sizes of [undefined, [1], [7, 64, 3], [4096]]) {
      const { reader, rows } = await read(bytes, undefined, sizes);
      expect(reader.encoding).toBe('windows-1252');
      expect(rows).toHaveLength(5001);
      expect(rows.at(-1)?.cells.get('name')).toBe('Renée');
      expect(rows.at(-1)?.rowNumber).toBe(5002);
      expect(reader.warnings).toHaveLength(1);
    }
  });

  it('keeps UTF-8 multi-byte characters split across chunks', async () => {
    const bytes = utf8('a,b\n€,😀\n');
    const { rows, reader } = await read(bytes, undefined, [1]);
    expect(reader.encoding).toBe('utf-8');
    expect(plain(rows)).toEqual([{ row: 2, cells: { a: '€', b: '😀' } }]);
  });

  it('keeps a byte order mark met after the start as text, whether it follows ASCII or not', async () => {
    const bom = [0xef, 0xbb, 0xbf];
    for (const first of ['a,b\n', 'a,b\n1,é\n']) {
      const bytes = new Uint8Array([...utf8(first), ...bom, ...utf8('2,x\n')]);
      for (const sizes of [[first.length + 1], [utf8(first).length], [1]]) {
        const { rows, reader } = await read(bytes, undefined, sizes);
        expect(reader.encoding).toBe('utf-8');
        expect(rows.at(-1)?.cells.get('a')).toBe('\ufeff2');
      }
    }
  });

  it('handles quoted commas, doubled quotes and newlines, and counts lines', async () => {
    const text = 'a,b,c\n"x, y","say ""hi""","line1\nline2\r\nline3"\n4,"1,234",6\n';
    const { rows } = await readText(text);
    expect(plain(rows)).toEqual([
      { row: 2, cells: { a: 'x, y', b: 'say "hi"', c: 'line1\nline2\r\nline3' } },
      { row: 5, cells: { a: '4', b: '1,234', c: '6' } },
    ]);
  });

  it('skips blank lines and keeps physical line numbers', async () => {
    const { rows } = await readText('\n\na,b\n\n1,2\r\n\r\n,\n3,4');
    expect(plain(rows)).toEqual([
      { row: 5, cells: { a: '1', b: '2' } },
      { row: 8, cells: { a: '3', b: '4' } },
    ]);
  });

  it('marks ragged rows with a problem in plain English', async () => {
    const { rows } = await readText('a,b,c\n1,2\n1,2,3,4\n1,2,3\n');
    expect(rows.map((r) => r.problem?.code)).toEqual(['FIELD_COUNT', 'FIELD_COUNT', undefined]);
    expect(rows[0]?.problem?.message).toBe(
      'This row has 2 values but the header has 3 columns; check for an extra comma or a missing value.',
    );
    expect(Object.fromEntries(rows[0]!.cells)).toEqual({ a: '1', b: '2' });
  });

  it('rejects a semicolon or tab separated header', async () => {
    let e = await rejection(() => readText('a;b;c\n1;2;3\n'));
    expect(e.code).toBe('DELIMITER');
    expect(e.message).toMatch(/semicolons/);
    e = await rejection(() => readText('a\tb\n1\t2\n'));
    expect(e.code).toBe('DELIMITER');
    expect(e.message).toMatch(/tabs/);
  });

  it('rejects two headers with the same normalised name, naming them', async () => {
    const e = await rejection(() => readText('Provider ID,provider-id\n1,2\n'));
    expect(e.code).toBe('DUPLICATE_HEADER');
    expect(e.message).toContain('"Provider ID"');
    expect(e.message).toContain('"provider-id"');
  });

  it('rejects empty and header-only files', async () => {
    for (const text of ['', '\n\n', 'a,b\n', 'a,b\n\n\n']) {
      const e = await rejection(() => readText(text));
      expect(e.code).toBe('EMPTY');
      expect(e.message).toMatch(/^The file has no data rows/);
    }
  });

  it('rejects an unterminated quote naming the line where it started', async () => {
    const e = await rejection(() => readText('a,b\n1,2\n3,"abc\n4,5\n'));
    expect(e.code).toBe('MALFORMED');
    expect(e.rowNumber).toBe(3);
    expect(e.message).toContain('line 3');
  });

  it('enforces the row, column, field and byte limits', async () => {
    let e = await rejection(() => readText('a\n1\n2\n3\n', { maxRows: 2 }));
    expect([e.code, e.rowNumber]).toEqual(['TOO_MANY_ROWS', 4]);
    e = await rejection(() => readText('a,b,c\n1,2,3\n', { maxColumns: 2 }));
    expect(e.code).toBe('TOO_MANY_COLUMNS');
    e = await rejection(() => readText(`a,b\n1,2\n3,${'x'.repeat(101)}\n`, { maxFieldBytes: 100 }));
    expect([e.code, e.rowNumber]).toEqual(['FIELD_TOO_LONG', 3]);
    // Bytes, not characters: 40 two-byte characters exceed 64 bytes.
    e = await rejection(() => readText(`a\n${'é'.repeat(40)}\n`, { maxFieldBytes: 64 }));
    expect(e.code).toBe('FIELD_TOO_LONG');
    // An unterminated quote in a big file stops at the field limit instead of buffering it all.
    e = await rejection(() => readText(`a\n"${'x\n'.repeat(100)}`, { maxFieldBytes: 50 }));
    expect([e.code, e.rowNumber]).toEqual(['FIELD_TOO_LONG', 2]);
  });

  it('rejects a file over the size limit without reading it', async () => {
    const source = {
      name: 'big.csv',
      size: 200,
      open(): AsyncIterable<Uint8Array> {
        throw new Error('must not be read');
      },
    };
    const e = await rejection(() => openRecords(source, { limits: { maxBytes: 100 } }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('100 bytes');
  });

  it('rejects NUL bytes and binary content as an encoding problem', async () => {
    let e = await rejection(() => read(new Uint8Array([...utf8('a,b\n1,'), 0, ...utf8('2\n')])));
    expect(e.code).toBe('ENCODING');
    const binary = new Uint8Array(256).map((_, i) => (i * 7 + 1) % 32 || 1);
    e = await rejection(() => read(binary));
    expect(e.code).toBe('ENCODING');
  });

  it('gives identical output for 1-byte and random chunk sizes', async () => {
    const text = 'id,"note",x\r\n1,"a ""q"", b\r\nc",\r\n\r\n2,"",z\n3,plain,"end"';
    const whole = plain((await readText(text)).rows);
    expect(whole).toHaveLength(3);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        async (sizes) => {
          const { rows } = await read(utf8(text), undefined, sizes);
          expect(plain(rows)).toEqual(whole);
        },
      ),
    );
  });
});

/** Test-only RFC 4180 writer: quotes every field that needs it. */
function toCsv(rows: string[][], eol: string): string {
  const field = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(field).join(',')).join(eol) + eol;
}

describe('CSV reader properties', () => {
  const cellArb = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é', '€', '😀', ';') }),
    fc.string({ unit: 'grapheme' }),
  );

  it('reads back what was written, for any table and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.record({
            header: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), {
              minLength: width,
              maxLength: width,
            }),
            rows: fc.array(fc.array(cellArb, { minLength: width, maxLength: width }), {
              minLength: 1,
              maxLength: 8,
            }),
          }),
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 10 }),
        async ({ header, rows }, eol, sizes) => {
          // A row of only empty cells is a blank row, which the reader skips by design.
          const kept = rows.filter((r) => r.some((c) => c !== ''));
          fc.pre(kept.length > 0);
          const { reader, rows: got } = await read(utf8(toCsv([header, ...rows], eol)), undefined, sizes);
          expect(reader.header).toEqual(header);
          expect(got.map((r) => header.map((h) => r.cells.get(h) ?? ''))).toEqual(kept);
          expect(got.every((r) => r.problem === undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but FileRejectedError on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
        async (bytes, sizes) => {
          try {
            await read(bytes, { maxColumns: 20, maxFieldBytes: 100 }, sizes);
          } catch (e) {
            expect(e).toBeInstanceOf(FileRejectedError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
