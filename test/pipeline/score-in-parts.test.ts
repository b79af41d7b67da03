// A run of every month scores a few months at a time (score-lake.ts), and writes exactly what one
// run over the whole lake gives: the same rows in every results table, self-assessment compliance
// rows before the first scored month and after the latest return included, each once.
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import { scoreProviders } from '../../functions/domain/method/score.ts';
import { addMonths } from '../../functions/domain/time/london.ts';
import type { Row } from '../../functions/lake/parquet.ts';
import { readResults } from '../../functions/lake/results.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { writeLakeSettings } from '../../functions/lake/settings.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { generateCounty } from '../../functions/sample/index.ts';
import { ingestText } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

const method = publishedMethod('v1');
const county = generateCounty({ providers: 6, months: 8, seed: 7 });
// Eight months to 2025-12: the first, May, is mid-quarter, so April's quarter has compliance rows
// before the first scored month. Half a year after the last month: the quarters due since, with no self-assessment sent, have
// compliance rows after the latest return month.
const asOf = new Date(county.asOf.getTime() + 183 * 86_400_000);
let lake: MemoryObjectStore;

beforeAll(async () => {
  lake = new MemoryObjectStore();
  await writeLakeSettings(lake, { first_month: county.summary.firstMonth });
  for (const file of county.files) {
    const name = file.path.split('/').pop()!;
    await ingestText(lake, name, file.content, file.type, file.provider, file.receivedAt.toISOString());
  }
}, 120_000);

const tables = [
  ['kpi_scores', 'kpiScores'],
  ['area_scores', 'areaScores'],
  ['scorecards', 'scorecards'],
  ['risk_matrix', 'riskMatrix'],
  ['submission_compliance', 'submissionCompliance'],
] as const;

/** Rows as comparable text, each with the columns `like` has, in one order. */
const canonical = (rows: readonly Row[], like: Row) =>
  rows.map((row) => JSON.stringify(Object.keys(like).map((k) => row[k] ?? null))).sort();

describe('scoring every month in parts', () => {
  it('writes what one run over every month gives, in more than one part', async () => {
    let parts = 0;
    const result = await scoreLake(lake, { asOf, method, afterPart: () => parts++ });
    expect(parts).toBeGreaterThan(1);
    const whole = scoreProviders(await loadScoringInputs(lake), { asOf, method });
    expect(result.periods).toEqual([...new Set(whole.scorecards.map((s) => s.period))].sort());
    for (const [table, field] of tables) {
      const written = await readResults(lake, table);
      const expected = whole[field] as unknown as Row[];
      expect(written.length, table).toBe(expected.length);
      expect(result.rows[field], table).toBe(expected.length);
      expect(canonical(written, written[0]!), table).toEqual(canonical(expected, written[0]!));
    }
    // The case the parts must cover: compliance rows outside the scored months.
    const latest = result.periods.at(-1)!;
    const compliance = await readResults(lake, 'submission_compliance');
    expect(compliance.some((r) => (r.period as string) > latest)).toBe(true);
    expect(compliance.some((r) => (r.period as string) < result.periods[0]!)).toBe(true);
    expect(result.periods[0]).toBe(county.summary.firstMonth);
    expect(addMonths(result.periods[0]!, result.periods.length - 1)).toBe(latest);
  });
});
