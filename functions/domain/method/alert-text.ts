// Words for alerts, as a commissioner would write them: months and dates in words, instants in
// London time, rates as percentages. Alert messages start in lower case so that they read on from
// the provider: 'P020 Hop Garden Support: quality rated Inadequate in December 2025 — automatic Level 3'.
import { monthInWords, monthName } from '../period.ts';
import { londonParts } from '../time/london.ts';

import type { Alert } from './results.ts';

/** 'YYYY-MM-DD' → '3 December 2025'. */
export function dateInWords(date: string): string {
  return `${Number(date.slice(8, 10))} ${monthInWords(date.slice(0, 7))}`;
}

/** An instant as London wall-clock time: '23:59 on 15 January 2026'. */
export function londonTimeInWords(instant: Date): string {
  const p = londonParts(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.hour)}:${two(p.minute)} on ${p.day} ${monthName(p.month)} ${p.year}`;
}

/** A rate (0.0025) as a percentage ('0.25%'): two significant figures below 10%, one decimal above. */
export function percent(rate: number): string {
  const p = rate * 100;
  const text = Math.abs(p) >= 10 ? p.toFixed(1) : p === 0 ? '0' : String(Number(p.toPrecision(2)));
  return `${text.replace(/\.0$/, '')}%`;
}

/** A quantity (hours) with thousands separators and at most two decimals. */
export function quantity(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** 'a, b and c' (or 'a, b or c'). */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** The provider as a commissioner names it: id and register name. */
export function providerLabel(providerId: string, providerName: string | undefined): string {
  return providerName ? `${providerId} ${providerName}` : providerId;
}

/** The alert as one sentence: 'P020 Hop Garden Support: quality rated Inadequate in December 2025 — automatic Level 3'. */
export function alertSentence(alert: Alert, providerName: string | undefined): string {
  return `${providerLabel(alert.provider_id, providerName)}: ${alert.message}`;
}
