// ingest --manifest: relative files from the manifest's folder, absolute ones as given; a row whose
// file cannot be read is reported with its row and skipped, the rest go ahead, and a summary ends
// the run. A full disk under the lake is one sentence naming the lake.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPath } from '../../functions/cli/commands/ingest.ts';
import { UserFacingError } from '../../functions/cli/errors.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';
import { runCliLines as run } from '../helpers/run-cli.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'carescore-manifest-'));
const clusters = (id: string) =>
  `cluster_id,cluster_name,district,ccg,lot_area\n${id},Cluster ${id},Ashford,C,East Kent\n`;
// Root reads a chmod 000 file regardless, so the unreadable case is only checked as another user.
const asRoot = process.getuid?.() === 0;

describe('carescore ingest --manifest', () => {
  it('reads a relative file from the manifest folder and an absolute one as given', async () => {
    const lake = await tempDir();
    const manifestDir = await tempDir();
    const elsewhere = await tempDir();
    await writeFile(join(manifestDir, 'near.csv'), clusters('K01'));
    await writeFile(join(elsewhere, 'far.csv'), clusters('K02'));
    const manifest = join(manifestDir, 'manifest.csv');
    await writeFile(manifest, `file,type\nnear.csv,clusters\n${join(elsewhere, 'far.csv')},clusters\n`);
    const r = await run(['ingest', '--manifest', manifest, '--lake', lake]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/near\.csv: sub_\w+ {2}accepted/);
    expect(r.out[1]).toContain(`${join(elsewhere, 'far.csv')}: sub_`);
    expect(r.out[1]).toMatch(/ {2}accepted/);
    expect(r.out[2]).toBe('2 files in the manifest: 2 accepted; none skipped.');
  });

  it('skips a row naming a missing file, a folder or an unreadable file, ingests the rest, exit 1', async () => {
    const lake = await tempDir();
    const dir = await tempDir();
    await writeFile(join(dir, 'a.csv'), clusters('K01'));
    await writeFile(join(dir, 'b.csv'), clusters('K02'));
    await mkdir(join(dir, 'folder'));
    await writeFile(join(dir, 'locked.csv'), clusters('K03'));
    await chmod(join(dir, 'locked.csv'), 0o000);
    const rows = ['a.csv', 'missing.csv', 'folder', ...(asRoot ? [] : ['locked.csv']), 'b.csv'];
    const manifest = join(dir, 'manifest.csv');
    await writeFile(manifest, `file,type\n${rows.map((f) => `${f},clusters`).join('\n')}\n`);
    const r = await run(['ingest', '--manifest', manifest, '--lake', lake]);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(3);
    expect(r.out[0]).toMatch(/a\.csv: sub_\w+ {2}accepted/);
    expect(r.out[1]).toMatch(/b\.csv: sub_\w+ {2}accepted/);
    const skipped = asRoot ? 2 : 3;
    expect(r.out[2]).toBe(
      `${rows.length} files in the manifest: 2 accepted; ${skipped} skipped (see above).`,
    );
    expect(r.err).toHaveLength(skipped);
    expect(r.err[0]).toBe(
      `Manifest row 3: Cannot read ${join(dir, 'missing.csv')}: no such file, or it is not readable. Skipped; the other rows go ahead.`,
    );
    expect(r.err[1]).toMatch(
      /^Manifest row 4: .*folder is a folder, not a file; .* Skipped; the other rows go ahead\.$/,
    );
    if (!asRoot) {
      expect(r.err[2]).toBe(
        `Manifest row 5: Cannot read ${join(dir, 'locked.csv')}: permission denied; let this user read it (chmod u+r). Skipped; the other rows go ahead.`,
      );
    }
    for (const line of r.err) expect(line).not.toMatch(/internal error|--debug/);
  });

  it('skips a row with a bad type or no file, with its row number and reason; the summary counts it', async () => {
    const lake = await tempDir();
    const dir = await tempDir();
    await writeFile(join(dir, 'a.csv'), clusters('K01'));
    await writeFile(join(dir, 'b.csv'), clusters('K02'));
    const manifest = join(dir, 'manifest.csv');
    await writeFile(manifest, 'file,type\na.csv,clusters\nb.csv,clusterz\n,clusters\nb.csv,clusters\n');
    const r = await run(['ingest', '--manifest', manifest, '--lake', lake]);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(3);
    expect(r.out[0]).toMatch(/a\.csv: sub_\w+ {2}accepted/);
    expect(r.out[1]).toMatch(/b\.csv: sub_\w+ {2}accepted/);
    expect(r.out[2]).toBe('4 files in the manifest: 2 accepted; 2 skipped (see above).');
    expect(r.err).toEqual([
      expect.stringMatching(
        /^Manifest row 3: --type must be one of .*; got "clusterz"\. Skipped; the other rows go ahead\.$/,
      ),
      'Manifest row 4: it names no file; put the file\'s path in its "file" column. Skipped; the other rows go ahead.',
    ]);
  });

  it.skipIf(asRoot)('an unreadable file on the command line is one sentence, exit 2', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'locked.csv'), clusters('K03'));
    await chmod(join(dir, 'locked.csv'), 0o000);
    const r = await run(['ingest', join(dir, 'locked.csv'), '--type', 'clusters', '--lake', await tempDir()]);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `carescore ingest: Cannot read ${join(dir, 'locked.csv')}: permission denied; let this user read it (chmod u+r).`,
    ]);
  });

  it('a full disk under the lake is one sentence naming the lake and the file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'c.csv'), clusters('K01'));
    const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const store = new MemoryObjectStore();
    store.put = async () => {
      throw full();
    };
    store.putStream = async () => {
      throw full();
    };
    store.copyIn = async () => {
      throw full();
    };
    const job = {
      path: join(dir, 'c.csv'),
      type: 'clusters' as const,
      submitter: 'council',
      receivedAt: new Date(),
    };
    const attempt = ingestPath(store, job, { lake: '/lakes/county' });
    await expect(attempt).rejects.toBeInstanceOf(UserFacingError);
    await expect(attempt).rejects.toThrow(
      `The disk holding the lake /lakes/county is full, so ${join(dir, 'c.csv')} was not stored; free some space and run the ingest again.`,
    );
  });
});
