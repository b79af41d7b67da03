// carescore compact, and the compaction that ends ingest --manifest: a back-loaded county's provider
// returns end as one file per table and month, audit finds nothing, and a second run has nothing to do.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliLines as run } from '../helpers/run-cli.ts';

/** The files of each month of a table: period → names. */
async function months(lake: string, table: string): Promise<Map<string, string[]>> {
  const dir = join(lake, 'curated', table);
  const out = new Map<string, string[]>();
  for (const period of await readdir(dir)) out.set(period, await readdir(join(dir, period)));
  return out;
}

describe('carescore compact', () => {
  it('folds a back-load into one file per table and month; then there is nothing to do', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-compact-'));
    const samples = join(root, 'samples');
    const lake = join(root, 'lake');
    expect((await run(['generate', '--out', samples, '--providers', '4', '--months', '3'])).code).toBe(0);
    const ingest = await run(['ingest', '--manifest', join(samples, 'manifest.csv'), '--lake', lake]);
    expect(ingest.code).toBe(0);
    expect(ingest.out.at(-1)).toMatch(
      /^Compacted \d+ files into \d+, one per table and month \(monthly_return \d+/,
    );
    const returns = await months(lake, 'monthly_return');
    expect(returns.size).toBeGreaterThanOrEqual(3);
    for (const [period, files] of returns) {
      expect(files, period).toHaveLength(1);
      expect(files[0], period).toMatch(/^compacted-000001-[0-9a-f]{16}\.parquet$/);
    }
    expect(await run(['compact', '--lake', lake])).toMatchObject({
      code: 0,
      out: ['Nothing to compact: every month of each provider-return table is in one file.'],
    });
    expect((await run(['audit', '--lake', lake])).code).toBe(0);
    const query = await run([
      'query',
      'SELECT count(*) AS n FROM monthly_return',
      '--format',
      'json',
      '--lake',
      lake,
    ]);
    expect(JSON.parse(query.out.join('\n'))[0].n).toBeGreaterThan(0);
  });
});
