// Readers for the small parts of an XLSX workbook that the sheet depends on, each already inflated
// whole: the list of sheets (workbook.xml and its relationships), the styles (which cells hold
// dates) and the shared strings. Malformed XML throws XmlError.
import { parseXml } from './xml-stream.ts';

interface SheetInfo {
  name: string;
  /** The sheet's part in the zip, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

export interface WorkbookInfo {
  /** Worksheets in workbook order (chart sheets and the like left out). */
  sheets: SheetInfo[];
  /** Serial 0 is 1904-01-01 rather than 1899-12-30 (old Mac workbooks). */
  date1904: boolean;
}

interface Relationship {
  type: string | undefined;
  target: string | undefined;
}

const isTrue = (value: string | undefined): boolean => value === '1' || value === 'true';

/** The worksheets a workbook lists, resolved to their parts through workbook.xml.rels. */
export function readWorkbook(workbookXml: Uint8Array, relsXml: Uint8Array): WorkbookInfo {
  const rels = new Map<string, Relationship>();
  parseXml(relsXml, {
    open(name, a) {
      const id = a.get('Id');
      if (name === 'Relationship' && id !== undefined && !rels.has(id)) {
        rels.set(id, { type: a.get('Type'), target: a.get('Target') });
      }
    },
    close() {},
    text() {},
  });

  let date1904 = false;
  const listed: { name: string; rId: string | undefined }[] = [];
  let inSheets = false;
  parseXml(workbookXml, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = isTrue(a.get('date1904'));
      else if (name === 'sheets') inSheets = true;
      // The relationship id is r:id; attributes are looked up without their prefix.
      else if (name === 'sheet' && inSheets) listed.push({ name: a.get('name') ?? '', rId: a.get('id') });
    },
    close(name) {
      if (name === 'sheets') inSheets = false;
    },
    text() {},
  });

  const sheets: SheetInfo[] = [];
  for (const s of listed) {
    const rel = s.rId === undefined ? undefined : rels.get(s.rId);
    const target = rel?.target;
    if (target === undefined || !/\/worksheet$/.test(rel?.type ?? '/worksheet')) continue;
    // Targets are relative to xl/, or absolute within the zip.
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    sheets.push({ name: s.name, path });
  }
  return { sheets, date1904 };
}

/** A format is a date format if, outside quotes and [..] codes, it has date or time letters. */
function isDateFormat(fmt: string): boolean {
  const bare = fmt.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/**
 * Built-in number formats (ECMA-376 18.8.30) that show dates or times: 14–22 (m/d/yyyy, d-mmm-yy,
 * h:mm AM/PM, ...) and 45–47 (mm:ss, [h]:mm:ss, mmss.0). The East Asian ids (27–36, 50–58) vary by
 * locale and are read as plain numbers, as they were before.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/**
 * Which cell styles show a date, by style index (a cell's s attribute): each entry of cellXfs
 * names a number format, built in or defined in numFmts.
 */
export function readDateStyles(stylesXml: Uint8Array | undefined): boolean[] {
  if (stylesXml === undefined) return [];
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  // numFmt also appears inside dxfs (conditional formats) and xf inside cellStyleXfs: not these.
  let inNumFmts = false;
  let inCellXfs = false;
  parseXml(stylesXml, {
    open(name, a) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'numFmt' && inNumFmts) {
        const id = Number.parseInt(a.get('numFmtId') ?? '', 10);
        // A backslash quotes the next character in a format code.
        const code = (a.get('formatCode') ?? '').replace(/\\(.)/g, '$1');
        if (Number.isInteger(id)) formats.set(id, code);
      } else if (name === 'xf' && inCellXfs) {
        xfFormats.push(Number.parseInt(a.get('numFmtId') ?? '0', 10));
      }
    },
    close(name) {
      if (name === 'numFmts') inNumFmts = false;
      else if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return xfFormats.map((id) => {
    const code = formats.get(id);
    return code ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

/**
 * Excel writes characters XML cannot hold (control characters, mostly) as _xHHHH_, and a literal
 * "_x" that would look like one as _x005F_x. Decoded as exceljs's workbook reader decodes them:
 * upper-case hex only, in one pass (so _x005F_x0041_ is the text _x0041_).
 */
export function excelText(raw: string): string {
  return raw.includes('_x')
    ? raw.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : raw;
}

/**
 * The shared strings table: each <si> is plain text (<t>) or rich text (runs <r><t>...</t></r>,
 * concatenated). Phonetic guides (<rPh>, furigana over Japanese text) are not part of the value.
 */
export function readSharedStrings(sstXml: Uint8Array | undefined): string[] {
  if (sstXml === undefined) return [];
  const strings: string[] = [];
  let current: string | undefined;
  let run: string | undefined;
  let phonetic = false;
  parseXml(sstXml, {
    open(name) {
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic = true;
      else if (name === 't' && current !== undefined && !phonetic) run = '';
    },
    close(name) {
      if (name === 't' && run !== undefined) {
        current += excelText(run);
        run = undefined;
      } else if (name === 'rPh') phonetic = false;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = undefined;
      }
    },
    text(text) {
      if (run !== undefined) run += text;
    },
  });
  return strings;
}
