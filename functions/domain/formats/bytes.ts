// Byte helpers that node:buffer would otherwise give, written for any JavaScript runtime: the
// readers run unchanged in a browser.

/** The parts joined into one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Whether every byte is below 0x80. Read four bytes at a time where they are aligned, and OR-ed
 * eight words per test: in Node this takes about twice the time of node:buffer's isAscii (9 ms
 * against 4.5 ms for 50 MB).
 */
export function isAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n && (bytes.byteOffset + i) % 4 !== 0) {
    if (bytes[i]! & 0x80) return false;
    i++;
  }
  const words = (n - i) >>> 2;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let k = 0;
    for (; k + 8 <= words; k += 8) {
      if (
        (w[k]! | w[k + 1]! | w[k + 2]! | w[k + 3]! | w[k + 4]! | w[k + 5]! | w[k + 6]! | w[k + 7]!) &
        0x80808080
      )
        return false;
    }
    let rest = 0;
    for (; k < words; k++) rest |= w[k]!;
    if (rest & 0x80808080) return false;
    i += words << 2;
  }
  for (; i < n; i++) if (bytes[i]! & 0x80) return false;
  return true;
}

const encoder = new TextEncoder();
let scratch: Uint8Array | null = null;

/**
 * Whether `text` is more than `max` bytes in UTF-8, counted as TextEncoder (and Node's
 * byteLength) count them: a lone surrogate, written as U+FFFD, is 3 bytes. The text is encoded
 * 64 KB at a time into one scratch array, which is several times faster than counting in a loop,
 * and no further than `max`.
 */
export function utf8LongerThan(text: string, max: number): boolean {
  scratch ??= new Uint8Array(64 * 1024);
  let bytes = 0;
  let rest = text;
  while (rest.length > 0) {
    const { read, written } = encoder.encodeInto(rest, scratch);
    bytes += written;
    if (bytes > max) return true;
    rest = rest.slice(read);
  }
  return false;
}
