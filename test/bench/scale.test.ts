// npm run bench scale's DuckDB baseline reads every file of a generated county's manifest, the
// legacy Windows-1252 export (not UTF-8) among them, and says how many CSV rows it read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { duckdbReadingSameFiles } from '../../bench/scale.ts';
import { writeCounty } from '../../functions/cli/commands/generate.ts';
import { generateCounty } from '../../functions/sample/index.ts';

const county = generateCounty({ providers: 12, months: 6, seed: 3 });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carescore-scale-baseline-'));
  await writeCounty(county, dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('reads every CSV row of the manifest, the non-UTF-8 file too', async () => {
  const notUtf8 = county.files.filter((f) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(
        typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content,
      );
      return false;
    } catch {
      return true;
    }
  });
  expect(notUtf8.length).toBe(1);

  const { read, csvLines } = duckdbReadingSameFiles(dir);
  expect(csvLines).toBeGreaterThan(500);
  expect(read).toBe(csvLines);
});
