// METHODOLOGY §8 "The lake's first month": with the council's go-live month set, provider returns
// for earlier months are rejected row by row, with column, value and reason.
import { describe, expect, it } from 'vitest';
import { contracts } from '../../../functions/domain/contracts/index.ts';
import { bytesSource } from '../../../functions/domain/formats/index.ts';
import { providerDirectory } from '../../../functions/domain/validation/reference-data.ts';
import { validateFile } from '../../../functions/domain/validation/validate-file.ts';
import { monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';

const directory = providerDirectory(['P001'], ['1-200']);
const saHeader =
  'provider_id,quarter_start,self_rating_quality,self_rating_cost_flex,self_rating_delivery,self_rating_relationship,self_rating_workforce,staff_headcount,staff_supervised_in_quarter,staff_appraised_12m,staff_dbs_current,staff_safeguarding_trained,leavers_12m,starters_due_care_certificate,starters_care_certificate_12w,registered_manager_in_post';
const saRow = (quarter: string) => `P001,${quarter},3,3,3,3,3,50,45,40,49,48,30,5,4,yes`;

async function check(type: 'monthly-return' | 'self-assessment', text: string, firstMonth?: string) {
  const read = await validateFile(
    contracts[type],
    {
      source: bytesSource('f.csv', new TextEncoder().encode(text)),
      submitter: 'P001',
      receivedAt: new Date('2025-06-10T10:00:00Z'),
      ...(firstMonth ? { firstMonth } : {}),
    },
    directory,
  );
  return { accepted: read.validator!.outcome.accepted.length, problems: read.problems };
}

describe("the lake's go-live month at ingest", () => {
  it('rejects a monthly-return row for a month before it, naming column, value and reason', async () => {
    const text = `${monthlyHeader}\n${monthlyRow({ period: '2019-03' })}\n${monthlyRow({ period: '2025-02' })}\n`;
    const { accepted, problems } = await check('monthly-return', text, '2025-02');
    expect(accepted).toBe(1);
    expect(problems).toEqual([
      {
        severity: 'error',
        row: 2,
        column: 'period',
        value: '2019-03',
        message:
          'period 2019-03 is before 2025-02, the first month this council scores (its go-live month); returns for earlier months are not taken',
      },
    ]);
  });

  it('takes the self-assessment of the quarter containing it, and rejects earlier quarters', async () => {
    const text = `${saHeader}\n${saRow('2024-10')}\n${saRow('2025-01')}\n`;
    const { accepted, problems } = await check('self-assessment', text, '2025-02');
    expect(accepted).toBe(1);
    expect(problems).toMatchObject([
      { severity: 'error', row: 2, column: 'quarter_start', value: '2024-10' },
    ]);
  });

  it("checks nothing when no go-live month is set ('auto')", async () => {
    const text = `${monthlyHeader}\n${monthlyRow({ period: '2019-03' })}\n`;
    expect(await check('monthly-return', text)).toEqual({ accepted: 1, problems: [] });
  });
});
