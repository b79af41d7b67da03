// The local lake: a directory whose relative paths are the object keys. Writes go to a temporary
// file first and are renamed into place, so a reader never sees half an object. Temporary files
// live in one folder, tmp/ at the lake's root (CONTRACTS §3 names no key there; the same
// filesystem, so the rename stays atomic): a write killed half-way leaves its file there, never
// beside a real key, and the first write of a later process removes those over an hour old.
import {
  copyFileSync,
  createReadStream,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mapBounded } from '../lake/bounded.ts';
import { lakeFolders, lakeKeyParts } from '../lake/keys.ts';
import type { ByteSource, ObjectInfo, ObjectStore } from '../pipeline/ports.ts';
import { LocalFile } from './fs-source.ts';

export { InvalidKeyError } from '../lake/keys.ts';

let tmpCounter = 0;

/**
 * Objects up to this size are read and written with one synchronous call each: on a local disk the
 * call takes microseconds, less than handing it to libuv's threads and back, which cost a back-load
 * of thousands of small files more CPU than anything it did with them (npm run bench scale; README).
 */
const smallObjectBytes = 1024 * 1024;

/** How many files list() looks at at once. */
const statsInFlight = 32;

/** The folder at the lake's root that holds every write in progress, and nothing else. */
export const temporaryFolder = 'tmp';
/** A temporary file this old was left by a write that will never finish: no write takes an hour. */
const staleTemporaryMs = 60 * 60_000;

export class FsObjectStore implements ObjectStore {
  /** Set by the first write: stale temporary files are removed once per store. */
  private swept: Promise<void> | undefined;

  constructor(readonly root: string) {}

  private path(key: string): string {
    return join(this.root, ...lakeKeyParts(key));
  }

  private tmpPath(path: string): string {
    tmpCounter += 1;
    return join(this.root, temporaryFolder, `${process.pid}-${tmpCounter}-${basename(path)}`);
  }

  /**
   * Removes the temporary files that writes killed half-way (kill -9, a power cut) left in tmp/,
   * once they are over an hour old; a younger one may belong to a write still in progress in
   * another process. Returns how many it removed.
   */
  async removeStaleTemporaryFiles(now = Date.now()): Promise<number> {
    const dir = join(this.root, temporaryFolder);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const info = await stat(join(dir, name)).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      if (!info?.isFile() || now - info.mtimeMs < staleTemporaryMs) continue;
      await rm(join(dir, name), { force: true });
      removed += 1;
    }
    return removed;
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(readFileSync(this.path(key)));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const path = this.path(key);
    if (!(await this.head(key))) return null;
    return createReadStream(path);
  }

  /**
   * Writes the object's bytes through `write` to a temporary file beside it, then renames that
   * into place; the temporary file is removed if anything fails.
   */
  private async writeInPlace(
    key: string,
    write: (tmp: string) => Promise<void>,
    { repeatable }: { repeatable: boolean },
  ): Promise<string> {
    const path = this.path(key);
    this.swept ??= this.removeStaleTemporaryFiles().then(() => undefined);
    await this.swept;
    const folders = [dirname(path), join(this.root, temporaryFolder)];
    // Writes rely on the folders this store made before, and make them again only if one has gone
    // since (a stream's write finds that out on opening its temporary file, before reading it).
    await this.makeFolders(folders);
    const tmp = this.tmpPath(path);
    try {
      await this.writeAndRename(tmp, path, write, repeatable, folders);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return path;
  }

  /** Folders this store has made: a lake's few hundred folders, each made once per process. */
  private readonly madeFolders = new Set<string>();

  private async makeFolders(folders: readonly string[]): Promise<void> {
    for (const folder of folders) {
      if (this.madeFolders.has(folder)) continue;
      await mkdir(folder, { recursive: true });
      this.madeFolders.add(folder);
    }
  }

  private async writeAndRename(
    tmp: string,
    path: string,
    write: (tmp: string) => Promise<void>,
    repeatable: boolean,
    folders: readonly string[],
  ): Promise<void> {
    try {
      await write(tmp);
    } catch (error) {
      // The temporary folder removed since this store made it (by hand, or a test): made again.
      if (!(error instanceof FolderGoneError) && (!repeatable || !isNotFound(error))) throw error;
      this.madeFolders.clear();
      await this.makeFolders(folders);
      await write(tmp);
    }
    try {
      renameSync(tmp, path);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.madeFolders.clear();
      await this.makeFolders(folders);
      renameSync(tmp, path);
    }
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await this.writeInPlace(key, async (tmp) => writeFileSync(tmp, body), { repeatable: true });
  }

  async putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<number> {
    // A small body (a sender's file, a quarantine) is taken whole and written as put writes.
    const chunks = body[Symbol.asyncIterator]();
    const head: Uint8Array[] = [];
    let size = 0;
    while (size <= smallObjectBytes) {
      const next = await chunks.next();
      if (next.done) {
        const whole = Buffer.concat(head, size);
        await this.writeInPlace(key, async (tmp) => writeFileSync(tmp, whole), { repeatable: true });
        return size;
      }
      head.push(next.value);
      size += next.value.byteLength;
    }
    const counted = async function* () {
      yield* head;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        size += next.value.byteLength;
        yield next.value;
      }
    };
    const write = async (tmp: string) => {
      const file = await open(tmp, 'w').catch((error: unknown) => {
        throw isNotFound(error) ? new FolderGoneError(error) : error;
      });
      await pipeline(Readable.from(counted()), file.createWriteStream());
    };
    await this.writeInPlace(key, write, { repeatable: false });
    return size;
  }

  /** A file on disk is copied by the kernel, not read through JavaScript. */
  async copyIn(key: string, source: ByteSource): Promise<number | null> {
    const from = source.origin;
    if (!(from instanceof LocalFile)) return null;
    const path = await this.writeInPlace(key, async (tmp) => copyFileSync(from.path, tmp), {
      repeatable: true,
    });
    return statSync(path).size;
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? { key, size: s.size } : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      const files: { key: string; full: string }[] = [];
      for (const entry of entries) {
        const full = join(dir, entry.name);
        // Writes in progress are listed only when asked for (audit's leftovers), never as lake data.
        if (dir === this.root && entry.name === temporaryFolder && !prefix.startsWith(`${temporaryFolder}/`))
          continue;
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) {
          const key = relative(this.root, full).split(sep).join('/');
          if (key.startsWith(prefix)) files.push({ key, full });
        }
      }
      // A folder's files are looked at several at a time: one after another, the ledger of a
      // 1,600-provider year (25,000 records) took 4 s to list, most of it waiting.
      // Every write renames a new file into place, so the inode alone changes with each one.
      const info = (key: string, s: import('node:fs').Stats) => ({
        key,
        size: s.size,
        version: `${s.ino}-${s.mtimeMs}-${s.size}`,
      });
      // A few files (the folders an ingest looks in) are looked at with a call each, as objects are read.
      const infos =
        files.length <= statsInFlight
          ? files.map(({ key, full }) => info(key, statSync(full)))
          : await mapBounded(files, statsInFlight, async ({ key, full }) => info(key, await stat(full)));
      for (const info of infos) out.push(info);
    };
    // Walk only the deepest directory the prefix names, not the whole lake.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    await walk(dirPart ? this.path(dirPart) : this.root);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/**
 * Why `root` is not a local lake, as a phrase ("no such directory", …), or undefined when it is one:
 * an existing directory holding at least one of the lake's top-level folders (CONTRACTS §3). A
 * reader must not take a typo, a file or an unrelated folder for an empty lake.
 */
export async function lakeProblem(root: string): Promise<string | undefined> {
  let entries: string[];
  try {
    if (!(await stat(root)).isDirectory()) return 'it is a file, not a directory';
    entries = await readdir(root);
  } catch (error) {
    if (isNotFound(error)) return 'no such directory';
    throw error;
  }
  if (lakeFolders.some((folder) => entries.includes(folder))) return undefined;
  return `the directory holds none of a lake's folders (${lakeFolders.map((f) => `${f}/`).join(', ')})`;
}

/** A stream's temporary file could not be opened for want of its folder: nothing was read yet. */
class FolderGoneError extends Error {
  constructor(cause: unknown) {
    super('The folder for temporary files is gone.', { cause });
  }
}

function isNotFound(error: unknown): boolean {
  return (
    (error as NodeJS.ErrnoException)?.code === 'ENOENT' ||
    (error as NodeJS.ErrnoException)?.code === 'ENOTDIR'
  );
}
