// CSV as a provider's spreadsheet exports it, for the sample files: RFC 4180 quoting, LF line
// ends, no formula neutralising (the product's own CSV goes through domain/formats/write-csv.ts),
// and Windows-1252 encoding for the one file that plays a provider's legacy export.

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sampleCsvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** A whole CSV document: header row, then one line per row, each ending in LF. */
export function csvText(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [sampleCsvLine(columns)];
  for (const row of rows) lines.push(sampleCsvLine(row));
  return `${lines.join('\n')}\n`;
}

/** Hours and other decimals: at most 2 dp, no float noise such as 12.300000000000001. */
export function decimal2(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; these are the code points it puts there.
const cp1252High: Record<number, number> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};

/** Encodes text as Windows-1252; throws on a character the code page cannot hold. */
export function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : cp1252High[code];
    if (byte === undefined) throw new Error(`character U+${code.toString(16)} has no Windows-1252 byte`);
    out[i] = byte;
  }
  return out;
}
