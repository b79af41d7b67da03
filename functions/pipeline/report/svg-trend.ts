// Small inline SVG trend charts: providers per rating per month (stacked bars), a monthly score
// line over the rating bands, and a per-provider sparkline. No scripts; every label is escaped.
import type { RatingOrNotScored } from '../../domain/method/results.ts';
import { escapeHtml } from './html.ts';
import { ratingSwatch } from './svg-palette.ts';

const font = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"`;

export interface MonthCounts {
  period: string;
  counts: Readonly<Record<RatingOrNotScored, number>>;
}

export interface MonthValue {
  period: string;
  value: number | null;
}

export interface ScoreBand {
  label: string;
  min: number;
}

/** Round up to 1, 2 or 5 × 10ⁿ so axis ticks read as whole, even numbers. */
function niceCeil(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** 'YYYY-MM' → 'Mar 25'; anything else is shown as given. */
function shortMonth(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const name = m ? names[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]!.slice(2)}` : period;
}

const AXIS_FONT = 11;

/**
 * The months to label on an x-axis whose months are `slot` units apart: the first and the last
 * (the report month) always, and every n-th between, n the fewest slots that hold the widest label
 * (0.62 em a character, more than any month name needs) and a 6-unit gap. Labels never overlap.
 */
function labelledMonths(labels: readonly string[], slot: number): Set<number> {
  const n = labels.length;
  if (n === 0) return new Set();
  const widest = Math.max(...labels.map((l) => l.length)) * AXIS_FONT * 0.62;
  const step = Math.max(1, Math.ceil((widest + 6) / Math.max(slot, 1e-9)));
  const out = new Set([n - 1]);
  if (n - 1 < step) return out;
  for (let i = 0; i <= n - 1 - step; i += step) out.add(i);
  return out;
}

function xLabel(x: number, text: string): string {
  return `<text x="${x.toFixed(1)}" y="${H - 10}" text-anchor="middle" font-size="${AXIS_FONT}" data-axis="x">${escapeHtml(text)}</text>`;
}

function frame(id: string, title: string, desc: string, w: number, h: number, body: string): string {
  return (
    `<svg data-testid="trend-chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" ${font} fill="#1b1b1b">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>${body}</svg>`
  );
}

const W = 520;
const H = 230;
const pad = { left: 44, right: 12, top: 12, bottom: 30 };

export function ratingBarsSvg(
  id: string,
  months: readonly MonthCounts[],
  order: readonly RatingOrNotScored[],
): string {
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const totals = months.map((m) => order.reduce((a, r) => a + m.counts[r], 0));
  const yMax = niceCeil(Math.max(1, ...totals));
  const y = (v: number) => pad.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  for (const t of [0, yMax / 2, yMax]) {
    parts.push(
      `<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(t)}" y2="${y(t)}" stroke="#d9d9d9"/>`,
      `<text x="${pad.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${Number.isInteger(t) ? t : t.toFixed(1)}</text>`,
    );
  }
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(2, Math.min(36, slot * 0.72));
  const shown = labelledMonths(
    months.map((m) => shortMonth(m.period)),
    slot,
  );
  months.forEach((m, i) => {
    const x = pad.left + i * slot + (slot - barW) / 2;
    let acc = 0;
    for (const r of order) {
      const n = m.counts[r];
      if (n <= 0) continue;
      const y0 = y(acc + n);
      const hgt = y(acc) - y0;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${hgt.toFixed(1)}" fill="${ratingSwatch[r].fill}" stroke="#ffffff" stroke-width="0.75"><title>${escapeHtml(`${m.period}: ${r} ${n}`)}</title></rect>`,
      );
      // Count inside the segment when there is room: the number, not the colour, carries the data.
      if (hgt >= 13 && barW >= 16)
        parts.push(
          `<text x="${(x + barW / 2).toFixed(1)}" y="${(y0 + hgt / 2 + 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="${ratingSwatch[r].ink}">${n}</text>`,
        );
      acc += n;
    }
    if (shown.has(i)) parts.push(xLabel(pad.left + i * slot + slot / 2, shortMonth(m.period)));
  });
  const last = months.at(-1);
  const desc = last
    ? `Stacked bars, one per month from ${months[0]!.period} to ${last.period}. ${last.period}: ${order.map((r) => `${r} ${last.counts[r]}`).join(', ')}.`
    : 'No scored months.';
  return frame(id, 'Providers by overall rating, per month', desc, W, H, parts.join(''));
}

export function scoreLineSvg(
  id: string,
  title: string,
  points: readonly MonthValue[],
  bands: readonly ScoreBand[],
): string {
  const lo = 1;
  const hi = 4;
  const plotW = W - pad.left - pad.right - 120;
  const plotH = H - pad.top - pad.bottom;
  const y = (v: number) => pad.top + plotH - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  // Rating bands behind the line, so a reader sees which rating the average sits in.
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  let upper = hi;
  sorted.forEach((b, i) => {
    const top = y(upper);
    const bottomY = y(Math.max(lo, b.min));
    parts.push(
      `<rect x="${pad.left}" y="${top.toFixed(1)}" width="${plotW}" height="${(bottomY - top).toFixed(1)}" fill="${i % 2 === 0 ? '#f3f6fa' : '#ffffff'}"/>`,
      `<text x="${pad.left + plotW + 6}" y="${((top + bottomY) / 2 + 4).toFixed(1)}" font-size="11" fill="#444">${escapeHtml(b.label)}</text>`,
    );
    upper = b.min;
  });
  for (const t of [1, 1.75, 2.5, 3.5, 4]) {
    parts.push(
      `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#d9d9d9"/>`,
      `<text x="${pad.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t.toFixed(2)}</text>`,
    );
  }
  const slot = plotW / Math.max(1, points.length);
  const xs = points.map((_, i) => pad.left + i * slot + slot / 2);
  const shown = labelledMonths(
    points.map((p) => shortMonth(p.period)),
    slot,
  );
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${xs[i]!.toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  if (path) parts.push(`<path d="${path}" fill="none" stroke="#1f4e8c" stroke-width="2.5"/>`);
  points.forEach((p, i) => {
    if (p.value !== null)
      parts.push(
        `<circle cx="${xs[i]!.toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="#1f4e8c"><title>${escapeHtml(`${p.period}: ${p.value.toFixed(2)}`)}</title></circle>`,
      );
    if (shown.has(i)) parts.push(xLabel(xs[i]!, shortMonth(p.period)));
  });
  const lastIndex = points.map((p) => p.value !== null).lastIndexOf(true);
  const last = points[lastIndex];
  // The latest value in figures beside its point: the number a reader will quote.
  if (last && last.value !== null)
    parts.push(
      `<text x="${xs[lastIndex]!.toFixed(1)}" y="${(y(last.value) - 9).toFixed(1)}" text-anchor="middle" font-size="12" font-weight="700" fill="#12335c">${last.value.toFixed(2)}</text>`,
    );
  const desc =
    last && last.value !== null
      ? `Line of the monthly average overall score (1 to 4) from ${points[0]!.period} to ${points.at(-1)!.period}; ${last.period}: ${last.value.toFixed(2)}.`
      : 'No scored months.';
  return frame(id, title, desc, W, H, parts.join(''));
}

export interface ReferenceLine {
  value: number;
  /** What the line means, e.g. 'the lowest Good score'. */
  meaning: string;
}

/**
 * A word-sized trend of one provider's overall score on the fixed 1–4 scale, with the scale written
 * on its left (4 at the top, 1 at the bottom, and the reference line's value beside its dashed
 * line), gaps where a month was not scored.
 */
export function sparklineSvg(
  label: string,
  points: readonly MonthValue[],
  reference?: ReferenceLine,
): string {
  const w = 128;
  const h = 44;
  const gutter = 22;
  const lo = 1;
  const hi = 4;
  const y = (v: number) => 5 + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (h - 10);
  const step = points.length > 1 ? (w - gutter - 6) / (points.length - 1) : 0;
  const x = (i: number) => (points.length > 1 ? gutter + 2 + i * step : (gutter + w) / 2);
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const lastIndex = points.map((p) => p.value !== null).lastIndexOf(true);
  const last = points[lastIndex];
  const values = points.filter((p) => p.value !== null).map((p) => p.value!.toFixed(2));
  const text =
    values.length > 0
      ? `${label}: overall score by month ${values.join(', ')}`
      : `${label}: no scored months`;
  const ref = reference && reference.value > lo && reference.value < hi ? reference : undefined;
  const desc = `Scale ${lo} (bottom) to ${hi} (top)${ref ? `; the dashed line is ${ref.value}, ${ref.meaning}` : ''}.`;
  // The scale: a value label and a tick on the left axis, so a reader can read a point's level.
  const tick = (v: number, name: string) =>
    `<line x1="${gutter - 3}" x2="${gutter}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#777"/>` +
    `<text x="${gutter - 5}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end" font-size="9" fill="#444" data-scale="${v}">${escapeHtml(name)}</text>`;
  // First and last value in figures, so the direction reads without the line (and in grey print).
  const first = values[0];
  const caption = first !== undefined ? `${first} → ${values.at(-1)}` : 'not scored';
  return (
    `<span class="spark"><svg data-testid="provider-trend" role="img" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" ${font}>` +
    `<title>${escapeHtml(text)}</title><desc>${escapeHtml(desc)}</desc>` +
    `<line x1="${gutter}" x2="${gutter}" y1="${y(hi).toFixed(1)}" y2="${y(lo).toFixed(1)}" stroke="#777"/>` +
    tick(hi, String(hi)) +
    tick(lo, String(lo)) +
    (ref
      ? `<line x1="${gutter}" x2="${w}" y1="${y(ref.value).toFixed(1)}" y2="${y(ref.value).toFixed(1)}" stroke="#b0b0b0" stroke-dasharray="2 2"/>` +
        tick(ref.value, String(ref.value))
      : '') +
    (path ? `<path d="${path}" fill="none" stroke="#1f4e8c" stroke-width="1.6"/>` : '') +
    (last && last.value !== null
      ? `<circle cx="${x(lastIndex).toFixed(1)}" cy="${y(last.value).toFixed(1)}" r="2.6" fill="#1f4e8c"/>`
      : '') +
    `</svg><span class="muted small">${escapeHtml(caption)}</span></span>`
  );
}
