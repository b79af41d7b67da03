// What a reader sees of the commissioners' report's charts and tables, checked on the SVG/HTML text
// (the browser test checks the same in Chromium).
import { describe, expect, it } from 'vitest';
import { commissionerReportHtml } from '../../../functions/pipeline/report/commissioner-report.ts';
import { longHistoryData } from './commissioner-data.ts';

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
