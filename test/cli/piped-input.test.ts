// Piped input, as a user sends it: `cat f.csv | carescore ingest /dev/stdin …` and `ingest <(…)`
// run bin/carescore.mjs as a separate process (npm test builds it first). A pipe can be read only
// once: it is spooled, and the file's format, rows, SHA-256 and raw copy all come from those bytes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));
const tempDir = () => mkdtempSync(join(tmpdir(), 'carescore-pipe-'));

const csv = 'cluster_id,cluster_name,district,ccg,lot_area\nK01,Ashford Town,Ashford,C,East Kent\n';
const sha256 = createHash('sha256').update(csv).digest('hex');

function carescore(args: string[], input: string | Buffer) {
  const child = spawnSync(process.execPath, [bin, ...args], { cwd: tempDir(), input, encoding: 'utf8' });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

/** The one ledger record in `lake`, and its raw copy's bytes. */
function stored(lake: string) {
  const [name] = readdirSync(join(lake, 'ledger', 'submissions'));
  const record = JSON.parse(readFileSync(join(lake, 'ledger', 'submissions', name!), 'utf8'));
  return { record, raw: readFileSync(join(lake, record.raw_key), 'utf8') };
}

describe('piped input', () => {
  it('ingest /dev/stdin reads the piped bytes once: rows, SHA-256 and raw copy all of them', () => {
    const lake = tempDir();
    const r = carescore(['ingest', '/dev/stdin', '--type', 'clusters', '--lake', lake], csv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/dev\/stdin: sub_\w+ {2}accepted {2}1 accepted, 0 rejected/);
    const { record, raw } = stored(lake);
    expect(record).toMatchObject({ sha256, size_bytes: csv.length, rows_read: 1, status: 'accepted' });
    expect(raw).toBe(csv);
    // The spool is gone once the ingest is over.
    expect(readdirSync(join(lake, 'tmp'))).toEqual([]);
  });

  it('ingest <(…) (a pipe named /dev/fd/N) is read the same way', () => {
    const lake = tempDir();
    const file = join(tempDir(), 'clusters.csv');
    writeFileSync(file, csv);
    const child = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${bin}" ingest <(cat "${file}") --type clusters --lake "${lake}"`],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^\/dev\/fd\/\d+: sub_\w+ {2}accepted {2}1 accepted, 0 rejected/);
    const { record, raw } = stored(lake);
    expect(record).toMatchObject({ sha256, rows_read: 1 });
    expect(raw).toBe(csv);
  });

  it('cat f.csv | carescore ingest /dev/stdin (a shell pipe) is read the same way', () => {
    const lake = tempDir();
    const file = join(tempDir(), 'clusters.csv');
    writeFileSync(file, csv);
    const child = spawnSync(
      'bash',
      [
        '-c',
        `cat "${file}" | "${process.execPath}" "${bin}" ingest /dev/stdin --type clusters --lake "${lake}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(/^\/dev\/stdin: sub_\w+ {2}accepted {2}1 accepted, 0 rejected/);
    const { record, raw } = stored(lake);
    expect(record).toMatchObject({ sha256, rows_read: 1 });
    expect(raw).toBe(csv);
  });

  it('validate /dev/stdin reports on the piped bytes', () => {
    const r = carescore(['validate', '/dev/stdin', '--type', 'clusters', '--lake', tempDir()], csv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('accepted (dry run, nothing stored): 1 rows read, 1 would be accepted');
  });

  it('piped input over the file-size limit is one sentence, and nothing is stored', () => {
    const lake = tempDir();
    const big = Buffer.concat([Buffer.from(csv), Buffer.alloc(1_200_000, 0x41)]);
    const r = carescore(
      ['ingest', '/dev/stdin', '--type', 'clusters', '--lake', lake, '--max-file-mb', '1'],
      big,
    );
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'carescore ingest: /dev/stdin gives more than 1 MB, the file-size limit, so it was not read; save it as a file and name that (a file over the limit is kept and rejected), or raise --max-file-mb.\n',
    );
    expect(readdirSync(lake).filter((f) => f !== 'tmp')).toEqual([]);
    expect(readdirSync(join(lake, 'tmp'))).toEqual([]);
  });
});
