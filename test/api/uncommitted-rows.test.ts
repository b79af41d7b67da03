// A month's page shows only committed submissions' self-assessment rows: ingest writes a
// submission's rows before its ledger record, so an interrupted ingest leaves rows the ledger does
// not name, and on S3 (Athena) nothing else hides them.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { curatedSchema } from '../../functions/lake/curated.ts';
import { encodeParquet } from '../../functions/lake/parquet.ts';
import { buildFixtureLake } from '../queries/fixture-lake.ts';
import { as, openTestApi, type TestApi } from './api-app.ts';

let lake: string;
let api: TestApi;
const uncommitted = 'sub_0123456789abcdef01234567';

beforeAll(async () => {
  lake = await buildFixtureLake();
  // Self-assessment rows under a submission id the ledger does not hold, as an ingest killed
  // before its ledger record would leave them.
  const contract = contracts['self-assessment'];
  const schema = curatedSchema(contract);
  const row = Object.fromEntries(Object.keys(schema).map((c) => [c, null]));
  const rows = [1, 2].map((n) => ({
    ...row,
    provider_id: 'P1',
    period: '2025-01',
    submission_id: uncommitted,
    received_at: new Date('2025-02-01T09:00:00Z'),
    submission_status: 'accepted',
    row_number: n,
  }));
  const partition = join(lake, 'curated', contract.table, 'period=2025-01');
  await mkdir(partition, { recursive: true });
  await writeFile(join(partition, `${uncommitted}.parquet`), encodeParquet(rows, schema));
  api = await openTestApi(lake);
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (lake) await rm(lake, { recursive: true, force: true });
});

it("a provider month's self-assessment rows come from committed submissions only", async () => {
  const response = await api.app.request('/api/providers/P1/months/2025-01', as('provider:P1'));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { self_assessment: { submission_id: string }[] };
  expect(body.self_assessment.map((r) => r.submission_id)).not.toContain(uncommitted);
});
