// The 5×5 quality-and-risk matrix (METHODOLOGY §6) as an inline SVG heat map: likelihood rows
// 5 (top) to 1, impact columns 1 to 5, each cell in its tier's colour with count and tier in words.
import type { MethodConfig } from '../../domain/method/config.ts';
import type { RiskMatrixRow } from '../../domain/method/results.ts';
import { riskTier } from '../../domain/method/risk-tier.ts';
import { escapeHtml } from './html.ts';
import { tierSwatch } from './svg-palette.ts';

const MATRIX_SIZE = 5;

/** counts[likelihood - 1][impact - 1] for one month; rows outside 1–5 cannot be placed and are left out. */
function matrixCounts(rows: readonly RiskMatrixRow[], period: string): number[][] {
  const counts = Array.from({ length: MATRIX_SIZE }, () => Array<number>(MATRIX_SIZE).fill(0));
  for (const r of rows) {
    if (r.period !== period) continue;
    const row = counts[r.likelihood - 1];
    if (row && r.impact >= 1 && r.impact <= MATRIX_SIZE) row[r.impact - 1] = (row[r.impact - 1] ?? 0) + 1;
  }
  return counts;
}

const cell = 84;
const left = 78;
const top = 8;
const bottom = 58;

export function riskMatrixSvg(rows: readonly RiskMatrixRow[], period: string, config: MethodConfig): string {
  const counts = matrixCounts(rows, period);
  const width = left + MATRIX_SIZE * cell + 8;
  const height = top + MATRIX_SIZE * cell + bottom;
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const parts: string[] = [];
  for (let likelihood = MATRIX_SIZE; likelihood >= 1; likelihood--) {
    const y = top + (MATRIX_SIZE - likelihood) * cell;
    for (let impact = 1; impact <= MATRIX_SIZE; impact++) {
      const x = left + (impact - 1) * cell;
      const score = likelihood * impact;
      const tier = riskTier(score, config);
      const sw = tierSwatch[tier];
      const n = counts[likelihood - 1]?.[impact - 1] ?? 0;
      const label = `Likelihood ${likelihood}, impact ${impact}: score ${score}, ${tier}; ${n} provider${n === 1 ? '' : 's'}`;
      parts.push(
        `<g data-testid="matrix-cell" data-likelihood="${likelihood}" data-impact="${impact}" data-count="${n}" data-tier="${escapeHtml(tier)}">` +
          `<title>${escapeHtml(label)}</title>` +
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${sw.fill}" stroke="#ffffff" stroke-width="2"/>` +
          `<text x="${x + 6}" y="${y + 15}" font-size="11" fill="${sw.ink}" opacity="0.8">${score}</text>` +
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 8}" text-anchor="middle" font-size="${n > 0 ? 26 : 18}" font-weight="${n > 0 ? 700 : 400}" fill="${sw.ink}" opacity="${n > 0 ? 1 : 0.55}">${n}</text>` +
          `<text x="${x + cell / 2}" y="${y + cell - 10}" text-anchor="middle" font-size="11" fill="${sw.ink}">${escapeHtml(tier)}</text>` +
          `</g>`,
      );
    }
    parts.push(
      `<text x="${left - 8}" y="${y + cell / 2 + 5}" text-anchor="end" font-size="13" font-weight="600">${likelihood}</text>`,
    );
  }
  for (let impact = 1; impact <= MATRIX_SIZE; impact++) {
    const x = left + (impact - 1) * cell + cell / 2;
    parts.push(
      `<text x="${x}" y="${top + MATRIX_SIZE * cell + 18}" text-anchor="middle" font-size="13" font-weight="600">${impact}</text>`,
    );
  }
  const gridMid = top + (MATRIX_SIZE * cell) / 2;
  parts.push(
    `<text x="${left + (MATRIX_SIZE * cell) / 2}" y="${height - 12}" text-anchor="middle" font-size="13">Impact on people and market (1 low → 5 high)</text>`,
    `<text x="22" y="${gridMid}" text-anchor="middle" font-size="13" transform="rotate(-90 22 ${gridMid})">Likelihood of failure (1 → 5)</text>`,
  );
  const desc = `Heat map of ${total} provider${total === 1 ? '' : 's'} for ${period} by likelihood (rows, 5 at the top) and impact (columns, 1 at the left). Each cell shows its provider count and risk tier: Low 1–4, Moderate 5–9, High 10–15, Critical 16–25.`;
  return (
    `<svg data-testid="risk-matrix" role="img" aria-labelledby="risk-matrix-title risk-matrix-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" fill="#1b1b1b">` +
    `<title id="risk-matrix-title">Quality-and-risk matrix, ${escapeHtml(period)}</title>` +
    `<desc id="risk-matrix-desc">${escapeHtml(desc)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}
