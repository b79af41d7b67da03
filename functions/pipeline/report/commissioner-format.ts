// How the commissioners' report writes months, instants, numbers and badges. Returns HTML-safe text.
import type { RiskTier } from '../../domain/method/config.ts';
import type { RatingOrNotScored } from '../../domain/method/results.ts';
import { isPeriod, monthInWords, monthName } from '../../domain/period.ts';
import { londonParts } from '../../domain/time/london.ts';
import { escapeHtml } from './html.ts';
import { ratingSwatch, type Swatch, tierSwatch } from './svg-palette.ts';

/** 'YYYY-MM' → 'March 2025'; anything else is shown as given (escaped). */
export function longMonth(period: string): string {
  return escapeHtml(isPeriod(period) ? monthInWords(period) : period);
}

/** Council staff read local time: the London wall clock, not UTC. */
export function londonStamp(instant: Date): string {
  if (Number.isNaN(instant.getTime())) return '';
  const p = londonParts(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return escapeHtml(`${p.day} ${monthName(p.month)} ${p.year}, ${two(p.hour)}:${two(p.minute)}`);
}

export function fmtNumber(n: number | null | undefined, digits: number): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return escapeHtml(
    n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
}

export function fmtPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return escapeHtml(`${(share * 100).toFixed(1)}%`);
}

const neutral: Swatch = { fill: '#e6e6e6', ink: '#222222' };

function badge(text: string, sw: Swatch): string {
  return `<span class="badge" style="background:${sw.fill};color:${sw.ink}">${escapeHtml(text)}</span>`;
}

// Lookups through hasOwn so a value that is not one of the words (bad data) gets the neutral colour.
export function tierBadge(tier: string): string {
  return badge(tier, Object.hasOwn(tierSwatch, tier) ? tierSwatch[tier as RiskTier] : neutral);
}

export function ratingBadge(rating: string): string {
  return badge(
    rating,
    Object.hasOwn(ratingSwatch, rating) ? ratingSwatch[rating as RatingOrNotScored] : neutral,
  );
}

/** A colour key that also works in grey-scale print, because the word sits next to it. */
export function swatchKey(fill: string): string {
  return `<span class="key" style="background:${fill}"></span>`;
}
