// A file on disk as a ByteSource: streamed, re-openable, never read whole.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteSource } from '../pipeline/ports.ts';

/**
 * A file on local disk that nothing else writes to (a spool of piped input), as a ByteSource's
 * origin: a filesystem store copies it with the kernel.
 */
export class LocalFile {
  constructor(readonly path: string) {}
}

const chunkBytes = 256 * 1024;

/**
 * A regular file, read where it is each time it is opened. It has no origin: another program may
 * rewrite it, so its raw copy is made from a read that is checked against the others.
 */
export async function fileSource(path: string): Promise<ByteSource> {
  const info = await stat(path);
  return {
    name: basename(path),
    size: info.size,
    // A file of one chunk or less (a monthly return is a few kilobytes) is read with one call:
    // a stream's machinery cost more than the reading in a back-load of thousands of files.
    open: () =>
      info.size < chunkBytes ? readWhole(path) : createReadStream(path, { highWaterMark: chunkBytes }),
  };
}

/** The file's bytes as they are now, in one piece (however large it has grown since it was sized). */
async function* readWhole(path: string): AsyncGenerator<Uint8Array> {
  const bytes = readFileSync(path);
  if (bytes.byteLength > 0) yield bytes;
}

/** Piped input (a pipe, /dev/stdin, `<(…)`) larger than the file-size limit. */
export class SpoolLimitError extends Error {
  override name = 'SpoolLimitError';
  constructor(
    readonly path: string,
    readonly maxBytes: number,
  ) {
    super(`${path} gives more than ${maxBytes} bytes, the file-size limit.`);
  }
}

/** A source and what to do once it is no longer needed. */
export interface InputSource {
  source: ByteSource;
  /** Removes the spool, if there is one. */
  release(): Promise<void>;
}

/**
 * A path named by the user: a regular file is read where it is; anything else (a pipe,
 * /dev/stdin, `<(…)`), which can be read only once, is first read into a spool file in
 * `spoolDir`, at most `maxBytes` (SpoolLimitError beyond), and every read is of the spool.
 */
export async function inputSource(path: string, spoolDir: string, maxBytes: number): Promise<InputSource> {
  const info = await stat(path);
  if (info.isFile()) return { source: await fileSource(path), release: async () => {} };
  await mkdir(spoolDir, { recursive: true });
  const spool = join(spoolDir, `${process.pid}-spool-${randomUUID()}`);
  const release = () => rm(spool, { force: true });
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.byteLength;
      done(size > maxBytes ? new SpoolLimitError(path, maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(readOnce(path), counting, createWriteStream(spool));
  } catch (error) {
    await release();
    throw error;
  }
  return {
    source: {
      name: basename(path),
      size,
      open: () => createReadStream(spool, { highWaterMark: chunkBytes }),
      origin: new LocalFile(spool),
    },
    release,
  };
}

/**
 * A stream of what `path` gives. Standard input is read from the process's own descriptor: when it
 * is a socket (a parent process's pipe, as Node's spawn gives), /dev/stdin cannot be opened.
 */
function readOnce(path: string): NodeJS.ReadableStream {
  const stdin = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].includes(path);
  return stdin ? process.stdin : createReadStream(path, { highWaterMark: chunkBytes });
}
