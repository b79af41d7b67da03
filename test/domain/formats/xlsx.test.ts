import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesSource,
  FileRejectedError,
  openRecords,
  type RawRow,
  type ReadLimits,
} from '../../../functions/domain/formats/index.ts';
import { buildZip } from '../../hostile/helpers.ts';
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

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const WORKSHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

interface HandBuilt {
  /** The sheet part whole; by default <worksheet><sheetData>{rows}</sheetData></worksheet>. */
  sheet?: string;
  sst?: string;
  styles?: string;
  /** Children of <workbook> before <sheets>, e.g. <workbookPr date1904="1"/>. */
  workbookPr?: string;
  /** Stored (not deflated), so a chunked source splits the sheet's XML itself. */
  store?: boolean;
  /** Parts to replace or add. */
  parts?: Record<string, string>;
}

/** A header row of inline strings. */
const headerRow = (...names: string[]) =>
  `<row r="1">${names.map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;
const HEADER = headerRow('a', 'b');

/** A workbook from hand-written SpreadsheetML, zipped with the hostile tests' zip builder. */
async function handBuilt(rows: string, opts: HandBuilt = {}): Promise<Uint8Array> {
  const text: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${NS}>${opts.workbookPr ?? ''}<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WORKSHEET_REL}" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml':
      opts.sheet ??
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`,
  };
  if (opts.sst !== undefined)
    text['xl/sharedStrings.xml'] = `<?xml version="1.0"?><sst ${NS}>${opts.sst}</sst>`;
  if (opts.styles !== undefined) {
    text['xl/styles.xml'] = `<?xml version="1.0"?><styleSheet ${NS}>${opts.styles}</styleSheet>`;
  }
  Object.assign(text, opts.parts);
  return buildZip(
    Object.entries(text).map(([name, xml]) => ({
      name,
      data: new TextEncoder().encode(xml),
      ...(opts.store ? { store: true } : {}),
    })),
  );
}

/** Data rows as [row number, ...values in column order], dates as ISO strings. */
const values = (rows: RawRow[]) =>
  rows.map((r) => [
    r.rowNumber,
    ...[...r.cells.values()].map((v) => (v instanceof Date ? v.toISOString() : v)),
  ]);

describe('XLSX reader: SpreadsheetML as Excel and others write it', () => {
  it('reads shared strings: rich-text runs joined, phonetic runs left out, spaces kept, _xHHHH_ decoded', async () => {
    const bytes = await handBuilt(
      `${HEADER}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>`,
      {
        sst: [
          '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>',
          '<si><r><rPr><b/><sz val="11"/></rPr><t>bold</t></r><r><t xml:space="preserve"> &amp; plain </t></r></si>',
          '<si><t xml:space="preserve">  two\nlines_x000D_  </t></si>',
          '<si><t>_x005F_x0041_ is not _x0041_</t></si>',
        ].join(''),
      },
    );
    const { rows } = await readXlsx(bytes);
    expect(values(rows)).toEqual([
      [2, '漢字', 'bold & plain '],
      [3, '  two\nlines\r  ', '_x0041_ is not A'],
    ]);
  });

  it('reads inline strings, rich or plain, and formula string results', async () => {
    const bytes = await handBuilt(
      `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t xml:space="preserve">line </t></r><rPh><t>x</t></rPh></is></c><c r="B2" t="str"><f>"a"&amp;"&lt;b"</f><v>a&lt;b</v></c></row>`,
    );
    const { rows } = await readXlsx(bytes);
    expect(values(rows)).toEqual([[2, 'inline ', 'a<b']]);
  });

  it('counts rows and cells that have no r attribute from the ones before', async () => {
    const bytes = await handBuilt(
      '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c></row>' +
        '<row><c><v>1</v></c><c r="C2"><v>3</v></c></row>' +
        '<row r="5"><c r="B5"><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>',
    );
    const { reader, rows } = await readXlsx(bytes);
    expect(reader.header).toEqual(['a', 'b', 'c']);
    expect(values(rows)).toEqual([
      [2, 1, null, 3],
      [5, null, 2, 3],
      [6, 4, null, null],
    ]);
  });

  it('reads numbers in date styles as dates: built-in and custom formats, 1900 and 1904 systems', async () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="0.0&quot; d&quot;"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>' +
      '<dxfs count="1"><dxf><numFmt numFmtId="4" formatCode="yyyy"/></dxf></dxfs>';
    const row =
      '<row r="2"><c r="A2" s="1"><v>45382</v></c><c r="B2" s="2"><v>45382.75</v></c><c r="C2" s="3"><v>45382</v></c><c r="D2" s="4"><v>45382</v></c><c r="E2"><v>45382</v></c><c r="F2" s="1"><f>TODAY()</f><v>45383</v></c></row>';
    const header = headerRow('a', 'b', 'c', 'd', 'e', 'f');
    const expected1900 = [
      2,
      '2024-03-31T00:00:00.000Z',
      '2024-03-31T18:00:00.000Z',
      45382,
      45382,
      45382,
      '2024-04-01T00:00:00.000Z',
    ];
    expect(values((await readXlsx(await handBuilt(header + row, { styles }))).rows)).toEqual([expected1900]);
    const in1904 = await handBuilt(header + row, { styles, workbookPr: '<workbookPr date1904="1"/>' });
    expect(values((await readXlsx(in1904)).rows)).toEqual([
      [
        2,
        '2028-04-01T00:00:00.000Z',
        '2028-04-01T18:00:00.000Z',
        45382,
        45382,
        45382,
        '2028-04-02T00:00:00.000Z',
      ],
    ]);
  });

  it('reads only what formulas saved: results by type, errors as no value, no saved result as empty', async () => {
    const cells = [
      '<c r="A2"><f>1-1</f><v>0</v></c>',
      '<c r="B2" t="str"><f>"x"</f><v>x</v></c>',
      '<c r="C2" t="b"><f>1=1</f><v>1</v></c>',
      '<c r="D2" t="b"><f>1=2</f><v>0</v></c>',
      '<c r="E2" t="e"><f>NA()</f><v>#N/A</v></c>',
      '<c r="F2"><f>[1]Sheet1!A1</f></c>',
      '<c r="G2"><f t="shared" ref="G2:G3" si="0">A2+1</f><v>1</v></c>',
      '<c r="H2" t="str"><f>""</f><v></v></c>',
    ].join('');
    const header = headerRow(...'abcdefgh');
    const bytes = await handBuilt(
      `${header}<row r="2">${cells}</row><row r="3"><c r="G3"><f t="shared" si="0"/><v>2</v></c></row>`,
    );
    const { rows } = await readXlsx(bytes);
    expect(values(rows)).toEqual([
      [2, 0, 'x', true, false, null, null, 1, null],
      [3, null, null, null, null, null, null, 2, null],
    ]);
  });

  it('reads booleans, error values, ISO dates (t="d") and numbers as saved', async () => {
    const bytes = await handBuilt(
      headerRow(...'abcdef') +
        '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="d"><v>2024-03-31T12:30:00</v></c><c r="E2" t="n"><v>-1.5E3</v></c><c r="F2"><v>007</v></c></row>',
    );
    const { rows } = await readXlsx(bytes);
    expect(values(rows)).toEqual([[2, true, false, '#DIV/0!', '2024-03-31T12:30:00.000Z', -1500, 7]]);
  });

  it('reads the same rows however the stored sheet is split, even inside tags, entities and characters', async () => {
    const row = (n: number) =>
      `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>é&amp;漢😀 ${n}</t></is></c><c r="B${n}" s="1"><v>${45000 + n}</v></c></row>`;
    const bytes = await handBuilt(HEADER + Array.from({ length: 20 }, (_, k) => row(k + 2)).join(''), {
      store: true,
      styles: '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
    });
    const whole = values((await readXlsx(bytes)).rows);
    expect(whole).toHaveLength(20);
    expect(whole[0]).toEqual([2, 'é&漢😀 2', '2023-03-17T00:00:00.000Z']);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        async (sizes) => {
          expect(values((await readXlsx(bytes, undefined, undefined, sizes)).rows)).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads SpreadsheetML written with a namespace prefix (x:row, x:c)', async () => {
    const sheet =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const { rows } = await readXlsx(await handBuilt('', { sheet }));
    expect(values(rows)).toEqual([[2, 3]]);
  });

  it('finds sheets through the workbook relationships: absolute targets, chart sheets skipped', async () => {
    const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${WORKSHEET_REL}" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId3" Type="${WORKSHEET_REL}" Target="/xl/worksheets/other.xml"/></Relationships>`;
    const workbook = `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="Chart" sheetId="2" r:id="rId2"/><sheet name="Returns &amp; more" sheetId="3" r:id="rId3"/><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const bytes = await handBuilt(`${HEADER}<row r="2"><c r="A2"><v>1</v></c></row>`, {
      parts: {
        'xl/_rels/workbook.xml.rels': rels,
        'xl/workbook.xml': workbook,
        'xl/worksheets/other.xml': `<worksheet ${NS}><sheetData><row r="4"><c r="A4" t="inlineStr"><is><t>other</t></is></c></row><row r="5"><c r="A5"><v>5</v></c></row></sheetData></worksheet>`,
      },
    });
    expect(values((await readXlsx(bytes)).rows)).toEqual([[5, 5]]);
    expect(values((await readXlsx(bytes, 'returns & more')).rows)).toEqual([[5, 5]]);
    expect(values((await readXlsx(bytes, 'data')).rows)).toEqual([[2, 1, null]]);
  });

  it('keeps reading a formula that saved "" as a cell: it widens the row, as before', async () => {
    const bytes = await handBuilt(
      `${HEADER}<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2" t="str"><f>IF(A2,"","x")</f><v></v></c></row>`,
    );
    const { reader, rows } = await readXlsx(bytes);
    expect(values(rows)).toEqual([[2, 1, 2]]);
    expect(reader.warnings.map((w) => w.code)).toEqual(['VALUES_OUTSIDE_HEADER']);
  });

  it('reads rows or rejects the file, never fails otherwise, however its XML is damaged', async () => {
    const sst = '<si><t>a_x000D_</t></si><si><r><t>c</t></r><rPh><t>k</t></rPh></si>';
    const styles =
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>';
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>b&amp;</t></r></is></c><c t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" s="1"><v>45000</v></c><c r="B2" t="b"><f>1=1</f><v>1</v></c><c t="e"><v>#N/A</v></c></row>' +
      '<row><c><v>1.5</v></c><c t="d"><v>2024-01-01</v></c><c t="str"><f>"x"</f><v>x</v></c></row>';
    const good: Record<string, string> = {
      'xl/worksheets/sheet1.xml': `<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`,
      'xl/sharedStrings.xml': `<sst ${NS}>${sst}</sst>`,
      'xl/styles.xml': `<styleSheet ${NS}>${styles}</styleSheet>`,
      'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    };
    const tokens = [
      '<',
      '>',
      '/',
      '"',
      '&',
      ';',
      '&#0;',
      '<![CDATA[',
      '<!--',
      '\u0000',
      '\r',
      '😀',
      '<c/>',
      '</c>',
      '</row>',
      ' r="A0"',
      ' s="9"',
      'x:',
      '=',
    ];
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 12 }),
      insert: fc.constantFrom('', ...tokens),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(good)),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        async (name, edits) => {
          let xml = good[name]!;
          for (const { at, cut, insert } of edits) {
            const k = at % (xml.length + 1);
            xml = xml.slice(0, k) + insert + xml.slice(k + cut);
          }
          const bytes = await handBuilt('', {
            sheet: good['xl/worksheets/sheet1.xml'],
            sst,
            styles,
            store: true,
            parts: { [name]: xml },
          });
          try {
            await readXlsx(bytes, undefined, undefined, [61]);
          } catch (e) {
            expect(e).toBeInstanceOf(FileRejectedError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects malformed XML in any part it reads as a damaged workbook', async () => {
    const good = `${HEADER}<row r="2"><c r="A2"><v>1</v></c></row>`;
    const cases: [string, Promise<Uint8Array>, string][] = [
      [
        'mismatched tags',
        handBuilt(`${HEADER}<row r="2"><c r="A2"><v>1</c></row>`),
        'its sheet cannot be read',
      ],
      [
        'a sheet that stops early',
        handBuilt('', { sheet: `<worksheet><sheetData>${good}` }),
        'its sheet cannot be read',
      ],
      [
        'an undefined entity',
        handBuilt(`${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`),
        'its sheet cannot be read',
      ],
      [
        'a document type',
        handBuilt('', { sheet: `<!DOCTYPE worksheet><worksheet><sheetData>${good}</sheetData></worksheet>` }),
        'its sheet cannot be read',
      ],
      [
        'a cell beyond column XFD',
        handBuilt(`${HEADER}<row r="2"><c r="XFE2"><v>1</v></c></row>`),
        'its sheet cannot be read',
      ],
      [
        'a bad row number',
        handBuilt(`${HEADER}<row r="0"><c><v>1</v></c></row>`),
        'its sheet cannot be read',
      ],
      ['broken shared strings', handBuilt(good, { sst: '<si><t>a</si>' }), 'its sheet cannot be read'],
      [
        'broken styles',
        handBuilt(good, { styles: '<cellXfs><xf numFmtId="14"></cellXfs>' }),
        'its sheet cannot be read',
      ],
      [
        'a broken workbook part',
        handBuilt(good, {
          parts: {
            'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="a" r:id="rId1"></sheets></workbook>`,
          },
        }),
        'its list of sheets cannot be read',
      ],
    ];
    for (const [what, bytes, detail] of cases) {
      const e = await rejection(async () => readXlsx(await bytes));
      expect([what, e.code, e.message]).toEqual([what, 'MALFORMED', expect.stringContaining(detail)]);
    }
  });
});
