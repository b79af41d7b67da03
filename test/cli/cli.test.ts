import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'carescore-cli-'));

describe('carescore command line', () => {
  it('answers usage errors with one sentence and exit 2, never a stack trace', async () => {
    expect(await run([])).toMatchObject({ code: 2 });
    const unknown = await run(['frobnicate']);
    expect(unknown).toMatchObject({
      code: 2,
      err: 'carescore: unknown command "frobnicate". Run carescore --help for the list.',
    });
    const badType = await run(['ingest', 'x.csv', '--type', 'nonsense']);
    expect(badType.code).toBe(2);
    expect(badType.err).toMatch(/^carescore ingest: --type must be one of monthly-return/);
    const badFlag = await run(['score', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).not.toMatch(/\n\s+at /);
    const missing = await run(['ingest', '/no/such/file.csv', '--type', 'clusters']);
    expect(missing).toMatchObject({
      code: 2,
      err: 'carescore ingest: Cannot read /no/such/file.csv: no such file, or it is not readable.',
    });
    const badPeriod = await run(['score', '--period', '2025-13', '--lake', await tempDir()]);
    expect(badPeriod.code).toBe(2);
  });

  it('refuses a --received-at in the future (beyond 5 minutes of clock skew) as a usage error', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'register.csv'), registerCsv);
    const ingestAt = (at: string) =>
      run([
        'ingest',
        join(dir, 'register.csv'),
        '--type',
        'provider-register',
        '--lake',
        dir,
        '--received-at',
        at,
      ]);
    const future = await ingestAt('2999-01-01T00:00:00Z');
    expect(future.code).toBe(2);
    expect(future.err).toMatch(
      /^carescore ingest: --received-at cannot be in the future \(it is now \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\); got "2999-01-01T00:00:00Z": give the time the file actually arrived\.$/,
    );
    const soon = await ingestAt(new Date(Date.now() + 10 * 60_000).toISOString());
    expect(soon.code).toBe(2);
    const skewed = await ingestAt(new Date(Date.now() + 2 * 60_000).toISOString());
    expect(skewed).toMatchObject({ code: 0 });
    const badOffset = await ingestAt('2025-03-04T10:00:00+25:00');
    expect(badOffset.code).toBe(2);
    expect(badOffset.err).toContain('--received-at must be an ISO date-time');
  });

  it('shows internal errors as one line, and the stack only with --debug', async () => {
    const lake = await tempDir();
    await writeFile(join(lake, 'ledger'), 'not a directory');
    const plain = await run(['alerts', '--lake', lake]);
    expect(plain.code).toBe(1);
    expect(plain.err.split('\n')).toHaveLength(1);
    const debug = await run(['alerts', '--lake', lake, '--debug']);
    expect(debug.err.split('\n').length).toBeGreaterThan(1);
  });

  it('ingests one file with a one-line outcome, infers type and provider from a landing path, and marks re-ingests', async () => {
    const lake = await tempDir();
    const dir = await tempDir();
    await writeFile(join(dir, 'register.csv'), registerCsv);
    const landing = join(dir, 'landing', 'P001', 'monthly-return');
    await mkdir(landing, { recursive: true });
    await writeFile(
      join(landing, 'march.csv'),
      `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ calls_missed: 999 })}\n`,
    );
    expect(
      (await run(['ingest', join(dir, 'register.csv'), '--type', 'provider-register', '--lake', lake])).code,
    ).toBe(0);
    const first = await run([
      'ingest',
      join(landing, 'march.csv'),
      '--lake',
      lake,
      '--received-at',
      '2025-02-03T09:00:00Z',
    ]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /march\.csv: sub_[0-9a-f]{24} {2}partially_accepted {2}1 accepted, 1 rejected {2}report .*reports\/P001\/sub_[0-9a-f]{24}\.html$/,
    );
    const html = await readFile(first.out.split('report ')[1]!, 'utf8');
    expect(html).toContain('calls_late_early (10) + calls_missed (999) is more than calls_scheduled (400)');
    const again = await run(['ingest', join(landing, 'march.csv'), '--lake', lake]);
    expect(again.out).toContain('(already received; nothing changed)');
  });

  it('prints values, header names and file names from a file terminal-safe: no escape sequence reaches the screen', async () => {
    const lake = await tempDir();
    await mkdir(join(lake, 'ledger'));
    const dir = await tempDir();
    const hostile = '\u001b[2K\rACCEPTED';
    const file = join(dir, 'c\u001b[1A.csv');
    await writeFile(
      file,
      `cluster_id,cluster_name,district,ccg,lot_area,\u001b]0;owned\u0007zz\nK01,${hostile},Ashford,C,East Kent,1\n${hostile}${'x'.repeat(40)},Name,Dover,C,East Kent,2\n`,
    );
    const noControls = (text: string) => {
      for (const line of text.split(/\r?\n/)) expect(line).not.toMatch(/\p{Cc}/u);
    };
    const validated = await run(['validate', file, '--type', 'clusters', '--lake', lake]);
    noControls(validated.out);
    expect(validated.out).toContain('value "\ufffd[2K\ufffdACCEPTEDxxx');
    expect(validated.out).toContain('\ufffd]0;owned\ufffdzz');
    expect(validated.out).toContain('c\ufffd[1A.csv: ');
    const ingested = await run(['ingest', file, '--type', 'clusters', '--lake', lake]);
    expect(ingested.code).toBe(0);
    noControls(ingested.out);
    expect(ingested.out).toContain('c\ufffd[1A.csv: ');
    for (const format of ['table', 'csv']) {
      const result = await run([
        'query',
        'SELECT cluster_name AS "\u001b[31mname", district FROM clusters ORDER BY cluster_id',
        '--format',
        format,
        '--lake',
        lake,
      ]);
      expect(result.code, result.err).toBe(0);
      noControls(result.out);
      expect(result.out).toContain('\ufffd[2K\ufffdACCEPTED');
      expect(result.out).toContain('\ufffd[31mname');
    }
  });

  it('query never writes: COPY and ATTACH into the lake or elsewhere exit 1 with one sentence, writing nothing', async () => {
    const lake = await tempDir();
    await mkdir(join(lake, 'ledger'));
    const elsewhere = await tempDir();
    for (const sql of [
      `COPY (SELECT 1) TO '${join(lake, 'ledger', 'x.json')}'`,
      `ATTACH '${join(lake, 'x.db')}'`,
      `COPY (SELECT 1) TO '${join(elsewhere, 'elsewhere.csv')}'`,
    ]) {
      const result = await run(['query', sql, '--lake', lake]);
      expect(result, sql).toEqual({
        code: 1,
        out: '',
        err: 'carescore query: The query failed: only SELECT statements (and WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) may run, because a query never writes; COPY, ATTACH, CREATE, INSERT, EXPORT, SET and the like are refused.',
      });
    }
    expect(await readdir(lake, { recursive: true })).toEqual(['ledger']);
    expect(await readdir(elsewhere)).toEqual([]);
    expect((await run(['query', 'SELECT count(*) AS n FROM v_submissions', '--lake', lake])).code).toBe(0);
  });

  it('validates without storing, naming row, column and value', async () => {
    const lake = await tempDir();
    await mkdir(join(lake, 'ledger')); // a lake, as yet empty
    const dir = await tempDir();
    await writeFile(
      join(dir, 'c.csv'),
      'cluster_id,cluster_name,district,ccg,lot_area\nK01,,Ashford,C,East Kent\n',
    );
    const result = await run(['validate', join(dir, 'c.csv'), '--type', 'clusters', '--lake', lake]);
    expect(result.out).toContain(
      'rejected (dry run, nothing stored): 1 rows read, 0 would be accepted, 1 rejected',
    );
    expect(result.out).toContain('error: row 2, column cluster_name: cluster_name is required but is empty');
    expect(
      (await run(['query', 'SELECT count(*) AS n FROM v_submissions', '--format', 'json', '--lake', lake]))
        .out,
    ).toContain('"n": 0');
  });

  it('writes templates as CSV, JSON Schema and XLSX from the same contract', async () => {
    const csv = await run(['template', '--type', 'monthly-return']);
    expect(csv.out).toBe(monthlyHeader);
    const schema = JSON.parse(
      (await run(['template', '--type', 'sanctions', '--format', 'json-schema'])).out,
    );
    expect(schema.required).toEqual([
      'sanction_id',
      'provider_id',
      'type',
      'level',
      'trigger',
      'evidenced_on',
      'action_plan_received_on',
      'lifted_on',
    ]);
    expect(schema.properties.type.enum).toEqual(['poor_practice', 'contract_compliance', 'safeguarding']);
    const dir = await tempDir();
    const out = join(dir, 't.xlsx');
    expect((await run(['template', '--type', 'offers', '--format', 'xlsx', '--out', out])).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet('offers')!.getRow(1).values).toEqual([
      undefined,
      'offer_id',
      'provider_id',
      'cluster_id',
      'offered_at',
      'responded_at',
      'response',
    ]);
  });
});

describe('carescore demo, query and alerts', () => {
  it('runs the whole pipeline on a small county; alerts are not raised twice', async () => {
    const lake = join(await tempDir(), 'lake');
    const demo = await run(['demo', '--lake', lake, '--providers', '12', '--months', '4']);
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/Scored 12 providers for 4 months/);
    expect(demo.out).toMatch(/overall rating {2}Outstanding \d+ · Good \d+/);
    const latest = JSON.parse(
      (await run(['query', 'SELECT * FROM v_scorecard_latest', '--format', 'json', '--lake', lake])).out,
    );
    expect(latest).toHaveLength(12);
    expect(latest[0]).toHaveProperty('overall_rating');
    const firstAlerts = JSON.parse(
      (await run(['query', 'SELECT count(*) AS n FROM v_alerts', '--format', 'json', '--lake', lake])).out,
    )[0].n;
    expect(firstAlerts).toBeGreaterThan(0);
    const again = await run(['alerts', '--lake', lake, '--as-of', '2026-01-21T09:00:00Z']);
    expect(again.out).toMatch(/^0 new alerts \(\d+ raised earlier and not repeated\)/);
    const after = JSON.parse(
      (await run(['query', 'SELECT count(*) AS n FROM v_alerts', '--format', 'json', '--lake', lake])).out,
    )[0].n;
    expect(after).toBe(firstAlerts);

    // The demo's first run over past months backfilled the old alerts: on record, not sent.
    const statuses = JSON.parse(
      (
        await run([
          'query',
          'SELECT status, count(*) AS n FROM v_alerts GROUP BY status ORDER BY status',
          '--format',
          'json',
          '--lake',
          lake,
        ])
      ).out,
    ) as { status: string; n: number }[];
    expect(statuses.map((r) => r.status)).toEqual(['backfilled', 'notified']);
    // A commissioner withdraws one alert; it stays in v_alerts, withdrawn, with the reason.
    const [{ alert_key: key }] = JSON.parse(
      (
        await run([
          'query',
          "SELECT alert_key FROM v_alerts WHERE status = 'notified' ORDER BY alert_key LIMIT 1",
          '--format',
          'json',
          '--lake',
          lake,
        ])
      ).out,
    );
    expect(await run(['alerts', '--lake', lake, '--withdraw', key])).toMatchObject({
      code: 2,
      err: 'carescore alerts: --withdraw needs --reason TEXT: say why the alert is withdrawn.',
    });
    const withdrawn = await run(['alerts', '--lake', lake, '--withdraw', key, '--reason', 'Raised in error']);
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.out).toMatch(/^Withdrew .*: kept in v_alerts with status withdrawn/);
    const row = JSON.parse(
      (
        await run([
          'query',
          `SELECT status, withdrawn_reason FROM v_alerts WHERE alert_key = '${key}'`,
          '--format',
          'json',
          '--lake',
          lake,
        ])
      ).out,
    );
    expect(row).toEqual([{ status: 'withdrawn', withdrawn_reason: 'Raised in error' }]);
    expect(
      await run(['alerts', '--lake', lake, '--withdraw', 'RETURN_MISSING|P999|2020-01', '--reason', 'x']),
    ).toEqual({
      code: 1,
      out: '',
      err: "carescore alerts: No stored alert has the key 'RETURN_MISSING|P999|2020-01': copy the key from v_alerts.alert_key.",
    });
    expect((await run(['alerts', '--lake', lake, '--withdraw', key, '--reason', 'again'])).err).toMatch(
      /^carescore alerts: The alert '.*' was already withdrawn at /,
    );
    // a demo never wipes a lake it did not create
    const other = await tempDir();
    await writeFile(join(other, 'precious.txt'), 'x');
    expect(await run(['demo', '--lake', other])).toMatchObject({ code: 1 });
  }, 120_000);
});
