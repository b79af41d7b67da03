import { FileRejectedError } from './errors.ts';
import type { ByteSource } from './source.ts';

/** One file inside a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Enough for the end record, its longest comment and a central directory of ~10,000 parts. */
const TAIL_BYTES = 1024 * 1024;
/** No real workbook has a central directory this large; bigger means a crafted file. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

export function corruptZip(detail: string): FileRejectedError {
  return new FileRejectedError(
    'MALFORMED',
    `The file is not a readable Excel workbook (${detail}); open it in Excel, save it as .xlsx and upload it again.`,
  );
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Collects the byte ranges [start, end) of a source in one pass. */
async function readRanges(source: ByteSource, ranges: readonly [number, number][]): Promise<Uint8Array[]> {
  const out = ranges.map(([s, e]) => new Uint8Array(Math.max(0, e - s)));
  let pos = 0;
  const last = Math.max(0, ...ranges.map(([, e]) => e));
  for await (const chunk of source.open()) {
    const end = pos + chunk.length;
    ranges.forEach(([s, e], k) => {
      const from = Math.max(s, pos);
      const to = Math.min(e, end);
      if (from < to) out[k]!.set(chunk.subarray(from - pos, to - pos), from - s);
    });
    pos = end;
    if (pos >= last) break;
  }
  if (pos < last) throw corruptZip('it ends early');
  return out;
}

/** The last `want` bytes of the source, from one streaming pass. */
async function readTail(source: ByteSource, want: number): Promise<{ tail: Uint8Array; size: number }> {
  const ring: Uint8Array[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of source.open()) {
    size += chunk.length;
    ring.push(chunk);
    kept += chunk.length;
    while (ring.length > 1 && kept - ring[0]!.length >= want) kept -= ring.shift()!.length;
  }
  const all = new Uint8Array(kept);
  let at = 0;
  for (const c of ring) {
    all.set(c, at);
    at += c.length;
  }
  return { tail: all.length > want ? all.subarray(all.length - want) : all, size };
}

/**
 * Reads the zip central directory, which sits at the end of the file, without inflating
 * anything: the sizes it claims are what the zip-bomb guard checks before any part is opened.
 */
export async function readCentralDirectory(source: ByteSource): Promise<ZipEntry[]> {
  const { tail, size } = await readTail(source, TAIL_BYTES);
  const tailStart = size - tail.length;
  const dv = view(tail);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - 22 - 0xffff; i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corruptZip('its zip directory is missing');
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== EOCD64_LOCATOR)
      throw corruptZip('its zip directory is damaged');
    const rec = Number(dv.getBigUint64(loc + 8, true)) - tailStart;
    if (rec < 0 || rec + 56 > tail.length || dv.getUint32(rec, true) !== EOCD64) {
      throw corruptZip('its zip directory is damaged');
    }
    count = Number(dv.getBigUint64(rec + 32, true));
    cdSize = Number(dv.getBigUint64(rec + 40, true));
    cdOffset = Number(dv.getBigUint64(rec + 48, true));
  }
  if (cdSize > MAX_DIRECTORY_BYTES || cdOffset + cdSize > size)
    throw corruptZip('its zip directory is damaged');
  const cd =
    cdOffset >= tailStart
      ? tail.subarray(cdOffset - tailStart, cdOffset - tailStart + cdSize)
      : (await readRanges(source, [[cdOffset, cdOffset + cdSize]]))[0]!;
  return parseCentralDirectory(cd, count);
}

function parseCentralDirectory(cd: Uint8Array, count: number): ZipEntry[] {
  const dv = view(cd);
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || dv.getUint32(p, true) !== CENTRAL)
      throw corruptZip('its zip directory is damaged');
    const method = dv.getUint16(p + 10, true);
    const crc32 = dv.getUint32(p + 16, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let uncompressedSize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen > cd.length) throw corruptZip('its zip directory is damaged');
    const name = names.decode(cd.subarray(p + 46, p + 46 + nameLen));
    // ZIP64: sizes that do not fit 32 bits live in extra field 0x0001, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (): number => {
          if (q + 8 > e + 4 + len) throw corruptZip('its zip directory is damaged');
          const v = Number(dv.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      e += 4 + len;
    }
    entries.push({ name, method, crc32, compressedSize, uncompressedSize, localOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

/**
 * Streams the compressed bytes of some entries in one pass over the source. Local headers are
 * read on the way (their extra field may differ from the central one); the data is handed out
 * as views of the source's chunks, not copied.
 */
export async function* entryData(
  source: ByteSource,
  entries: readonly ZipEntry[],
): AsyncGenerator<{ entry: ZipEntry; chunk: Uint8Array }> {
  const order = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let k = 0;
  let pos = 0;
  const header = new Uint8Array(30);
  let headerHave = 0;
  let dataStart = -1;
  for await (const chunk of source.open()) {
    const end = pos + chunk.length;
    let at = pos;
    while (k < order.length && at < end) {
      const entry = order[k]!;
      if (dataStart < 0) {
        // Gather the 30-byte fixed local header.
        const hStart = entry.localOffset + headerHave;
        if (hStart >= end) break;
        if (hStart < at) throw corruptZip('two of its parts overlap');
        const take = Math.min(30 - headerHave, end - hStart);
        header.set(chunk.subarray(hStart - pos, hStart - pos + take), headerHave);
        headerHave += take;
        at = hStart + take;
        if (headerHave < 30) break;
        const hv = view(header);
        if (hv.getUint32(0, true) !== LOCAL) throw corruptZip('a part of it is damaged');
        dataStart = entry.localOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
      }
      const dataEnd = dataStart + entry.compressedSize;
      const from = Math.max(dataStart, at);
      const to = Math.min(dataEnd, end);
      if (from < to) yield { entry, chunk: chunk.subarray(from - pos, to - pos) };
      at = Math.max(at, to);
      if (dataEnd <= end) {
        k++;
        headerHave = 0;
        dataStart = -1;
        if (entry.compressedSize === 0) at = Math.max(at, dataEnd);
      } else break;
    }
    pos = end;
    if (k >= order.length) return;
  }
  if (k < order.length) throw corruptZip('it ends early');
}
