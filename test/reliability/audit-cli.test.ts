// carescore audit end to end: a demo lake audits clean (exit 0); a lost raw copy is a finding,
// printed with its key and reason, with exit 1 and one sentence on stderr.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli as run } from '../helpers/run-cli.ts';

describe('carescore audit', () => {
  it('audits a demo lake clean, then names a lost raw copy', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-audit-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const lake = join(root, 'lake');
    expect((await run(['demo', '--providers', '5', '--months', '3', '--lake', lake])).code).toBe(0);

    const clean = await run(['audit', '--lake', lake]);
    expect(clean).toMatchObject({ code: 0, err: '' });
    expect(clean.out).toMatch(/^landing +[\d,]+ uploads, [\d,]+ with a ledger record/m);
    expect(clean.out).toMatch(
      /^curated +[\d,]+ accepted rows of \d+ submissions, each to be found once +0 findings$/m,
    );
    expect(clean.out).toContain('Nothing lost');

    const dir = join(lake, 'raw', 'monthly-return');
    const [submission] = await readdir(dir);
    const [file] = await readdir(join(dir, submission!));
    await rm(join(dir, submission!, file!));
    const damaged = await run(['audit', '--lake', lake]);
    expect(damaged.code).toBe(1);
    expect(damaged.out).toContain(`raw/monthly-return/${submission}/${file}  the raw copy of ${submission}`);
    expect(damaged.err).toBe(
      'carescore audit: 1 finding: something received is missing, altered or counted twice; each is listed above.',
    );

    const json = await run(['audit', '--lake', lake, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).findings).toEqual([
      expect.objectContaining({ check: 'ledger', key: `raw/monthly-return/${submission}/${file}` }),
    ]);
  });

  it('answers a bad format or a missing lake with one sentence', async () => {
    expect(await run(['audit', '--format', 'xml'])).toMatchObject({
      code: 2,
      err: 'carescore audit: --format must be table or json.',
    });
    const missing = await run(['audit', '--lake', join(tmpdir(), 'no-such-carescore-lake')]);
    expect(missing).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^carescore audit: There is no lake at /),
    });
  });
});
