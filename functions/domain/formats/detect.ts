import type { RecordFormat } from './types.ts';

/**
 * Guesses the format from the first bytes, then the name: a zip (PK) is XLSX, text starting
 * with `[` or `{` is JSON; anything else with a known extension goes by it. Null when unknown.
 */
export function detectFormat(name: string, firstBytes: Uint8Array): RecordFormat | null {
  if (firstBytes.length >= 4 && firstBytes[0] === 0x50 && firstBytes[1] === 0x4b) {
    if (firstBytes[2] === 0x03 && firstBytes[3] === 0x04) return 'xlsx';
  }
  let i = 0;
  if (firstBytes[0] === 0xef && firstBytes[1] === 0xbb && firstBytes[2] === 0xbf) i = 3;
  while (i < firstBytes.length) {
    const b = firstBytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) {
      i++;
      continue;
    }
    if (b === 0x5b || b === 0x7b) return 'json';
    break;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
    case 'txt':
      return 'csv';
    case 'xlsx':
    case 'xlsm':
      return 'xlsx';
    case 'json':
    case 'jsonl':
    case 'ndjson':
      return 'json';
    default:
      return null;
  }
}

/** The first `want` bytes of a source (fewer if it is shorter), without reading the rest. */
export async function peekBytes(open: () => AsyncIterable<Uint8Array>, want: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of open()) {
    parts.push(chunk);
    have += chunk.length;
    if (have >= want) break;
  }
  const out = new Uint8Array(Math.min(have, want));
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - at);
    out.set(p.subarray(0, take), at);
    at += take;
    if (at >= out.length) break;
  }
  return out;
}
