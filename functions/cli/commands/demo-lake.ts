// The demo's own lake: it replaces only what it wrote itself. Every file the demo writes is named in
// its journal (.carescore-demo at the lake's root) before it is written, so a demo killed half-way
// is still known; a lake holding anything else (a file ingested since, a council's data, a note) is
// never replaced.
import { type FileHandle, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { temporaryFolder } from '../../adapters/fs-object-store.ts';
import { keys } from '../../lake/keys.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { UserFacingError } from '../errors.ts';

const journalName = '.carescore-demo';
const journalHeader =
  'This lake was created by carescore demo and is replaced by the next demo run, as long as it holds only the files below, which the demo wrote.\n';

/** Names each file in the journal before the demo writes it. */
export class DemoJournal {
  /** Each key's line, written or being written: a write waits for its key's line. */
  private readonly recorded = new Map<string, Promise<void>>();
  /** The journal's writes, one after another (several files are ingested at once). */
  private last: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly file: FileHandle,
  ) {}

  /**
   * An empty lake at `dir` with a fresh journal: `dir` is created, or replaced when everything in
   * it was written by an earlier demo; otherwise nothing is touched and the demo is refused.
   */
  static async start(dir: string): Promise<DemoJournal> {
    const foreign = await filesNotWrittenByDemo(dir);
    if (foreign.length > 0) throw new UserFacingError(refusal(dir, foreign));
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const file = await open(join(dir, journalName), 'a');
    await file.write(journalHeader);
    return new DemoJournal(dir, file);
  }

  /** Records `path` (absolute, or relative to the lake) as written by the demo. */
  record(path: string): Promise<void> {
    const key = relative(this.dir, resolve(this.dir, path)).split(sep).join('/');
    const known = this.recorded.get(key);
    if (known) return known;
    const written = this.last.then(async () => {
      await this.file.write(`${key}\n`);
    });
    this.last = written.catch(() => undefined);
    this.recorded.set(key, written);
    return written;
  }

  async close(): Promise<void> {
    await this.last;
    await this.file.close();
  }

  /** `store`, with each key it writes recorded first. */
  recording(store: ObjectStore): ObjectStore {
    const record = (key: string) => this.record(key);
    return {
      get: (key) => store.get(key),
      getStream: (key) => store.getStream(key),
      head: (key) => store.head(key),
      list: (prefix) => store.list(prefix),
      delete: (key) => store.delete(key),
      put: async (key, body) => {
        await record(key);
        await store.put(key, body);
      },
      putStream: async (key, body) => {
        await record(key);
        return store.putStream(key, body);
      },
      copyIn: async (key, source) => {
        await record(key);
        return store.copyIn(key, source);
      },
    };
  }
}

/** Files under `dir` that no demo's journal names (none when `dir` is missing or empty). */
async function filesNotWrittenByDemo(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const journal = await readFile(join(dir, journalName), 'utf8').catch(() => '');
  const written = new Set(journal.startsWith(journalHeader) ? journal.split('\n').slice(1) : []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== journalName && !path.startsWith(`${temporaryFolder}/`) && !written.has(path))
    .sort();
}

function refusal(dir: string, foreign: string[]): string {
  const records = foreign.filter((path) => path.startsWith(keys.ledgerPrefix));
  const example = records[0] ?? foreign[0]!;
  const what =
    records.length > 0
      ? `${foreign.length} files the demo did not write, among them ${records.length} submission record${records.length === 1 ? '' : 's'} (such as ${example})`
      : `${foreign.length === 1 ? 'a file' : `${foreign.length} files`} the demo did not write (such as ${example})`;
  return `${dir} holds ${what}, so the demo will not replace it; run the demo with --lake ANOTHER_DIR, or move those files out first.`;
}
