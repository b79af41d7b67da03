// A file on disk as a ByteSource: streamed, re-openable, never read whole.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../pipeline/ports.ts';

/** A file on local disk, as a ByteSource's origin: a filesystem store copies it with the kernel. */
export class LocalFile {
  constructor(readonly path: string) {}
}

export async function fileSource(path: string): Promise<ByteSource> {
  const info = await stat(path);
  return {
    name: basename(path),
    size: info.size,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    origin: new LocalFile(path),
  };
}
