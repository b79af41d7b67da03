// File names are data, never paths (CONTRACTS §2.1): stored keys use a sanitised name; the name
// as sent is kept in the ledger and the reports.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { bytesSource } from '../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { ingestFile } from '../../functions/pipeline/ingest/ingest-file.ts';
import { escapeHtml } from '../../functions/pipeline/report/html.ts';
import { fixedNow, monthlyHeader, monthlyRow } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';
import { ingest, lakeWithRegister, utf8 } from './helpers.ts';

const long = `${'a'.repeat(296)}.csv`;

/** [what, name as sent, stored name]. */
const names: [string, string, string][] = [
  ['Unix path traversal', '../../etc/passwd.csv', 'passwd.csv'],
  ['Windows path traversal', '..\\..\\x.csv', 'x.csv'],
  ['an absolute path', '/var/lib/carescore/ledger/x.csv', 'x.csv'],
  ['URL-encoded traversal', '%2e%2e%2fsecret.csv', '_2e_2e_2fsecret.csv'],
  ['a right-to-left override (U+202E)', 'return\u202Eslx.csv', 'return_slx.csv'],
  ['zero-width characters', 'mr\u200B\u200Dreturn\uFEFF.csv', 'mr_return_.csv'],
  ['a NUL byte', 'a\u0000b.csv', 'a_b.csv'],
  ['a 300-character name', long, long.slice(-100)],
  ['emoji', '📊 March 🚀.csv', '_March_.csv'],
  ['accents and a dash', 'Café—Ünïcode.csv', 'Cafe_Unicode.csv'],
  ['dots only', '..', 'file'],
  ['a hidden file', '.htaccess', 'htaccess'],
  ['markup', '<img src=x onerror=alert(1)>.csv', '_img_src_x_onerror_alert_1_.csv'],
];

describe('hostile file names', () => {
  names.forEach(([what, name, stored], i) => {
    it(`${what}: stored as ${JSON.stringify(stored)}, kept as sent in the ledger and report`, async () => {
      const store = await lakeWithRegister();
      // Each file differs (its period), so none is taken for a re-send of another.
      const period = `${2010 + i}-01`;
      const csv = `${monthlyHeader}\n${monthlyRow({ period })}\n`;
      const { submission, report } = await ingest(store, name, csv);
      expect(submission.status).toBe('accepted');
      const id = submission.submission_id;
      expect(submission.stored_name).toBe(stored);
      expect(submission.stored_name.length).toBeLessThanOrEqual(100);
      expect(submission.raw_key).toBe(`raw/monthly-return/${id}/${stored}`);
      // Every key this submission wrote is plain: known prefixes, safe characters, no "..".
      const written = store.keys().filter((k) => k.includes(id));
      expect(written).toEqual(
        expect.arrayContaining([
          `raw/monthly-return/${id}/${stored}`,
          `ledger/submissions/${id}.json`,
          `reports/P001/${id}.json`,
          `reports/P001/${id}.html`,
        ]),
      );
      expect(written.filter((k) => k.startsWith(`curated/monthly_return/period=${period}/`))).toHaveLength(1);
      for (const key of written) {
        expect(key).toMatch(/^[A-Za-z0-9._\-=/]+$/);
        expect(key.split('/')).not.toContain('..');
      }
      // The name as sent is data: in the ledger, the JSON report and (escaped) the HTML report.
      expect(JSON.parse(store.text(`ledger/submissions/${id}.json`)).file_name).toBe(name);
      expect(report.submission.file_name).toBe(name);
      expect(store.text(submission.report_html_key)).toContain(`<dd>${escapeHtml(name)}</dd>`);
    });
  });

  it('on a disk lake, a traversing name writes nothing outside the lake directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carescore-names-'));
    const lake = join(root, 'lake');
    const store = new FsObjectStore(lake);
    const { submission } = await ingestFile(
      { store, now: fixedNow, method: publishedMethod() },
      {
        source: bytesSource(
          '../../../outside.csv',
          utf8('cluster_id,cluster_name,district,ccg,lot_area\nK01,A,B,C,D\n'),
        ),
        type: 'clusters',
        submitter: 'council',
        receivedAt: new Date('2025-02-10T10:00:00Z'),
      },
    );
    expect(submission.status).toBe('accepted');
    expect(submission.raw_key).toBe(`raw/clusters/${submission.submission_id}/outside.csv`);
    expect(await readdir(root)).toEqual(['lake']);
    expect(await readdir(join(lake, 'raw', 'clusters', submission.submission_id))).toEqual(['outside.csv']);
  });

  it('a provider id used as a key is sanitised too: reports never leave reports/', async () => {
    const store = new MemoryObjectStore();
    const { submission } = await ingest(store, 'x.csv', `${monthlyHeader}\n${monthlyRow()}\n`, {
      submitter: '../../P001',
    });
    // No register, and the id is not P001: rejected, and filed under a sanitised name.
    expect(submission.status).toBe('rejected');
    expect(submission.report_html_key).toBe(`reports/P001/${submission.submission_id}.html`);
  });
});
