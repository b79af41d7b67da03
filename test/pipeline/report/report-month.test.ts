// The report step over a fixture lake, through the DuckDB QueryEngine: its action list is the rows
// of v_action_list (same providers, same order, same words), its header shows the month's
// completeness, it defaults to the latest complete month and names the scored months otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../../functions/adapters/duckdb-query-engine.ts';
import { FsObjectStore } from '../../../functions/adapters/fs-object-store.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { NoScoresForMonthError, reportMonth } from '../../../functions/pipeline/report-month.ts';
import { buildFixtureLake } from '../../queries/fixture-lake.ts';

let lake: string;
let engine: DuckDbQueryEngine;
const generatedAt = new Date('2025-04-20T08:00:00Z');
const report = (period?: string) =>
  reportMonth(new FsObjectStore(lake), engine, { period, generatedAt, methodOf: publishedMethod });

beforeAll(async () => {
  lake = await buildFixtureLake();
  engine = await DuckDbQueryEngine.open(lake);
  await engine.createViews();
});
afterAll(async () => {
  await engine?.close();
  if (lake) await rm(lake, { recursive: true, force: true });
});

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function actionRows(html: string): { id: string; reasons: string }[] {
  return [...html.matchAll(/<tr data-testid="action-row" data-provider-id="([^"]*)">([\s\S]*?)<\/tr>/g)].map(
    (m) => ({
      id: m[1]!,
      reasons: [...m[2]!.matchAll(/<ul class="reasons"[^>]*>([\s\S]*?)<\/ul>/g)]
        .flatMap((u) => [...u[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((li) => decode(li[1]!)))
        .join('; '),
    }),
  );
}

describe('reportMonth over the views', () => {
  for (const period of ['2025-01', '2025-02', '2025-03']) {
    it(`lists exactly v_action_list's providers and reasons for ${period}`, async () => {
      const { html } = await report(period);
      const view = await engine.query(
        `SELECT provider_id, reasons FROM v_action_list WHERE period = '${period}' ORDER BY risk_score DESC, provider_id`,
      );
      expect(view.length).toBeGreaterThan(0);
      expect(actionRows(html)).toEqual(view.map((r) => ({ id: r.provider_id, reasons: r.reasons })));
    });
  }

  it('lists a provider under an active level 3 sanction, whatever its tier', async () => {
    // P4 is Moderate in 2025-03 with SAN-08 (level 3) active.
    const rows = actionRows((await report('2025-03')).html);
    expect(rows.find((r) => r.id === 'P4')).toEqual({
      id: 'P4',
      reasons: 'Overall rating not scored; active level 3 sanction',
    });
  });

  it('defaults to the latest complete month and shows its completeness', async () => {
    const { period, html, providers } = await report();
    expect(period).toBe('2025-03');
    expect(providers).toBe(4);
    expect(html).toContain('Complete: no more returns are expected for this month.');
    expect(html).toContain('Monthly returns received from 4 of 4 providers scored.');
  });

  it('names the months that have scores when the month asked for has none', async () => {
    const error = await report('2024-12').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoScoresForMonthError);
    expect((error as Error).message).toBe(
      'There are no scores for 2024-12 (months with scores: 2025-01, 2025-02, 2025-03): score that month first, or choose one of those.',
    );
  });
});

describe('carescore report (the build, from another directory)', () => {
  const bin = fileURLToPath(new URL('../../../bin/carescore.mjs', import.meta.url));
  const run = (args: string[]) => {
    const cwd = mkdtempSync(join(tmpdir(), 'carescore-report-'));
    const child = spawnSync(process.execPath, [bin, ...args, '--lake', lake], { cwd, encoding: 'utf8' });
    return { cwd, code: child.status, out: child.stdout, err: child.stderr };
  };

  it('with no --period reports the latest complete month to ./carescore-report-<month>.html', () => {
    const { cwd, code, out, err } = run(['report']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe('Wrote the 2025-03 report (4 providers) to carescore-report-2025-03.html\n');
    expect(existsSync(join(cwd, 'carescore-report-2025-03.html'))).toBe(true);
  });

  it('for a month with no scores names the months that have them, and says what to run', () => {
    const { code, err } = run(['report', '--period', '2024-12']);
    expect(code).not.toBe(0);
    expect(err.replace(/^carescore[^:]*: /, '')).toBe(
      'There are no scores for 2024-12 (months with scores: 2025-01, 2025-02, 2025-03): ' +
        'score that month first, or choose one of those. Run carescore score --period 2024-12.\n',
    );
  });
});
