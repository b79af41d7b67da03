// The score step over a lake: what it writes, and what it refuses.
import { beforeEach, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { readResults } from '../../functions/lake/results.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

let store: MemoryObjectStore;
beforeEach(async () => {
  store = new MemoryObjectStore();
  await ingestText(
    store,
    'register.csv',
    registerCsv,
    'provider-register',
    'council',
    '2025-01-05T10:00:00Z',
  );
  // The lake's first month is February: the quarter that contains it began in January.
  await ingestText(
    store,
    'mr.csv',
    `${monthlyHeader}\n${monthlyRow({ period: '2025-02' })}\n`,
    'monthly-return',
    'P001',
    '2025-03-10T10:00:00Z',
  );
});

describe('scoreLake', () => {
  it('keeps the self-assessment row of the quarter containing the first scored month, though it began before the lake’s first month (§8 "Compliance rows")', async () => {
    const { periods } = await scoreLake(store, {
      asOf: new Date('2025-05-01T00:00:00Z'),
      method: publishedMethod(),
    });
    expect(periods).toEqual(['2025-02']);
    const rows = (await readResults(store, 'submission_compliance')).filter(
      (r) => r.return_type === 'self-assessment',
    );
    expect(rows.map((r) => [r.provider_id, r.period, r.status]).sort()).toEqual([
      ['P001', '2025-01', 'missing'],
      ['P002', '2025-01', 'missing'],
    ]);
  });
});
