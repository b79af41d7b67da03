import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { contracts } from '../../../functions/domain/contracts/index.ts';
import { readCurated } from '../../../functions/lake/curated.ts';
import { keys } from '../../../functions/lake/keys.ts';
import { loadScoringInputs } from '../../../functions/lake/scoring-inputs.ts';
import { legacySubmissionIdFor } from '../../../functions/lake/submission-id.ts';
import {
  ingestText,
  lakeWithRegister,
  monthlyHeader,
  monthlyRow,
  registerCsv,
} from '../../helpers/ingest.ts';
import { MemoryObjectStore } from '../../helpers/memory-store.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = await lakeWithRegister();
});

const goodFiles: Record<string, string> = {
  'self-assessment': `provider_id,quarter_start,self_rating_quality,self_rating_cost_flex,self_rating_delivery,self_rating_relationship,self_rating_workforce,staff_headcount,staff_supervised_in_quarter,staff_appraised_12m,staff_dbs_current,staff_safeguarding_trained,leavers_12m,starters_due_care_certificate,starters_care_certificate_12w,registered_manager_in_post,evidence_summary
P001,2025-01,Good,3,requires improvement,4,3,50,45,40,49,48,30,5,4,Y,"<b>All</b> staff, supervised"
`,
  clusters: 'cluster_id,cluster_name,district,ccg,lot_area\nK01,Ashford Town,Ashford,Ashford CCG,East Kent\n',
  sanctions:
    'sanction_id,provider_id,type,level,trigger,evidenced_on,action_plan_received_on,lifted_on\nS1,P001,contract_compliance,2,Late returns,03/02/2025,,\n',
  offers:
    'offer_id,provider_id,cluster_id,offered_at,responded_at,response\nO1,P001,K01,2025-01-31T23:30:00,2025-02-01T02:00:00,accepted\nO2,P002,K06,2025-01-10T09:00:00Z,,no_response\n',
  'commissioned-hours': 'provider_id,cluster_id,week_ending,hours\nP001,K01,2025-01-05,"1,200.50"\n',
  intelligence:
    'record_id,provider_id,date,source,category,severity,substantiated\nI1,P001,2025-01-20,safeguarding,Warning_Notice,High,Yes\n',
};

describe('ingest: every input type, good files', () => {
  it('accepts a monthly return and stores typed rows with where they came from', async () => {
    const { submission } = await ingestText(
      store,
      'mr.csv',
      `${monthlyHeader}\n${monthlyRow()}\n`,
      'monthly-return',
      'P001',
    );
    expect(submission).toMatchObject({
      status: 'accepted',
      rows_read: 1,
      rows_accepted: 1,
      rows_rejected: 0,
      period: '2025-01',
    });
    const [row] = await readCurated(store, contracts['monthly-return']);
    expect(row).toMatchObject({
      provider_id: 'P001',
      period: '2025-01',
      calls_scheduled: 400,
      hours_delivered: 790.5,
      submission_id: submission.submission_id,
      submission_status: 'accepted',
      row_number: 2,
    });
    expect((row!.received_at as Date).toISOString()).toBe('2025-02-10T10:00:00.000Z');
  });

  for (const [type, content] of Object.entries(goodFiles)) {
    it(`accepts a ${type} file`, async () => {
      const submitter = contracts[type as keyof typeof contracts].owner === 'provider' ? 'P001' : 'council';
      const { submission, report } = await ingestText(
        store,
        `${type}.csv`,
        content,
        type as never,
        submitter,
      );
      expect(report.problems).toEqual([]);
      expect(submission.status).toBe('accepted');
      expect(submission.rows_accepted).toBe(content.trim().split('\n').length - 1);
    });
  }

  it('normalises values: rating words, yes/no, UK dates, London times, thousands separators, choice casing', async () => {
    for (const [type, content] of Object.entries(goodFiles)) {
      const submitter = contracts[type as keyof typeof contracts].owner === 'provider' ? 'P001' : 'council';
      await ingestText(store, `${type}.csv`, content, type as never, submitter);
    }
    const inputs = await loadScoringInputs(store);
    expect(inputs.selfAssessments[0]).toMatchObject({
      self_rating_quality: 3,
      self_rating_delivery: 2,
      registered_manager_in_post: true,
      evidence_summary: '<b>All</b> staff, supervised',
    });
    expect(inputs.sanctions[0]).toMatchObject({
      evidenced_on: '2025-02-03',
      level: 2,
      action_plan_received_on: null,
    });
    expect(inputs.offers.find((o) => o.offer_id === 'O1')!.offered_at.toISOString()).toBe(
      '2025-01-31T23:30:00.000Z',
    );
    expect(inputs.commissionedHours[0]!.hours).toBe(1200.5);
    expect(inputs.intelligence[0]).toMatchObject({
      source: 'safeguarding',
      severity: 'high',
      substantiated: 'yes',
      category: 'Warning_Notice',
    });
    // offers are partitioned by the London month of offered_at
    expect(store.keys('curated/offers/')).toEqual(['curated/offers/period=2025-01/data.parquet']);
  });
});

describe('ingest: bad input gets a specific answer', () => {
  it('names row, column, value and reason for each bad row, and keeps rejected rows in quarantine', async () => {
    const csv = [
      monthlyHeader,
      monthlyRow(),
      monthlyRow({ service_code: 'XX', branch_id: '1-202' }),
      monthlyRow({ calls_missed: 395, branch_id: '1-202', service_code: 'SIS' }),
      monthlyRow({ calls_scheduled: 'lots', service_code: 'ECS' }),
      monthlyRow({ hours_delivered: 2000, hours_invoiced: 2000, service_code: 'D2A' }),
    ].join('\n');
    const { submission, report } = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    expect(submission).toMatchObject({
      status: 'partially_accepted',
      rows_read: 5,
      rows_accepted: 2,
      rows_rejected: 3,
    });
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      {
        severity: 'error',
        row: 3,
        column: 'service_code',
        value: 'XX',
        message: 'service_code must be one of: HC, SIS, SISP, ECS, D2A',
      },
      expect.objectContaining({ row: 4, column: 'calls_missed', value: '395' }),
      {
        severity: 'error',
        row: 5,
        column: 'calls_scheduled',
        value: 'lots',
        message: 'calls_scheduled must be a whole number of 0 or more (digits only, e.g. 1234 or 1,234)',
      },
    ]);
    expect(report.problems.filter((p) => p.severity === 'warning')).toEqual([
      expect.objectContaining({ row: 6, column: 'hours_delivered', value: '2000' }),
    ]);
    const quarantine = store.text(submission.quarantine_key!);
    expect(quarantine.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(quarantine).toContain('3,"service_code must be one of: HC, SIS, SISP, ECS, D2A",P001,1-202,XX');
    expect(store.text(submission.report_html_key)).toContain('Partly accepted');
  });

  it('rejects rows that name another provider, and a file whose every row does', async () => {
    const csv = [monthlyHeader, monthlyRow({ provider_id: 'P002', branch_id: '1-201' })].join('\n');
    const { submission, report } = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    expect(submission.status).toBe('rejected');
    expect(report.problems[0]!.message).toContain(
      'provider_id P002 is not the provider submitting this file (P001)',
    );
    expect(await readCurated(store, contracts['monthly-return'])).toEqual([]);
  });

  it('rejects unknown providers and branches, periods after the month of receipt, and duplicates', async () => {
    const csv = [
      monthlyHeader,
      monthlyRow({ branch_id: '1-201' }),
      monthlyRow({ period: '2025-03' }),
      monthlyRow(),
      monthlyRow(),
    ].join('\n');
    const { report, submission } = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    expect(submission).toMatchObject({ rows_accepted: 1, rows_rejected: 3 });
    expect(report.problems.map((p) => p.message)).toEqual([
      'branch_id 1-201 is not a branch of P001 in the provider register',
      'period 2025-03 is after the month the file was received (2025-02): a return can only report on a month that has started',
      'duplicate row: an earlier row in this file already has provider_id P001, branch_id 1-200, service_code HC, period 2025-01',
    ]);
  });

  it('rejects a file with missing columns, no rows, or sent by the wrong party', async () => {
    const missing = await ingestText(
      store,
      'mr.csv',
      'provider_id,period\nP001,2025-01\n',
      'monthly-return',
      'P001',
    );
    expect(missing.submission.status).toBe('rejected');
    expect(missing.submission.file_error?.message).toContain('has no branch_id, service_code');
    const headerOnly = await ingestText(store, 'h.csv', `${monthlyHeader}\n`, 'monthly-return', 'P001');
    expect(headerOnly.submission.file_error?.code).toBe('EMPTY');
    const empty = await ingestText(store, 'e.csv', '', 'monthly-return', 'P001');
    expect(empty.submission.status).toBe('rejected');
    const notCouncil = await ingestText(store, 's.csv', goodFiles.sanctions!, 'sanctions', 'P001');
    expect(notCouncil.submission.file_error?.code).toBe('NOT_PERMITTED');
    // every rejected file is still kept, and has a report and a ledger record
    for (const r of [missing, headerOnly, empty, notCouncil]) {
      expect(store.keys(r.submission.raw_key)).toHaveLength(1);
      expect(store.keys(`ledger/submissions/${r.submission.submission_id}`)).toHaveLength(1);
    }
  });

  it('warns about unknown columns but accepts the rows', async () => {
    const csv = `${monthlyHeader},my_notes\n${monthlyRow()},hello\n`;
    const { submission, report } = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    expect(submission.status).toBe('accepted_with_warnings');
    expect(report.problems).toEqual([
      {
        severity: 'warning',
        row: null,
        column: 'my_notes',
        value: null,
        message: 'column "my_notes" is not part of monthly-return and was ignored',
      },
    ]);
  });
});

describe('ingest: encodings and formats', () => {
  it('reads Windows-1252 with a warning, and UTF-8 with a BOM silently', async () => {
    const latin = Uint8Array.from(
      Buffer.from(
        'cluster_id,cluster_name,district,ccg,lot_area\nK01,Caf\xe9 \xa3,Ashford,CCG,East Kent\n',
        'latin1',
      ),
    );
    const a = await ingestText(store, 'c.csv', latin, 'clusters');
    expect(a.submission).toMatchObject({ status: 'accepted_with_warnings', encoding: 'windows-1252' });
    expect((await loadScoringInputs(store)).clusters[0]!.cluster_name).toBe('Café £');
    const bom = await ingestText(
      store,
      'c2.csv',
      '\ufeffcluster_id,cluster_name,district,ccg,lot_area\r\nK02,Tenterden,Ashford,CCG,East Kent\r\n',
      'clusters',
      'council',
      '2025-02-11T00:00:00Z',
    );
    expect(bom.submission).toMatchObject({ status: 'accepted', encoding: 'utf-8' });
  });

  it('reads XLSX: the sheet named after the type wins, Excel dates become dates', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('notes').addRow(['not', 'this']);
    const sheet = workbook.addWorksheet('Provider-Register');
    sheet.addRow([
      'Provider ID',
      'Provider Name',
      'CQC Provider ID',
      'Branch ID',
      'Branch Name',
      'Cluster ID',
      'Contract Start',
    ]);
    sheet.addRow([
      'P001',
      'Acme Care',
      '1-100',
      '1-200',
      'Acme Ashford',
      'K01',
      new Date(Date.UTC(2019, 3, 1)),
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { submission } = await ingestText(
      store,
      'register.xlsx',
      bytes,
      'provider-register',
      'council',
      '2025-03-01T00:00:00Z',
    );
    expect(submission).toMatchObject({ status: 'accepted', format: 'xlsx', rows_accepted: 1 });
    expect((await loadScoringInputs(store)).register).toEqual([
      expect.objectContaining({ provider_id: 'P001', contract_start: '2019-04-01' }),
    ]);
  });

  it('reads JSON Lines and JSON arrays', async () => {
    const jsonl =
      '{"offer_id":"O1","provider_id":"P001","cluster_id":"K01","offered_at":"2025-01-10T09:00:00Z","responded_at":null,"response":"declined"}\n\n{"offer_id":"O2","provider_id":"P001","cluster_id":"K01","offered_at":"2025-01-11T09:00:00Z","response":"No Response"}\n';
    const a = await ingestText(store, 'offers.jsonl', jsonl, 'offers');
    expect(a.submission).toMatchObject({ status: 'accepted', format: 'json', rows_accepted: 2 });
    const array = JSON.stringify([
      { cluster_id: 'K01', cluster_name: 'Ashford', district: 'Ashford', ccg: 'C', lot_area: 'East Kent' },
    ]);
    const b = await ingestText(store, 'clusters.json', array, 'clusters');
    expect(b.submission).toMatchObject({ status: 'accepted', rows_accepted: 1 });
  });

  it('reads CQC location documents, ignoring extra fields and odd rating casing, and keeps the history', async () => {
    const doc = (
      rating: string,
      date: string,
      historic: { reportDate: string; overall: { rating: string } }[],
    ) =>
      JSON.stringify({
        locationId: '1-200',
        providerId: '1-100',
        registrationStatus: 'Registered',
        type: 'Social Care Org',
        inspectionAreas: [{ id: 'x' }],
        currentRatings: { overall: { rating, reportDate: date, keyQuestionRatings: [{ name: 'Safe' }] } },
        historicRatings: historic,
      });
    const first = await ingestText(
      store,
      'cqc1.json',
      `[${doc('GOOD', '2023-05-01', [{ reportDate: '2021-01-01', overall: { rating: 'requires improvement' } }])}]`,
      'cqc-locations',
      'council',
      '2025-01-10T00:00:00Z',
    );
    expect(first.submission).toMatchObject({ status: 'accepted', format: 'cqc', rows_read: 2 });
    const second = await ingestText(
      store,
      'cqc2.json',
      doc('Inadequate', '2025-01-20', [{ reportDate: '2024-12-01', overall: { rating: 'Not rated' } }]),
      'cqc-locations',
      'council',
      '2025-02-10T00:00:00Z',
    );
    expect(second.submission.status).toBe('accepted');
    const ratings = (await loadScoringInputs(store)).cqcRatings.sort((a, b) =>
      a.report_date.localeCompare(b.report_date),
    );
    expect(ratings).toEqual([
      {
        location_id: '1-200',
        provider_id: '1-100',
        report_date: '2021-01-01',
        rating: 'Requires improvement',
      },
      { location_id: '1-200', provider_id: '1-100', report_date: '2023-05-01', rating: 'Good' },
      { location_id: '1-200', provider_id: '1-100', report_date: '2025-01-20', rating: 'Inadequate' },
    ]);
  });
});

describe('ingest: submissions, resubmission and idempotency', () => {
  it('re-ingesting identical bytes returns the earlier submission and writes nothing', async () => {
    const csv = `${monthlyHeader}\n${monthlyRow()}\n`;
    const first = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    const before = new Map(store.objects);
    const again = await ingestText(
      store,
      'renamed.csv',
      csv,
      'monthly-return',
      'P001',
      '2025-02-20T00:00:00Z',
    );
    expect(again.alreadyReceived).toBe(true);
    expect(again.submission).toEqual(first.submission);
    expect(store.objects).toEqual(before);
  });

  it('the same bytes from two providers (two nil returns) are two submissions, each with its own report', async () => {
    const nilReturn = `${monthlyHeader}\n`;
    const one = await ingestText(store, 'nil.csv', nilReturn, 'monthly-return', 'P001');
    const two = await ingestText(store, 'nil.csv', nilReturn, 'monthly-return', 'P002');
    expect(two.alreadyReceived).toBe(false);
    expect(two.submission.submission_id).not.toBe(one.submission.submission_id);
    expect(two.submission).toMatchObject({ provider_id: 'P002', sha256: one.submission.sha256 });
    expect(two.submission.report_html_key).toBe(`reports/P002/${two.submission.submission_id}.html`);
    expect(store.objects.has(keys.ledger(one.submission.submission_id))).toBe(true);
    expect(store.objects.has(keys.ledger(two.submission.submission_id))).toBe(true);
  });

  for (const [what, wrong] of [
    ['as the wrong type', { type: 'self-assessment', submitter: 'P001' }],
    ['for the wrong provider', { type: 'monthly-return', submitter: 'P002' }],
    ['by a provider as a council feed', { type: 'sanctions', submitter: 'P001' }],
  ] as const) {
    it(`a file sent first ${what}, then correctly, is stored when sent correctly`, async () => {
      const csv = `${monthlyHeader}\n${monthlyRow()}\n`;
      const first = await ingestText(store, 'mr.csv', csv, wrong.type, wrong.submitter);
      expect(first.submission.status).toBe('rejected');
      const right = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
      expect(right.alreadyReceived).toBe(false);
      expect(right.submission).toMatchObject({ status: 'accepted', rows_accepted: 1, provider_id: 'P001' });
      expect(right.submission.report_html_key).toMatch(/^reports\/P001\//);
      expect(first.submission.report_html_key).toMatch(new RegExp(`^reports/${wrong.submitter}/`));
      expect(await readCurated(store, contracts['monthly-return'])).toHaveLength(1);
      // Sent correctly again, it is the same submission: already received.
      expect((await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001')).alreadyReceived).toBe(true);
    });
  }

  it('a lake from before ids were per sender and type: its record of the same bytes is already received', async () => {
    const csv = `${monthlyHeader}\n${monthlyRow()}\n`;
    const first = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    // The record as such a lake holds it: under the id its bytes' SHA-256 alone gives.
    const legacyId = legacySubmissionIdFor(first.submission.sha256);
    const ledger = store.objects.get(keys.ledger(first.submission.submission_id))!;
    store.objects.delete(keys.ledger(first.submission.submission_id));
    store.objects.set(
      keys.ledger(legacyId),
      new TextEncoder().encode(
        new TextDecoder().decode(ledger).replaceAll(first.submission.submission_id, legacyId),
      ),
    );
    const again = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P001');
    expect(again).toMatchObject({ alreadyReceived: true, submission: { submission_id: legacyId } });
    const other = await ingestText(store, 'mr.csv', csv, 'monthly-return', 'P002');
    expect(other.alreadyReceived).toBe(false);
  });

  it('keeps both returns for the same month on record; the later one is a separate submission', async () => {
    const one = await ingestText(
      store,
      'a.csv',
      `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ branch_id: '1-202' })}\n`,
      'monthly-return',
      'P001',
      '2025-02-10T10:00:00Z',
    );
    const two = await ingestText(
      store,
      'b.csv',
      `${monthlyHeader}\n${monthlyRow({ calls_missed: 0 })}\n`,
      'monthly-return',
      'P001',
      '2025-02-20T10:00:00Z',
    );
    expect(one.submission.submission_id).not.toBe(two.submission.submission_id);
    const rows = (await loadScoringInputs(store)).monthlyReturns;
    expect(rows.map((r) => [r.submission_id, r.branch_id]).sort()).toEqual(
      [
        [one.submission.submission_id, '1-200'],
        [one.submission.submission_id, '1-202'],
        [two.submission.submission_id, '1-200'],
      ].sort(),
    );
    expect(store.keys('ledger/submissions/')).toHaveLength(3);
  });

  it('a snapshot back-loaded out of order does not replace a newer one; upserts merge by key', async () => {
    const newer = 'cluster_id,cluster_name,district,ccg,lot_area\nK01,New name,Ashford,CCG,East Kent\n';
    const older =
      'cluster_id,cluster_name,district,ccg,lot_area\nK01,Old name,Ashford,CCG,East Kent\nK99,Gone,X,Y,Z\n';
    await ingestText(store, 'new.csv', newer, 'clusters', 'council', '2025-03-01T00:00:00Z');
    await ingestText(store, 'old.csv', older, 'clusters', 'council', '2025-01-01T00:00:00Z');
    expect((await loadScoringInputs(store)).clusters.map((c) => c.cluster_name)).toEqual(['New name']);

    await ingestText(store, 'o1.csv', goodFiles.offers!, 'offers', 'council', '2025-02-01T00:00:00Z');
    const update =
      'offer_id,provider_id,cluster_id,offered_at,responded_at,response\nO2,P002,K06,2025-01-10T09:00:00Z,2025-01-10T12:00:00Z,declined\n';
    await ingestText(store, 'o2.csv', update, 'offers', 'council', '2025-02-02T00:00:00Z');
    const offers = (await loadScoringInputs(store)).offers.sort((a, b) =>
      a.offer_id.localeCompare(b.offer_id),
    );
    expect(offers.map((o) => [o.offer_id, o.response])).toEqual([
      ['O1', 'accepted'],
      ['O2', 'declined'],
    ]);
  });

  it('a dry run stores nothing', async () => {
    const before = new Map(store.objects);
    const result = await ingestText(
      store,
      'mr.csv',
      `${monthlyHeader}\n${monthlyRow()}\n`,
      'monthly-return',
      'P001',
      undefined,
      true,
    );
    expect(result.submission.status).toBe('accepted');
    expect(store.objects).toEqual(before);
  });
});

describe('ingest: rows accepted + rows rejected = rows read (property)', () => {
  const cell = fc.oneof(
    fc.constantFrom(
      '',
      '0',
      '1',
      '12',
      '1,234',
      '-1',
      '2.5',
      'x',
      '2025-01',
      '2025-13',
      'HC',
      'SIS',
      'P001',
      'P002',
      '1-200',
      '1-202',
      '"q"',
    ),
    fc.string({ maxLength: 6 }),
  );
  it('holds for generated monthly returns with arbitrary bad cells', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 20, maxLength: 22 }), { minLength: 1, maxLength: 30 }),
        async (rows) => {
          const local = new MemoryObjectStore();
          await ingestText(
            local,
            'register.csv',
            registerCsv,
            'provider-register',
            'council',
            '2025-01-05T10:00:00Z',
          );
          const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
          const csv = `${monthlyHeader}\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
          const { submission, report } = await ingestText(local, 'p.csv', csv, 'monthly-return', 'P001');
          expect(submission.rows_accepted + submission.rows_rejected).toBe(submission.rows_read);
          if (submission.status !== 'rejected' || !submission.file_error) {
            const rejectedRows = new Set(
              report.problems.filter((p) => p.severity === 'error' && p.row !== null).map((p) => p.row),
            );
            expect(rejectedRows.size).toBe(submission.rows_rejected);
          }
          const curated = await readCurated(local, contracts['monthly-return']);
          expect(curated).toHaveLength(submission.status === 'rejected' ? 0 : submission.rows_accepted);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('ingest: a file rejected whole keeps what was read of its rows in quarantine', () => {
  const good = monthlyRow();
  const badPeriod = monthlyRow({ branch_id: '1-202', period: '2025-13' });
  for (const [what, tail, code] of [
    [
      'a quoted value with no closing quote',
      `${monthlyRow({ period: '2025-02' })}\n"unclosed,1\n`,
      'MALFORMED',
    ],
    ['an over-long field', `${monthlyRow({ service_code: 'x'.repeat(40_000) })}\n`, 'FIELD_TOO_LONG'],
  ] as const) {
    it(`${what}: every row read is in quarantine/<submission>/ with the file's reason`, async () => {
      const csv = `${monthlyHeader}\n${good}\n${badPeriod}\n${tail}`;
      const { submission } = await ingestText(store, 'broken.csv', csv, 'monthly-return', 'P001');
      expect(submission).toMatchObject({ status: 'rejected', rows_accepted: 0, file_error: { code } });
      expect(submission.rows_read).toBeGreaterThanOrEqual(2);
      expect(submission.quarantine_key).toBe(keys.quarantine(submission.submission_id));
      const quarantined = new TextDecoder().decode(store.objects.get(submission.quarantine_key!)!);
      const lines = quarantined.trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^row_number,reasons,provider_id,branch_id,/);
      expect(lines.slice(1)).toHaveLength(submission.rows_rejected);
      const because = `the whole file was rejected: ${submission.file_error!.message.replaceAll('"', '""')}`;
      expect(lines[1]).toContain(because);
      expect(lines[1]).toContain(good);
      // A row rejected by itself keeps its own reason beside the file's.
      expect(lines[2]).toMatch(/^3,".*period.*the whole file was rejected: /);
      expect(lines[2]).toContain(badPeriod);
    });
  }
});
