// The paths a command line names, checked before a command runs, so that a typo, a file where a
// folder belongs or a folder where a file belongs is one sentence, never an empty answer or an
// internal error. main.ts applies them from each command's declaration; loaded only when one runs.
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { lakeProblem } from '../adapters/fs-object-store.ts';
import { UsageError, UserFacingError } from './errors.ts';

/** What a command does with --lake: reads an existing lake, or may create one. */
export type LakeUse = 'read' | 'write';

/** What a command's --out names: a file it writes, or a folder it fills (created if missing). */
export type OutUse = 'file' | 'dir';

async function kindOf(path: string): Promise<'file' | 'dir' | 'missing' | 'under-file'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'under-file';
    throw error;
  }
}

/**
 * Every reading command (query, report, score, alerts, audit) goes through here: a lake that is not
 * there, or is not a lake, is an error naming the path rather than an empty result.
 */
export async function checkLake(dir: string, use: LakeUse): Promise<void> {
  const path = resolve(dir);
  if (use === 'read') {
    const problem = await lakeProblem(path);
    if (problem) {
      // After `carescore demo`, a bare `serve` or `query` looks in ./.carescore: name the demo's lake.
      const demo = resolve('carescore-demo');
      const hint =
        demo !== path && !(await lakeProblem(demo))
          ? `the demo's lake is ./carescore-demo: add --lake carescore-demo`
          : `give the lake's folder with --lake DIR (default ./.carescore), or create one with carescore ingest, or carescore demo (which makes ./carescore-demo)`;
      throw new UserFacingError(`There is no lake at ${path}: ${problem}; ${hint}.`);
    }
    return;
  }
  const kind = await kindOf(path);
  if (kind === 'file' || kind === 'under-file') {
    throw new UserFacingError(
      `--lake ${path} ${kind === 'file' ? 'is a file' : 'lies inside a file'}, not a folder; give a folder for the lake with --lake DIR.`,
    );
  }
}

export async function checkOut(path: string, use: OutUse): Promise<void> {
  const full = resolve(path);
  const kind = await kindOf(full);
  if (use === 'dir') {
    if (kind === 'file' || kind === 'under-file')
      throw new UsageError(
        `--out ${path} is not a folder (a file is in the way); give a folder with --out DIR.`,
      );
    return;
  }
  if (kind === 'dir')
    throw new UsageError(
      `--out ${path} is a folder; name the file to write, e.g. --out ${join(path, 'NAME')}.`,
    );
  if (kind === 'file') return;
  const parent = await kindOf(dirname(full));
  if (parent !== 'dir')
    throw new UsageError(
      `--out ${path}: the folder ${dirname(full)} does not exist; create it first or write elsewhere.`,
    );
}
