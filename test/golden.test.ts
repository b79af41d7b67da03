// The golden county (test/fixtures/golden, expected outputs computed by hand from METHODOLOGY)
// through the real CLI: ingest --manifest, then score --as-of, then every result row compared.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../functions/adapters/fs-object-store.ts';
import { main } from '../functions/cli/main.ts';
import { bytesSource, openRecords } from '../functions/domain/formats/index.ts';
import { readResults } from '../functions/lake/results.ts';
import type { ResultsTable } from '../functions/lake/results-tables.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'golden');

const grains: Record<string, string[]> = {
  kpi_scores: ['provider_id', 'period', 'kpi_id'],
  area_scores: ['provider_id', 'period', 'area'],
  scorecards: ['provider_id', 'period'],
  risk_matrix: ['provider_id', 'period'],
  submission_compliance: ['provider_id', 'period', 'return_type'],
};

async function readExpected(table: string): Promise<Record<string, string>[]> {
  const bytes = new Uint8Array(await readFile(join(fixture, 'expected', `${table}.csv`)));
  const reader = await openRecords(bytesSource(`${table}.csv`, bytes), { format: 'csv' });
  const rows: Record<string, string>[] = [];
  for await (const row of reader.rows) {
    rows.push(Object.fromEntries([...row.cells].map(([k, v]) => [k, v === null ? '' : String(v)])));
  }
  return rows;
}

function same(expected: string, actual: unknown): boolean {
  if (actual === null || actual === undefined) return expected === '';
  if (actual instanceof Date) return expected === actual.toISOString().replace('.000Z', 'Z');
  if (typeof actual === 'number') return expected !== '' && Math.abs(Number(expected) - actual) < 1e-9;
  return expected === String(actual);
}

let lake: string;
const output: string[] = [];

beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'carescore-golden-'));
  const io = { out: (l: string) => output.push(l), err: (l: string) => output.push(l) };
  expect(await main(['ingest', '--manifest', join(fixture, 'manifest.csv'), '--lake', lake], io)).toBe(0);
  const asOf = (await readFile(join(fixture, 'as-of.txt'), 'utf8')).trim();
  expect(await main(['score', '--as-of', asOf, '--lake', lake], io)).toBe(0);
}, 120_000);

describe('golden county, end to end through the CLI', () => {
  it('ingests every fixture file', () => {
    const statuses = output.filter((l) => l.includes(': sub_')).map((l) => l.split(/\s+/)[2]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 'accepted' && s !== 'accepted_with_warnings')).toEqual([]);
  });

  for (const [table, grain] of Object.entries(grains)) {
    it(`${table} matches the hand-computed expectation`, async () => {
      const expected = await readExpected(table);
      const actual = await readResults(new FsObjectStore(lake), table as ResultsTable);
      const keyOf = (row: Record<string, unknown>) => grain.map((c) => String(row[c])).join('|');
      const byKey = new Map(actual.map((row) => [keyOf(row), row]));
      const differences: string[] = [];
      for (const want of expected) {
        const got = byKey.get(keyOf(want));
        if (!got) {
          differences.push(`${keyOf(want)}: missing`);
          continue;
        }
        for (const [column, value] of Object.entries(want)) {
          if (!same(value, got[column]))
            differences.push(
              `${keyOf(want)} ${column}: expected "${value}", got ${JSON.stringify(got[column])}`,
            );
        }
      }
      const extra = actual.filter((row) => !expected.some((want) => keyOf(want) === keyOf(row)));
      for (const row of extra) differences.push(`${keyOf(row)}: not expected`);
      expect(differences).toEqual([]);
    });
  }
});
