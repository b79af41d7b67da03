import { describe, expect, it } from 'vitest';
import type { RiskTier } from '../../../functions/domain/method/config.ts';
import { loadMethodConfig } from '../../../functions/domain/method/config.ts';
import { publishedMethod } from '../../../functions/domain/method/published.ts';
import { actionProviders } from '../../../functions/pipeline/report/commissioner-actions.ts';
import { clusterSummaries, hhi } from '../../../functions/pipeline/report/commissioner-clusters.ts';
import { impactNote } from '../../../functions/pipeline/report/commissioner-reasons.ts';
import { commissionerReportHtml } from '../../../functions/pipeline/report/commissioner-report.ts';
import { tierSwatch } from '../../../functions/pipeline/report/svg-palette.ts';
import { bandOf, card, EVIL, emptyData, PERIOD, risk, sampleData } from './commissioner-data.ts';

interface Cell {
  likelihood: number;
  impact: number;
  count: number;
  tier: string;
  fill: string;
}

function cells(html: string): Cell[] {
  const re =
    /<g data-testid="matrix-cell" data-likelihood="(\d)" data-impact="(\d)" data-count="(\d+)" data-tier="([^"]*)">.*?<rect [^>]*fill="([^"]+)"/g;
  return [...html.matchAll(re)].map((m) => ({
    likelihood: Number(m[1]),
    impact: Number(m[2]),
    count: Number(m[3]),
    tier: m[4]!,
    fill: m[5]!,
  }));
}

function actionRows(html: string): { id: string; body: string }[] {
  return [...html.matchAll(/<tr data-testid="action-row" data-provider-id="([^"]*)">([\s\S]*?)<\/tr>/g)].map(
    (m) => ({ id: m[1]!, body: m[2]! }),
  );
}

describe('commissioners report: risk matrix', () => {
  const html = commissionerReportHtml(sampleData());

  it('draws 25 cells, likelihood 5 in the top row, impact 1 at the left', () => {
    const all = cells(html);
    expect(all).toHaveLength(25);
    expect(all.map((c) => `${c.likelihood}${c.impact}`).slice(0, 6)).toEqual([
      '51',
      '52',
      '53',
      '54',
      '55',
      '41',
    ]);
  });

  it('counts the report month only, one provider per hand-placed cell', () => {
    const expected = new Map([
      ['5x4', 1],
      ['4x3', 1],
      ['3x4', 1],
      ['2x3', 1],
      ['1x2', 1],
      ['5x1', 1],
      ['3x3', 1],
    ]);
    for (const c of cells(html))
      expect(c.count, `${c.likelihood}x${c.impact}`).toBe(expected.get(`${c.likelihood}x${c.impact}`) ?? 0);
  });

  it("colours each cell by the method's tier bands and names the tier in the cell", () => {
    for (const c of cells(html)) {
      const tier = bandOf(c.likelihood * c.impact);
      expect(c.tier).toBe(tier);
      expect(c.fill).toBe(tierSwatch[tier].fill);
    }
    // Band edges: 4 Low, 5 Moderate, 9 Moderate, 10 High, 15 High, 16 Critical.
    const at = (l: number, i: number) => cells(html).find((c) => c.likelihood === l && c.impact === i)!.tier;
    expect([at(4, 1), at(5, 1), at(3, 3), at(5, 2), at(5, 3), at(4, 4)]).toEqual([
      'Low',
      'Moderate',
      'Moderate',
      'High',
      'High',
      'Critical',
    ] satisfies RiskTier[]);
    expect(new Set(Object.values(tierSwatch).map((s) => s.fill)).size).toBe(4);
  });

  it('draws its tiers and legend from the method it is given, not from the current one', () => {
    const v1 = publishedMethod('v1');
    const stricter = loadMethodConfig({
      ...structuredClone(v1),
      method_version: 'v-test',
      risk_tiers: v1.risk_tiers.map((t) => (t.tier === 'Critical' ? { ...t, min_score: 12 } : t)),
    });
    const other = commissionerReportHtml({ ...sampleData(), method: stricter });
    const at = (l: number, i: number) => cells(other).find((c) => c.likelihood === l && c.impact === i)!.tier;
    expect([at(3, 4), at(4, 3), at(5, 2)]).toEqual(['Critical', 'Critical', 'High']);
    expect(other).toContain('score 10–11');
    expect(html).toContain('score 10–15');
  });
  it('is an accessible SVG with a title and description', () => {
    expect(html).toMatch(
      /<svg data-testid="risk-matrix" role="img"[^>]*><title id="risk-matrix-title">[^<]+<\/title><desc/,
    );
  });
});

describe('commissioners report: providers needing action', () => {
  const html = commissionerReportHtml(sampleData());

  it('lists exactly the High/Critical and level 3 providers, by risk score then id', () => {
    expect(actionRows(html).map((r) => r.id)).toEqual(['P001', 'P002', 'P003', 'P006']);
    const d = sampleData();
    expect(
      actionProviders(PERIOD, d.actionList, d.scorecards, d.riskMatrix).map((a) => a.provider_id),
    ).toEqual(['P001', 'P002', 'P003', 'P006']);
  });

  it('gives every reason of v_action_list, one item each, in its words', () => {
    const [p1, , p3, p6] = actionRows(html);
    const items = (body: string) => [...body.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(items(p1!.body)).toEqual([
      'Overall rating Inadequate',
      'CQC rating Inadequate',
      'active level 2 sanction',
      'Level 3 trigger: quality rated Inadequate',
      'largest cluster market share 60%',
    ]);
    expect(p1!.body).toContain('5 × 4 = <b>20</b>');
    expect(p1!.body).toContain('Critical');
    // A Good-rated provider at High risk because of its market share says so.
    expect(items(p3!.body)).toEqual([
      'overall score fell by 0.5 or more in 3 months',
      'largest cluster market share 100%',
    ]);
    expect(items(p6!.body)).toEqual(['Level 3 trigger: CQC warning notice']);
  });

  it('explains impact', () => {
    const r = risk({ provider_id: 'X', likelihood: 5, impact: 5, max_market_share: 0.55 });
    expect(impactNote(r)).toBe('largest cluster share 55.0%');
    expect(impactNote(risk({ ...r, impact_basis: 'unknown', max_market_share: null }))).toBe(
      'no commissioned hours: impact assumed',
    );
  });

  it('escapes the reasons', () => {
    const data = { ...sampleData(), actionList: [{ provider_id: 'P003', reasons: 'Given reason <b>' }] };
    const row = actionRows(commissionerReportHtml(data)).find((r) => r.id === 'P003')!;
    expect(row.body).toContain('Given reason &lt;b&gt;');
  });

  it('shows how complete the month is in the header', () => {
    expect(html).toContain('data-testid="completeness"');
    expect(html).toContain('Provisional: returns for this month are still expected');
    expect(html).toContain('Monthly returns received from 5 of 7 providers scored, 2 still awaited.');
    expect(html).toContain('commissioned hours for 3 providers, 12 package offers');
  });

  it('draws a trend for each listed provider and the county trends', () => {
    expect(html.match(/data-testid="provider-trend"/g)).toHaveLength(4);
    expect(html.match(/data-testid="trend-chart"/g)).toHaveLength(2);
  });
});

describe('commissioners report: headline and clusters', () => {
  const html = commissionerReportHtml(sampleData());

  it('counts providers, ratings, tiers and the month’s alerts', () => {
    expect(html).toContain('<h1>March 2025</h1>');
    expect(html).toMatch(/data-testid="providers-scored">6</);
    expect(html).toMatch(/\+1 not scored/);
    expect(html).toMatch(/data-testid="alert-count">3</);
    const tiers = /data-testid="tier-counts">(.*?)<\/ul>/.exec(html)![1]!;
    expect([...tiers.matchAll(/<span>(\w+)<\/span><b>(\d+)<\/b>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'Low 1',
      'Moderate 3',
      'High 2',
      'Critical 1',
    ]);
    expect(html).not.toContain('February only');
  });

  it('computes HHI from the weeks ending in the month: shares 0.6 / 0.4 give 0.52', () => {
    expect(
      hhi(
        new Map([
          ['a', 60],
          ['b', 40],
        ]),
      ),
    ).toBeCloseTo(0.52, 12);
    const d = sampleData();
    const [c1, c2, c3] = clusterSummaries(
      PERIOD,
      d.clusters,
      d.register,
      d.commissionedHours,
      d.scorecards,
      d.riskMatrix,
    );
    expect(c1!.hhi).toBeCloseTo(0.52, 12);
    expect(c1!.commissioned_hours).toBe(100);
    expect(c1!.largest_share).toBeCloseTo(0.6, 12);
    expect(c1!.largest_provider_id).toBe('P001');
    expect(c1!.ratings.Inadequate).toBe(1);
    expect(c1!.tiers.Critical).toBe(1);
    expect(c2!.hhi).toBe(1);
    expect(c3!.hhi).toBeNull();
    expect(c3!.providers).toBe(3);
    expect(html).toMatch(
      /<tr data-testid="cluster-row" data-cluster-id="C1">[\s\S]*?data-testid="hhi">0\.520</,
    );
  });
});

describe('commissioners report: safety', () => {
  const html = commissionerReportHtml(sampleData());

  it('escapes data everywhere it is shown', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"Homecare"');
    const escaped = 'Beta &lt;script&gt;alert(1)&lt;/script&gt; &quot;Homecare&quot;';
    // Action row, its sparkline title, alerts table, cluster name and largest-share name.
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(5);
    expect(EVIL).toContain('<script>');
  });

  it('has no scripts and no URLs other than the SVG namespace', () => {
    const withoutNs = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutNs).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain(`default-src 'none'; style-src 'unsafe-inline'; img-src data:`);
  });

  it('renders an empty-state page for empty data', () => {
    const empty = commissionerReportHtml(emptyData());
    expect(empty).toContain('data-testid="empty-state"');
    expect(empty).toContain('data-testid="action-empty"');
    expect(empty).toContain('data-testid="cluster-empty"');
    expect(empty).toContain('data-testid="trend-empty"');
    const all = cells(empty);
    expect(all).toHaveLength(25);
    expect(all.every((c) => c.count === 0)).toBe(true);
    expect(empty).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('leaves months after the report month out of the trends', () => {
    const d = sampleData();
    d.scorecards.push(card({ provider_id: 'P001', period: '2025-05', overall_score: 4 }));
    const out = commissionerReportHtml(d);
    expect(out).not.toContain('2025-05');
    expect(out).not.toMatch(/NaN|undefined/);
  });
});
