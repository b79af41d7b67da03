// What the product writes back out must be safe to open: CSVs neutralise spreadsheet formulas
// (CONTRACTS §2.1), HTML escapes every value.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatRows } from '../../functions/cli/commands/query.ts';
import { main } from '../../functions/cli/main.ts';
import { inputTypes } from '../../functions/domain/contracts/index.ts';
import { bytesSource, openRecords } from '../../functions/domain/formats/index.ts';
import { csvCell, toCsv } from '../../functions/domain/formats/write-csv.ts';
import { csvTemplate } from '../../functions/pipeline/csv-template.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { corpus, errors, expectKept, ingest, lakeWithRegister, utf8 } from './helpers.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

/** A CSV the product wrote, read back with the product's own reader: cells by row. */
async function readBack(csv: string): Promise<Record<string, unknown>[]> {
  const reader = await openRecords(bytesSource('out.csv', utf8(csv)), { format: 'csv' });
  const rows: Record<string, unknown>[] = [];
  for await (const row of reader.rows) rows.push(Object.fromEntries(row.cells));
  return rows;
}

/** No cell a spreadsheet would run: each text starting = + - @ tab CR is a plain number or has a '. */
function expectNoLiveFormula(rows: readonly Record<string, unknown>[]): void {
  for (const row of rows) {
    for (const value of Object.values(row)) {
      if (typeof value !== 'string') continue;
      if (/^[=+\-@\t\r]/.test(value)) expect(value, 'a formula reached a CSV').toMatch(/^[+-]?\d+(\.\d+)?$/);
    }
  }
}

describe('hostile formulas: the quarantine CSV', () => {
  it('formula-like text cells are written with a leading apostrophe; plain numbers like -5 are left alone', async () => {
    const bytes = corpus('formulas.csv');
    const { submission, report } = await ingest(store, 'formulas.csv', bytes);
    // Every row is rejected (not P001, not a branch, not a service code, a negative count).
    expect(submission).toMatchObject({
      status: 'rejected',
      rows_read: 6,
      rows_rejected: 6,
      file_error: null,
    });
    // The report keeps the values exactly as sent; only CSV output is neutralised.
    expect(errors(report.problems).map((p) => p.value)).toEqual([
      '=HYPERLINK("http://x","y")',
      "+cmd|' /C calc'!A0",
      '@SUM(1+1)',
      '-2+3',
      '-5',
      '\t=1+1',
      '\r=1+1',
    ]);
    const quarantine = store.text(submission.quarantine_key!);
    const rows = await readBack(quarantine);
    expect(
      rows.map((r) => [r.row_number, r.provider_id, r.branch_id, r.service_code, r.calls_late_early]),
    ).toEqual([
      ['2', `'=HYPERLINK("http://x","y")`, '1-200', 'HC', '10'],
      ['3', 'P001', '1-200', `'+cmd|' /C calc'!A0`, '10'],
      ['4', 'P001', `'@SUM(1+1)`, 'HC', '10'],
      ['5', 'P001', '1-200', `'-2+3`, '-5'],
      ['6', 'P001', '1-200', `'\t=1+1`, '10'],
      ['7', 'P001', '1-200', `'\r=1+1`, '10'],
    ]);
    expectNoLiveFormula(rows);
    // Decimal numbers stay numbers too.
    expect(rows[0]!.hours_delivered).toBe('790.5');
    expectKept(store, submission, bytes);
  });

  it('a header that is itself a formula is neutralised in the quarantine header too', async () => {
    const csv = `provider_id,cluster_id,week_ending,hours,=1+1\nP001,K01,31/02/2025,5,x\n`;
    const { submission } = await ingest(store, 'h.csv', csv, {
      type: 'commissioned-hours',
      submitter: 'council',
    });
    const header = store.text(submission.quarantine_key!).split('\r\n')[0];
    expect(header).toBe("row_number,reasons,provider_id,cluster_id,week_ending,hours,'=1+1");
  });
});

describe('hostile formulas: every other CSV the product writes', () => {
  it('csvCell: text is neutralised, plain numbers (as numbers or as text) are not', () => {
    expect(
      ['=1+1', '+1+1', '-2+3', '@SUM(1)', '\t=1', '\r=1', '-5', '+5', '-5.25', '1e3', '-', '=', ''].map(
        csvCell,
      ),
    ).toEqual([
      "'=1+1",
      "'+1+1",
      "'-2+3",
      "'@SUM(1)",
      "'\t=1",
      `"'\r=1"`,
      '-5',
      '+5',
      '-5.25',
      '1e3',
      "'-",
      "'=",
      '',
    ]);
    expect([-5, 0, 1.5, true, null, 10n].map(csvCell)).toEqual(['-5', '0', '1.5', 'true', '', '10']);
  });

  it("templates: every input type's CSV template is plain column names", async () => {
    for (const type of inputTypes) {
      const [header] = csvTemplate(type).split('\r\n');
      expect(header).toMatch(/^[a-z0-9_]+(,[a-z0-9_]+)*$/);
    }
  });

  it('query --format csv neutralises text cells from the views, and keeps numbers', () => {
    const rows = [
      {
        provider_id: '=HYPERLINK("http://x","y")',
        score: -5,
        note: '-5',
        text: '@SUM(1)',
        n: 10n,
        when: null,
      },
    ];
    const [csv] = formatRows(rows, 'csv');
    expect(csv).toBe(
      `provider_id,score,note,text,n,when\r\n"'=HYPERLINK(""http://x"",""y"")",-5,-5,'@SUM(1),10,`,
    );
    expect(toCsv(['a'], [{ a: "+cmd|' /C calc'!A0" }])).toBe("a\r\n'+cmd|' /C calc'!A0\r\n");
  });

  it('end to end: a formula in a council feed comes out of `carescore query --format csv` neutralised', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'carescore-hostile-'));
    const file = join(await mkdtemp(join(tmpdir(), 'carescore-hostile-in-')), 'clusters.csv');
    await writeFile(
      file,
      'cluster_id,cluster_name,district,ccg,lot_area\nK01,"=HYPERLINK(""http://x"",""y"")",@SUM(1),-2+3,-5\n',
    );
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await main(['ingest', file, '--type', 'clusters', '--lake', lake], io)).toBe(0);
    expect(out[0]).toContain('  accepted  1 accepted, 0 rejected');
    out.length = 0;
    const sql = 'SELECT cluster_id, cluster_name, district, ccg, lot_area FROM clusters';
    expect(await main(['query', sql, '--format', 'csv', '--lake', lake], io)).toBe(0);
    expect(out).toEqual([
      `cluster_id,cluster_name,district,ccg,lot_area\r\nK01,"'=HYPERLINK(""http://x"",""y"")",'@SUM(1),'-2+3,-5`,
    ]);
  }, 60_000);
});

describe('hostile markup: the HTML report', () => {
  it('escapes <script> and other markup in values, column names and the file name', async () => {
    const bytes = corpus('script.csv');
    const name = '<img src=x onerror=alert(3)>.csv';
    const { submission, report } = await ingest(store, name, bytes);
    expect(submission.status).toBe('rejected');
    // The data is kept as sent in the JSON report and the ledger...
    expect(errors(report.problems)[0]).toMatchObject({
      column: 'service_code',
      value: '<script>alert("x")</script>',
    });
    expect(submission.file_name).toBe(name);
    // ...and the HTML shows it as text, never as markup.
    const html = store.text(submission.report_html_key);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<code>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</code>');
    expect(html).toContain(
      'column &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is not part of monthly-return',
    );
    expect(html).toContain('<title>Validation report &lt;img src=x onerror=alert(3)&gt;.csv</title>');
    expect(html).toContain('<dd>&lt;img src=x onerror=alert(3)&gt;.csv</dd>');
    // And the page may not run scripts even if one slipped through.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expectKept(store, submission, bytes);
  });
});
