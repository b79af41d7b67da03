// A file on disk as a ByteSource: streamed, re-openable, never read whole.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../domain/formats/index.ts';

export async function fileSource(path: string): Promise<ByteSource> {
  const info = await stat(path);
  return {
    name: basename(path),
    size: info.size,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    location: { kind: 'file', path },
  };
}
