import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bytesSource, openRecords, type ReadLimits } from '../../../functions/core/parsing/index.ts';
import { chunkedSource, collect, plain, rejection } from './helpers.ts';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const readXlsx = async (
  bytes: Uint8Array,
  sheetName?: string,
  limits?: Partial<ReadLimits>,
  sizes?: number[],
) => {
  const source = sizes ? chunkedSource('f.xlsx', bytes, sizes) : bytesSource('f.xlsx', bytes);
  const reader = await openRecords(source, {
    ...(sheetName ? { sheetName } : {}),
    ...(limits ? { limits } : {}),
  });
  return { reader, rows: await collect(reader) };
};

describe('XLSX reader', () => {
  it('reads the first sheet: header normalised, dates, formulas, rich text, hyperlinks, errors', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow([]);
      ws.addRow(['Provider ID', 'Start-Date', 'Hours', 'Total', 'Note', 'Link', 'Err', 'Yes']);
      ws.addRow([
        'P1',
        new Date(Date.UTC(2024, 2, 31)),
        7.5,
        { formula: 'C3*2', result: 15 },
        { richText: [{ text: 'bold ' }, { text: 'text' }] },
        { text: 'site', hyperlink: 'https://example.org' },
        { error: '#N/A' },
        true,
      ]);
      ws.addRow(['P2', null, 0, { formula: 'B3', result: new Date(Date.UTC(2024, 0, 2)) }]);
      ws.getCell('D4').numFmt = 'yyyy-mm-dd';
      wb.addWorksheet('Other').addRow(['x']);
    });
    const { reader, rows } = await readXlsx(bytes);
    expect(reader.format).toBe('xlsx');
    expect(reader.encoding).toBeNull();
    expect(reader.header).toEqual([
      'Provider ID',
      'Start-Date',
      'Hours',
      'Total',
      'Note',
      'Link',
      'Err',
      'Yes',
    ]);
    expect(reader.columns).toEqual([
      'provider_id',
      'start_date',
      'hours',
      'total',
      'note',
      'link',
      'err',
      'yes',
    ]);
    expect(plain(rows)).toEqual([
      {
        row: 3,
        cells: {
          provider_id: 'P1',
          start_date: new Date(Date.UTC(2024, 2, 31)),
          hours: 7.5,
          total: 15,
          note: 'bold text',
          link: 'site',
          err: '#N/A',
          yes: true,
        },
      },
      {
        row: 4,
        cells: {
          provider_id: 'P2',
          start_date: null,
          hours: 0,
          total: new Date(Date.UTC(2024, 0, 2)),
          note: null,
          link: null,
          err: null,
          yes: null,
        },
      },
    ]);
  });

  it('prefers the sheet named after the input type, case-insensitively, with any chunking', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Notes').addRows([['about'], ['ignore me']]);
      wb.addWorksheet('Monthly-Return').addRows([
        ['a', 'b'],
        ['x', 1],
      ]);
    });
    for (const sizes of [undefined, [1, 50, 7], [333]]) {
      const { rows } = await readXlsx(bytes, 'monthly-return', undefined, sizes);
      expect(plain(rows)).toEqual([{ row: 2, cells: { a: 'x', b: 1 } }]);
    }
    const { reader } = await readXlsx(bytes, 'sanctions');
    expect(reader.header).toEqual(['about']);
  });

  it('rejects header-only sheets, duplicate headers and too many rows', async () => {
    let e = await rejection(async () =>
      readXlsx(await workbook((wb) => wb.addWorksheet('S').addRow(['a', 'b']))),
    );
    expect(e.code).toBe('EMPTY');
    e = await rejection(async () =>
      readXlsx(
        await workbook((wb) =>
          wb.addWorksheet('S').addRows([
            ['A', 'a '],
            [1, 2],
          ]),
        ),
      ),
    );
    expect(e.code).toBe('DUPLICATE_HEADER');
    const many = await workbook((wb) => wb.addWorksheet('S').addRows([['a'], [1], [2], [3]]));
    e = await rejection(() => readXlsx(many, undefined, { maxRows: 2 }));
    expect([e.code, e.rowNumber]).toEqual(['TOO_MANY_ROWS', 4]);
  });

  it('rejects a sheet whose central directory claims a huge uncompressed size, before inflating', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('S').addRows([['a'], [1]]));
    const forged = forgeSheetSize(bytes, 0xfffffff0);
    const e = await rejection(() => readXlsx(forged));
    expect(e.code).toBe('SHEET_TOO_LARGE');
    const small = await rejection(() => readXlsx(bytes, undefined, { maxXlsxSheetBytes: 100 }));
    expect(small.code).toBe('SHEET_TOO_LARGE');
  });

  it('rejects a sheet that inflates to more than its directory claims', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('S').addRows([['a'], [1]]));
    const e = await rejection(() => readXlsx(forgeSheetSize(bytes, 10)));
    expect(['SHEET_TOO_LARGE', 'MALFORMED']).toContain(e.code);
  });

  it('rejects a corrupt zip as malformed', async () => {
    const bytes = await workbook((wb) => wb.addWorksheet('S').addRows([['a'], [1]]));
    const cut = bytes.slice(0, bytes.length - 30);
    expect((await rejection(() => readXlsx(cut))).code).toBe('MALFORMED');
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(100).fill(7)]);
    expect((await rejection(() => readXlsx(junk))).code).toBe('MALFORMED');
  });
});

/** Rewrites the uncompressed size of xl/worksheets/sheet1.xml in the central directory. */
function forgeSheetSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const name = 'xl/worksheets/sheet1.xml';
  for (let p = 0; p + 46 < out.length; p++) {
    if (dv.getUint32(p, true) !== 0x02014b50) continue;
    const nameLen = dv.getUint16(p + 28, true);
    if (new TextDecoder().decode(out.subarray(p + 46, p + 46 + nameLen)) === name) {
      dv.setUint32(p + 24, size, true);
      return out;
    }
  }
  throw new Error('sheet entry not found');
}
