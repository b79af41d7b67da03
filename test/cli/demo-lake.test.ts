// carescore demo replaces only what it wrote itself: run again, it refuses a lake holding a file
// ingested since, or any file it did not write, and replaces its own lake otherwise. Its default
// lake is ./carescore-demo, never the council's ./.carescore, and it ends with the next commands.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'carescore-demo-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const small = ['--providers', '3', '--months', '2'];
const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));

describe('carescore demo and its lake', () => {
  it('never deletes a file ingested into its lake since, nor any other file it did not write', async () => {
    const root = await tempDir();
    const lake = join(root, 'lake');
    expect((await run(['demo', ...small, '--lake', lake])).code).toBe(0);
    // Its own lake, untouched since: replaced.
    expect((await run(['demo', ...small, '--lake', lake])).code).toBe(0);
    // Scoring and raising alerts again write only what the demo wrote: still the demo's own.
    expect((await run(['score', '--lake', lake])).code).toBe(0);

    await writeFile(join(root, 'register.csv'), registerCsv);
    const ingest = await run([
      'ingest',
      join(root, 'register.csv'),
      '--type',
      'provider-register',
      '--lake',
      lake,
    ]);
    expect(ingest.code).toBe(0);
    const id = /(sub_[0-9a-f]+)/.exec(ingest.out)![1]!;
    const record = join(lake, 'ledger', 'submissions', `${id}.json`);
    const before = await readFile(record, 'utf8');
    const refused = await run(['demo', ...small, '--lake', lake]);
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toMatch(
      new RegExp(
        `^carescore demo: ${lake} holds \\d+ files the demo did not write, among them 1 submission record \\(such as ledger/submissions/${id}\\.json\\), so the demo will not replace it; run the demo with --lake ANOTHER_DIR, or move those files out first\\.$`,
      ),
    );
    expect(await readFile(record, 'utf8')).toBe(before);

    // Any file it did not write, anywhere in the lake.
    const other = join(root, 'other');
    expect((await run(['demo', ...small, '--lake', other])).code).toBe(0);
    await writeFile(join(other, 'curated', 'notes.txt'), 'mine');
    const again = await run(['demo', ...small, '--lake', other]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('holds a file the demo did not write (such as curated/notes.txt)');
    expect(await readFile(join(other, 'curated', 'notes.txt'), 'utf8')).toBe('mine');

    // A lake made by anything but the demo, even with the old marker file alone in its journal.
    const council = join(root, 'council');
    expect(
      (await run(['ingest', join(root, 'register.csv'), '--type', 'provider-register', '--lake', council]))
        .code,
    ).toBe(0);
    await writeFile(
      join(council, '.carescore-demo'),
      'This lake was created by carescore demo and is replaced by the next demo run.\n',
    );
    expect((await run(['demo', ...small, '--lake', council])).code).toBe(1);
    expect(await readdir(join(council, 'ledger', 'submissions'))).toEqual([`${id}.json`]);
  }, 180_000);

  it('ingests several files at once, as ingest --manifest does, committing them in order', async () => {
    const lake = join(await tempDir(), 'lake');
    expect((await run(['demo', ...small, '--lake', lake])).code).toBe(0);
    // The journal names each key before it is written: a file's raw copy named before the ledger
    // record of a file started earlier means the two were in flight together.
    const lines = (await readFile(join(lake, '.carescore-demo'), 'utf8')).split('\n');
    const open = new Set<string>();
    const names = new Map<string, string>();
    const committed: string[] = [];
    let most = 0;
    for (const line of lines) {
      const raw = /^raw\/[^/]+\/(sub_[0-9a-f]+)\/(.+)$/.exec(line);
      if (raw) {
        open.add(raw[1]!);
        names.set(raw[1]!, raw[2]!);
      }
      const record = /^ledger\/submissions\/(sub_[0-9a-f]+)\.json$/.exec(line);
      if (record) {
        open.delete(record[1]!);
        committed.push(names.get(record[1]!)!);
      }
      most = Math.max(most, open.size);
    }
    expect(most).toBeGreaterThan(1);
    // Committed in the county's order, the order of its manifest.
    const manifest = (await readFile(join(lake, 'landing', 'manifest.csv'), 'utf8')).trim().split('\n');
    const inOrder = manifest.slice(1).map((row) => row.split(',')[0]!.split('/').pop()!);
    expect(inOrder.length).toBeGreaterThan(10);
    expect(committed).toEqual(inOrder);
  }, 120_000);

  it('uses ./carescore-demo by default, not the council lake ./.carescore, and prints the next commands', () => {
    const cwd = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    onTestFinished(() => rm(cwd, { recursive: true, force: true }));
    const demo = spawnSync(process.execPath, [bin, 'demo', ...small], { cwd, encoding: 'utf8' });
    expect(demo.status).toBe(0);
    expect(existsSync(join(cwd, 'carescore-demo', 'ledger'))).toBe(true);
    expect(existsSync(join(cwd, '.carescore'))).toBe(false);
    const next = demo.stdout.trimEnd().split('\n').slice(-3);
    expect(next).toEqual([
      expect.stringMatching(
        /^ {2}npx carescore query "SELECT \* FROM v_high_risk_providers" --lake carescore-demo$/,
      ),
      expect.stringMatching(
        /^ {2}npx carescore report --period \d{4}-\d{2} --out report\.html --lake carescore-demo$/,
      ),
      '  npx carescore serve --lake carescore-demo',
    ]);
    const query = spawnSync(
      process.execPath,
      [
        bin,
        'query',
        'SELECT count(*) AS n FROM v_scorecard_latest',
        '--format',
        'json',
        '--lake',
        'carescore-demo',
      ],
      { cwd, encoding: 'utf8' },
    );
    expect(JSON.parse(query.stdout)).toEqual([{ n: 3 }]);
    // A reading command without --lake, run where the demo was, is pointed at the demo's lake.
    const bare = spawnSync(process.execPath, [bin, 'query', 'SELECT 1'], { cwd, encoding: 'utf8' });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toContain("the demo's lake is ./carescore-demo: add --lake carescore-demo.");
    // Every alert the demo marked sent was printed (it printed none of them before, only a few).
    const sent = spawnSync(
      process.execPath,
      [
        bin,
        'query',
        "SELECT alert_key FROM v_alerts WHERE status = 'notified'",
        '--format',
        'json',
        '--lake',
        'carescore-demo',
      ],
      { cwd, encoding: 'utf8' },
    );
    const keys = (JSON.parse(sent.stdout) as { alert_key: string }[]).map((r) => r.alert_key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(demo.stdout).toContain(`(${key})`);
  }, 120_000);
});
