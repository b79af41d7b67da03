import type { ByteSource, RawRow, RecordReader } from '../../../functions/domain/formats/index.ts';
import { FileRejectedError } from '../../../functions/domain/formats/index.ts';

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A source that hands out its bytes in the given chunk sizes (cycled), to test boundaries. */
export function chunkedSource(name: string, bytes: Uint8Array, sizes: readonly number[]): ByteSource {
  return {
    name,
    size: bytes.length,
    async *open() {
      let at = 0;
      let k = 0;
      while (at < bytes.length) {
        const n = Math.max(1, sizes[k++ % sizes.length] ?? 1);
        yield bytes.subarray(at, at + n);
        at += n;
      }
    },
  };
}

export async function collect(reader: RecordReader): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const row of reader.rows) out.push(row);
  return out;
}

/** Rows as plain objects, for readable expectations. */
export function plain(rows: RawRow[]): { row: number; cells: Record<string, unknown>; problem?: string }[] {
  return rows.map((r) => ({
    row: r.rowNumber,
    cells: Object.fromEntries(r.cells),
    ...(r.problem ? { problem: r.problem.code } : {}),
  }));
}

/** Runs `fn` and returns the FileRejectedError it throws (fails the test otherwise). */
export async function rejection(fn: () => Promise<unknown>): Promise<FileRejectedError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof FileRejectedError) return e;
    throw e;
  }
  throw new Error('expected a FileRejectedError');
}
