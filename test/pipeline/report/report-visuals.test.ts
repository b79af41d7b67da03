// What a reader sees of the commissioners' report's charts and tables, checked on the SVG/HTML text
// (the browser test checks the same in Chromium).
import { describe, expect, it } from 'vitest';
import { commissionerReportHtml } from '../../../functions/pipeline/report/commissioner-report.ts';
import { longHistoryData, sampleData } from './commissioner-data.ts';

/** The month labels ('Mar 25') on the x-axes of each trend chart, with their centre x and text. */
function xLabels(html: string): { x: number; text: string; size: number }[][] {
  const charts = [...html.matchAll(/<svg data-testid="trend-chart"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  return charts.map((svg) =>
    [...svg.matchAll(/<text x="([\d.]+)"[^>]*font-size="(\d+)"[^>]*>([A-Z][a-z]{2} \d{2})<\/text>/g)].map(
      (m) => ({ x: Number(m[1]), size: Number(m[2]), text: m[3]! }),
    ),
  );
}

describe('commissioners report: trend chart x-axis', () => {
  for (const months of [12, 24]) {
    it(`labels ${months} months without two labels touching, first and last always`, () => {
      const charts = xLabels(commissionerReportHtml(longHistoryData(months)));
      expect(charts).toHaveLength(2);
      for (const labels of charts) {
        expect(labels[0]!.text).toBe(months === 12 ? 'Apr 24' : 'Apr 23');
        expect(labels.at(-1)!.text).toBe('Mar 25');
        expect(labels.length).toBeGreaterThanOrEqual(3);
        // A generous width for a centred 6-character label (0.6 em a character) plus 2 px.
        for (let i = 1; i < labels.length; i++) {
          const a = labels[i - 1]!;
          const b = labels[i]!;
          const half = (l: typeof a) => (l.text.length * l.size * 0.6) / 2;
          expect(b.x - a.x, `${a.text} → ${b.text}`).toBeGreaterThanOrEqual(half(a) + half(b) + 2);
        }
      }
    });
  }
});

describe('commissioners report: sparkline scale', () => {
  const sparks = (html: string) =>
    [
      ...html.matchAll(
        /<tr data-testid="action-row" data-provider-id="([^"]+)">[\s\S]*?(<svg data-testid="provider-trend"[\s\S]*?<\/svg>)/g,
      ),
    ].map((m) => ({ id: m[1]!, svg: m[2]! }));
  /** The y of each written scale value (text content → baseline y). */
  const scale = (svg: string) =>
    new Map(
      [...svg.matchAll(/<text [^>]*y="([\d.]+)"[^>]*>([\d.]+)<\/text>/g)].map((m) => [m[2]!, Number(m[1])]),
    );

  it('writes 4 at the top and 1 at the bottom, and each point sits where the scale says', () => {
    const list = sparks(commissionerReportHtml(sampleData()));
    expect(list.map((s) => s.id)).toEqual(['P001', 'P002', 'P003', 'P006']);
    // The March scores of the sample (commissioner-data.ts).
    const latest: Record<string, number> = { P001: 1.5, P002: 2.0, P003: 2.7, P006: 2.6 };
    for (const { id, svg } of list) {
      const ys = scale(svg);
      const top = ys.get('4');
      const bottom = ys.get('1');
      expect(top, id).toBeDefined();
      expect(bottom, id).toBeDefined();
      expect(top!).toBeLessThan(bottom!);
      const cy = Number(/<circle [^>]*cy="([\d.]+)"/.exec(svg)![1]);
      // Labels sit 3 units below their level; the latest point is at its value on that scale.
      const expected = bottom! - 3 - ((latest[id]! - 1) / 3) * (bottom! - top!);
      expect(Math.abs(cy - expected), id).toBeLessThan(0.2);
    }
  });

  it("labels the dashed line with the method's lowest Good score, and says so in the SVG and under the table", () => {
    const d = sampleData();
    d.method = {
      ...d.method,
      ratings: {
        ...d.method.ratings,
        bands: d.method.ratings.bands.map((b) => (b.rating === 'Good' ? { ...b, min_score: 2.6 } : b)),
      },
    };
    const html = commissionerReportHtml(d);
    for (const { svg } of sparks(html)) {
      const ys = scale(svg);
      expect(ys.get('2.6')).toBeGreaterThan(ys.get('4')!);
      expect(ys.get('2.6')).toBeLessThan(ys.get('1')!);
      expect(svg).toMatch(
        /<title>[^<]+<\/title><desc>Scale 1 \(bottom\) to 4 \(top\); the dashed line is 2.6, the lowest Good score.<\/desc>/,
      );
    }
    expect(html).toMatch(
      /data-testid="trend-scale">[^<]*1 \(bottom\) to 4 \(top\) scale; the dashed line is 2.60, the lowest Good score/,
    );
  });
});

describe('commissioners report: maturity words', () => {
  const key = (html: string) =>
    [
      ...(/<dl data-testid="maturity-key">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? '').matchAll(
        /<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g,
      ),
    ].map((m) => [m[1], m[2]]);

  it('explains every word of the published method beside the action table', () => {
    const html = commissionerReportHtml(sampleData());
    expect(key(html)).toEqual([
      [
        'mobilising',
        'up to 6 whole months since the contract started; intensity is at least Moderate, whatever the risk tier.',
      ],
      [
        'embedding',
        '7 to 12 whole months since the contract started; intensity is at least Low, whatever the risk tier.',
      ],
      ['established', 'more than 12 whole months since the contract started; intensity is the risk tier.'],
    ]);
    // The key follows the table, and each row gives its word with its months.
    expect(html.indexOf('data-testid="maturity-key"')).toBeGreaterThan(
      html.indexOf('data-testid="action-list"'),
    );
    expect(html).toContain('established, 40 months');
  });

  it('takes the words and their months from the method the report is given', () => {
    const d = sampleData();
    d.method = {
      ...d.method,
      maturity: {
        stages: [
          { stage: 'new', max_months: 3, floor: 'High' },
          { stage: 'settling', max_months: 9, floor: 'Moderate' },
          { stage: 'steady', max_months: null, floor: null },
        ],
      },
    };
    const html = commissionerReportHtml(d);
    expect(key(html)).toEqual([
      [
        'new',
        'up to 3 whole months since the contract started; intensity is at least High, whatever the risk tier.',
      ],
      [
        'settling',
        '4 to 9 whole months since the contract started; intensity is at least Moderate, whatever the risk tier.',
      ],
      ['steady', 'more than 9 whole months since the contract started; intensity is the risk tier.'],
    ]);
    expect(html).toContain(
      'raised for a new contract to the floor of its maturity stage: new (up to 3 whole months) at least High, settling (4 to 9 whole months) at least Moderate, steady (more than 9 whole months) not raised.',
    );
    expect(html).not.toMatch(/mobilising|embedding|first 6 months/);
  });
});
