// A link under landing/ that leads out of it is not followed: an upload cannot make the lake keep a
// file from elsewhere on the machine. It is skipped with a sentence naming it, the other files go
// ahead. A link that stays inside landing/, or a path the user names outside landing/, is followed.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

const returnFor = (period: string) => `${monthlyHeader}\n${monthlyRow({ period })}\n`;

describe('links under landing/', () => {
  it('are not followed out of landing/; links within it and paths named outside it are', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-links-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const lake = join(root, 'lake');
    const inbox = join(lake, 'landing', 'P001', 'monthly-return');
    const elsewhere = join(root, 'elsewhere');
    await mkdir(inbox, { recursive: true });
    await mkdir(elsewhere);
    await writeFile(join(root, 'register.csv'), registerCsv);
    expect(
      (await run(['ingest', join(root, 'register.csv'), '--type', 'provider-register', '--lake', lake])).code,
    ).toBe(0);

    await writeFile(join(elsewhere, 'secret.csv'), returnFor('2025-01'));
    await symlink(join(elsewhere, 'secret.csv'), join(inbox, 'secret.csv'));
    await symlink(elsewhere, join(lake, 'landing', 'P002'));
    await writeFile(join(inbox, 'february.csv'), returnFor('2025-02'));
    await symlink('february.csv', join(inbox, 'february-again.csv'));
    const secret = join(inbox, 'secret.csv');
    const viaFolder = join(lake, 'landing', 'P002', 'secret.csv');

    const result = await run([
      'ingest',
      secret,
      join(inbox, 'february.csv'),
      viaFolder,
      '--type',
      'monthly-return',
      '--provider',
      'P001',
      '--lake',
      lake,
    ]);
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      `carescore ingest: ${secret} is a link that leads out of the landing folder (to ${join(elsewhere, 'secret.csv')}), so it was not followed and is skipped; ingest that file by its own path if it is meant to be.`,
      `carescore ingest: ${viaFolder} is a link that leads out of the landing folder (to ${join(elsewhere, 'secret.csv')}), so it was not followed and is skipped; ingest that file by its own path if it is meant to be.`,
    ]);
    expect(result.out).toMatch(/february\.csv: sub_\w+ {2}accepted/);
    expect(result.out).not.toContain('secret');
    const raw = await readdir(join(lake, 'raw', 'monthly-return'));
    expect(raw).toHaveLength(1);

    // Within landing/, a link is followed; outside it, the user's own path is theirs to name.
    const within = await run(['ingest', join(inbox, 'february-again.csv'), '--lake', lake]);
    expect(within.code).toBe(0);
    await symlink(join(elsewhere, 'secret.csv'), join(root, 'mine.csv'));
    const named = await run([
      'ingest',
      join(root, 'mine.csv'),
      '--type',
      'monthly-return',
      '--provider',
      'P001',
      '--lake',
      lake,
    ]);
    expect(named).toMatchObject({ code: 0, err: '' });
    expect(named.out).toMatch(/accepted/);
    const kept = await readdir(join(lake, 'raw', 'monthly-return'));
    expect(kept).toHaveLength(2);
    const [copy] = await Promise.all(
      kept
        .filter((id) => !raw.includes(id))
        .map(async (id) => {
          const [file] = await readdir(join(lake, 'raw', 'monthly-return', id));
          return readFile(join(lake, 'raw', 'monthly-return', id, file!), 'utf8');
        }),
    );
    expect(copy).toBe(returnFor('2025-01'));
  });
});
