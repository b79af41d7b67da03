// Formatting only: the numbers are the views' own, as the API gave them (CONTRACTS §4: scores are
// published to 2 dp, values and shares to 6).
import { isPeriod, monthInWords } from '../../functions/domain/period.ts';

/** '2025-12' → 'December 2025' (the domain's month names); anything else as given. */
export function monthName(period: string | null | undefined): string {
  if (period === null || period === undefined) return '—';
  return isPeriod(period) ? monthInWords(period) : period;
}

export function score(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}

/** A share (0–1) as a percentage, to one decimal place unless the value needs more. */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

export function number(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: Math.max(digits, 2),
  });
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** A comma-separated list from a view ('' when none) as items. */
export function list(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function words(code: string): string {
  const text = code.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const areaNames: Record<string, string> = {
  quality: 'Quality',
  cost_flex: 'Cost and flexibility',
  delivery: 'Delivery',
  relationship: 'Relationship',
  workforce: 'Workforce',
};

export const ratingOrder = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate', 'Not scored'];
export const tierOrder = ['Low', 'Moderate', 'High', 'Critical'];

export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : 'no change';
}
