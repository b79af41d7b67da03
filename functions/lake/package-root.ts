// The directory holding carescore's package.json, for the files the package ships beside its code
// (queries/views). Found by walking up from this module, because the module is not always in the
// same place: functions/lake when run from source (tsx, vitest), dist/cli in the CLI's build
// (scripts/build.ts). Looked up on first use only, so a Lambda that bundles this module but never
// reads those files touches no file at init.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'carescore'
    ) {
      root = dir;
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`carescore's package.json is in no directory above ${start}.`);
  }
}
