// The API's writes: an upload is ingested by the pipeline's ingest step as the sender the identity
// names, then scored; alerts are acknowledged and withdrawn. Over a lake on disk and real DuckDB.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { buildFixtureLake } from '../queries/fixture-lake.ts';
import { as, commissioner, openTestApi, type TestApi } from './api-app.ts';

const form = (fields: Record<string, string | File>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};
const selfAssessmentHeader =
  'provider_id,quarter_start,self_rating_quality,self_rating_cost_flex,self_rating_delivery,self_rating_relationship,self_rating_workforce,staff_headcount,staff_supervised_in_quarter,staff_appraised_12m,staff_dbs_current,staff_safeguarding_trained,leavers_12m,starters_due_care_certificate,starters_care_certificate_12w,registered_manager_in_post,evidence_summary';
const csvFile = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

describe('POST /api/submissions', () => {
  let lake: string;
  let api: TestApi;
  const send = async (who: string, fields: Record<string, string | File>) => {
    const response = await api.app.request(
      '/api/submissions',
      as(who, { method: 'POST', body: form(fields) }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    lake = await mkdtemp(join(tmpdir(), 'carescore-api-upload-'));
    const store = new FsObjectStore(lake);
    await ingestText(
      store,
      'register.csv',
      registerCsv,
      'provider-register',
      'council',
      '2025-01-05T09:00:00Z',
    );
    await ingestText(store, 'jan.csv', `${monthlyHeader}\n${monthlyRow()}\n`, 'monthly-return', 'P001');
    // Two self-assessments of the first quarter: the later one is the provider's word.
    for (const [summary, receivedAt] of [
      ['first thoughts', '2025-02-10T09:00:00Z'],
      ['revised', '2025-03-10T09:00:00Z'],
    ] as const) {
      const row = `P001,2025-01,3,3,3,3,3,100,80,80,85,80,30,2,1,yes,${summary}`;
      await ingestText(
        store,
        `sa-${summary}.csv`,
        `${selfAssessmentHeader}\n${row}\n`,
        'self-assessment',
        'P001',
        receivedAt,
      );
    }
    api = await openTestApi(lake);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    if (lake) await rm(lake, { recursive: true, force: true });
  });

  it("ingests a provider's good return as that provider and scores its month at once", async () => {
    const before = await api.app.request('/api/providers/P001/months/2025-02', as('provider:P001'));
    expect(before.status).toBe(404);
    const file = csvFile('february.csv', `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`);
    const { status, body } = await send('provider:P001', { file, type: 'monthly-return' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'accepted', already_received: false });
    expect(body.submission_id).toMatch(/^sub_/);
    expect((body.report as { submission: { provider_id: string } }).submission.provider_id).toBe('P001');
    const after = await api.app.request('/api/providers/P001/months/2025-02', as('provider:P001'));
    expect(after.status).toBe(200);
    const month = (await after.json()) as {
      scorecard: { period: string };
      evidence: { submission_id: string }[];
    };
    expect(month.scorecard.period).toBe('2025-02');
    expect(month.evidence.map((e) => e.submission_id)).toContain(body.submission_id);
    const own = (month as unknown as { self_assessment: { evidence_summary: string }[] }).self_assessment;
    expect(own.map((r) => r.evidence_summary)).toEqual(['revised']);
    // Its report is the provider's to read, and in its list of submissions.
    const report = await api.app.request(
      `/api/providers/P001/submissions/${body.submission_id}/report`,
      as('provider:P001'),
    );
    expect(report.status).toBe(200);
    const list = (await (
      await api.app.request('/api/providers/P001/submissions', as('provider:P001'))
    ).json()) as {
      submissions: { submission_id: string }[];
    };
    expect(list.submissions[0]!.submission_id).toBe(body.submission_id);
  });

  it('answers a bad file with its report: rejected, each problem with its row and column', async () => {
    const file = csvFile(
      'bad.csv',
      `${monthlyHeader}\n${monthlyRow({ period: '2025-03', calls_scheduled: 'lots' })}\n`,
    );
    const { status, body } = await send('provider:P001', { file, type: 'monthly-return' });
    expect(status).toBe(200);
    expect(body.status).toBe('rejected');
    const report = JSON.stringify(body.report);
    expect(report).toContain('calls_scheduled');
    expect(report).toContain('lots');
  });

  it("refuses a provider sending a council feed or another provider's return (403)", async () => {
    const register = await send('provider:P001', {
      file: csvFile('r.csv', registerCsv),
      type: 'provider-register',
    });
    expect(register).toEqual({
      status: 403,
      body: { error: 'Only the council can send provider-register files.' },
    });
    const other = await send('provider:P001', {
      file: csvFile(
        'p2.csv',
        `${monthlyHeader}\n${monthlyRow({ provider_id: 'P002', branch_id: '1-201' })}\n`,
      ),
      type: 'monthly-return',
      provider_id: 'P002',
    });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe(
      'You are signed in as provider P001, so you can only send its own returns.',
    );
  });

  it('takes a council feed from a commissioner, sent as the council', async () => {
    const { status, body } = await send(commissioner, {
      file: csvFile('register.csv', registerCsv),
      type: 'provider-register',
    });
    expect(status).toBe(200);
    // The same bytes as the register already in the lake: received before, nothing changed.
    expect(body).toMatchObject({ status: 'accepted', already_received: true });
  });

  it("refuses a commissioner's provider_id that is not one (400), as every value bound for SQL", async () => {
    const { status, body } = await send(commissioner, {
      file: csvFile('m.csv', `${monthlyHeader}\n${monthlyRow({ period: '2025-04' })}\n`),
      type: 'monthly-return',
      provider_id: "P001' OR '1'='1",
    });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^The provider id must be/);
  });

  it('says what is missing: no file, no type, an unknown type (400)', async () => {
    expect((await send('provider:P001', { type: 'monthly-return' })).body.error).toBe(
      'Choose a file to send (the form field file).',
    );
    expect((await send('provider:P001', { file: csvFile('a.csv', 'x') })).status).toBe(400);
    expect((await send('provider:P001', { file: csvFile('a.csv', 'x'), type: 'nonsense' })).status).toBe(400);
    const notForm = await api.app.request(
      '/api/submissions',
      as('provider:P001', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }),
    );
    expect(notForm.status).toBe(400);
  });

  it('refuses an over-size upload with 413 from its length, without reading the body', async () => {
    const small = await openTestApi(lake, { maxUploadBytes: 1024 });
    try {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const response = await small.app.request(
        '/api/submissions',
        as('provider:P001', {
          method: 'POST',
          body: endless,
          headers: {
            'Content-Type': 'multipart/form-data; boundary=x',
            'Content-Length': String(500 * 1024 * 1024),
          },
          duplex: 'half',
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /larger than the 1 KB a file may be/,
      );
      expect(pulled).toBeLessThan(3);
      // And a file over the limit in a form with no declared length: refused as it passes the limit.
      const big = await small.app.request(
        '/api/submissions',
        as('provider:P001', {
          method: 'POST',
          body: form({ file: csvFile('big.csv', 'x'.repeat(200_000)), type: 'monthly-return' }),
        }),
      );
      expect(big.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('alerts: acknowledge and withdraw', () => {
  let lake: string;
  let api: TestApi;
  const key = encodeURIComponent('RISK_CRITICAL|P3|2025-02');
  const post = async (path: string, who: string, body?: unknown) => {
    const response = await api.app.request(
      path,
      as(who, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    lake = await buildFixtureLake();
    api = await openTestApi(lake);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    if (lake) await rm(lake, { recursive: true, force: true });
  });

  it('acknowledges an alert: when and by whom, in v_alerts; again changes nothing', async () => {
    const first = await post(`/api/alerts/${key}/acknowledge`, commissioner);
    expect(first.status).toBe(200);
    const alert = first.body.alert as Record<string, unknown>;
    expect(alert).toMatchObject({
      alert_key: 'RISK_CRITICAL|P3|2025-02',
      status: 'pending',
      acknowledged_at: '2025-06-01T00:00:00.000Z',
      acknowledged_by: 'commissioner',
    });
    const rows = await api
      .engine()
      .query(`SELECT acknowledged_by FROM v_alerts WHERE alert_key = 'RISK_CRITICAL|P3|2025-02'`);
    expect(rows).toEqual([{ acknowledged_by: 'commissioner' }]);
    expect((await post(`/api/alerts/${key}/acknowledge`, commissioner)).body.alert).toEqual(alert);
  });

  it('withdraws an alert with a reason; refuses an empty reason, a second withdrawal and an unknown key', async () => {
    expect((await post(`/api/alerts/${key}/withdraw`, commissioner, { reason: '  ' })).status).toBe(400);
    expect((await post(`/api/alerts/${key}/withdraw`, commissioner)).status).toBe(400);
    expect(
      (await post(`/api/alerts/${key}/withdraw`, commissioner, { reason: 'x'.repeat(1001) })).status,
    ).toBe(400);
    const huge = await post(`/api/alerts/${key}/withdraw`, commissioner, { reason: 'x'.repeat(100_000) });
    expect(huge).toEqual({ status: 413, body: { error: 'Keep the reason to 1,000 characters or fewer.' } });
    const done = await post(`/api/alerts/${key}/withdraw`, commissioner, {
      reason: 'Raised on a corrected return',
    });
    expect(done.status).toBe(200);
    expect(done.body.alert).toMatchObject({
      status: 'withdrawn',
      withdrawn_reason: 'Raised on a corrected return',
      withdrawn_at: '2025-06-01T00:00:00.000Z',
      // The acknowledgement stays on record.
      acknowledged_by: 'commissioner',
    });
    const again = await post(`/api/alerts/${key}/withdraw`, commissioner, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already withdrawn/);
    const unknown = await post(
      `/api/alerts/${encodeURIComponent('RISK_CRITICAL|P9|2025-02')}/withdraw`,
      commissioner,
      {
        reason: 'x',
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses both actions to a provider, even on its own alert (403)', async () => {
    const p3 = 'provider:P3';
    expect((await post(`/api/alerts/${key}/acknowledge`, p3)).status).toBe(403);
    expect((await post(`/api/alerts/${key}/withdraw`, p3, { reason: 'mine' })).status).toBe(403);
  });
});

describe('writes run one at a time', () => {
  it('keeps both of two actions sent at once on the same alert (neither overwrites the other)', async () => {
    const lake = await buildFixtureLake();
    const api = await openTestApi(lake);
    try {
      const key = encodeURIComponent('RISK_CRITICAL|P3|2025-02');
      const [ack, withdraw] = await Promise.all([
        api.app.request(`/api/alerts/${key}/acknowledge`, as(commissioner, { method: 'POST' })),
        api.app.request(
          `/api/alerts/${key}/withdraw`,
          as(commissioner, { method: 'POST', body: JSON.stringify({ reason: 'Corrected return' }) }),
        ),
      ]);
      expect([ack.status, withdraw.status]).toEqual([200, 200]);
      const rows = await api
        .engine()
        .query(`SELECT status, acknowledged_by FROM v_alerts WHERE alert_key = 'RISK_CRITICAL|P3|2025-02'`);
      expect(rows).toEqual([{ status: 'withdrawn', acknowledged_by: 'commissioner' }]);
    } finally {
      await api.close();
      await rm(lake, { recursive: true, force: true });
    }
  });
});
