// carescore compare on the golden county: the lake scored in memory under
// config/method-v2-example.json (D01 bands 0.01 / 0.03 / 0.06; area weights quality 30,
// cost_flex 5, delivery 40, relationship 5, workforce 20) against v1; nothing written.
//
// Hand check from test/fixtures/golden/expected: D01's points move where its value is 0.02 (4 → 3:
// P001-03, P002-01, P002-03, P002-04, P003-02, P004-02) or 0.05 (3 → 2: P001-02, P002-02, P005-02);
// 0.01, 0.025, 0.03 and 0.12 keep theirs. Only P005 2025-02 changes a rating: delivery
// (3 + 2·4 + 2·2 + 2·4 + 2·4 + 4) / 10 = 3.5 Outstanding becomes 34 / 10 = 3.4 Good, and the
// overall (3.61 under v2's weights, Outstanding) is capped at delivery's Good; the likelihood base
// goes 1 → 2, so risk 3 → 6, Low → Moderate. Every other provider-month keeps its ratings (area and
// overall scores recomputed from the expected KPI rows under v2; the nearest, P005 2025-01, goes 3.57 → 3.50 but was already capped at Good; P005 2025-04 loses
// F6_DECLINE (3.50 → 3.05 is a fall of 0.45) and stays Moderate (likelihood 3 → 2, risk 9 → 6).
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'golden');
const v2 = join(root, 'config', 'method-v2-example.json');

let lake: string;
let asOf: string;
beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'carescore-compare-'));
  expect((await run(['ingest', '--manifest', join(fixture, 'manifest.csv'), '--lake', lake])).code).toBe(0);
  asOf = (await readFile(join(fixture, 'as-of.txt'), 'utf8')).trim();
}, 120_000);

describe('carescore compare on the golden county', () => {
  it('lists the hand-checked movers with the KPIs that moved them, and writes nothing', async () => {
    const before = await readdir(lake, { recursive: true });
    const r = await run(['compare', '--method', v2, '--as-of', asOf, '--format', 'json', '--lake', lake]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const c = JSON.parse(r.out);
    expect(c).toMatchObject({
      from_version: 'v1',
      to_version: 'v2-example',
      periods: ['2025-01', '2025-02', '2025-03', '2025-04'],
      area_weights: [
        { area: 'cost_flex', from: 10, to: 5 },
        { area: 'delivery', from: 30, to: 40 },
        { area: 'relationship', from: 10, to: 5 },
      ],
      summary: { up: 0, down: 1, other: 0, unchanged: 18 },
    });
    expect(c.movers).toEqual([
      {
        provider_id: 'P005',
        period: '2025-02',
        direction: 'down',
        changes: [
          { field: 'overall_rating', from: 'Outstanding', to: 'Good' },
          { field: 'delivery_rating', from: 'Outstanding', to: 'Good' },
          { field: 'risk_tier', from: 'Low', to: 'Moderate' },
        ],
        kpis: [{ kpi_id: 'D01', from_points: 3, to_points: 2, from_weight: 1, to_weight: 1 }],
      },
    ]);
    expect(await readdir(lake, { recursive: true })).toEqual(before);
  });

  it('prints a table per month and a summary; --period limits the months', async () => {
    const r = await run(['compare', '--method', v2, '--as-of', asOf, '--period', '2025-02', '--lake', lake]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'Method v1 → v2-example, as of 2025-05-31T12:00:00.000Z, 1 month(s); nothing written.',
      'Area weights: cost_flex 10 → 5, delivery 30 → 40, relationship 10 → 5.',
      '2025-02',
      '  P005 down: overall Outstanding → Good; delivery Outstanding → Good; risk tier Low → Moderate. KPIs: D01 3 → 2',
      'Summary: 0 up, 1 down, 0 with the same overall rating but another change, 4 unchanged (provider-months).',
    ]);
  });

  it('refuses a method file that is missing or has a bad formula, in one sentence', async () => {
    const missing = await run(['compare', '--method', join(lake, 'nope.json'), '--lake', lake]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Cannot read the method file');
    expect(missing.err).toContain('no such file');
    const method = JSON.parse(await readFile(v2, 'utf8'));
    method.kpis.find((k: { id: string }) => k.id === 'D02').value = 'op.sum(d.calls_missd)';
    const bad = join(lake, 'bad.json');
    await writeFile(bad, JSON.stringify(method));
    const r = await run(['compare', '--method', bad, '--lake', lake]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`KPI D02's value "op.sum(d.calls_missd)"`);
    expect(r.err.split('\n')).toHaveLength(1);
  });
});
