// Calendar arithmetic for the window: months, quarters, Sundays, due instants. Every wall-clock
// time is London local (METHODOLOGY §1, §8), built with the shared London helpers.

import { addMonths, daysInMonth, londonInstant, londonOffsetMinutes } from '../domain/time/london.ts';
import type { Rng } from './prng.ts';

/** The `count` months ending at `end`, oldest first. */
export function windowMonths(end: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addMonths(end, -i));
  return out;
}

function yearOf(period: string): number {
  return Number(period.slice(0, 4));
}

function monthOf(period: string): number {
  return Number(period.slice(5, 7));
}

export function daysIn(period: string): number {
  return daysInMonth(yearOf(period), monthOf(period));
}

/** 'YYYY-MM' of the quarter (01, 04, 07, 10) containing a month. */
export function quarterStartOf(period: string): string {
  const m = monthOf(period);
  return `${period.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}`;
}

/** Calendar date arithmetic on 'YYYY-MM-DD' (UTC noon avoids any DST edge). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function dateOf(period: string, day: number): string {
  return `${period}-${String(day).padStart(2, '0')}`;
}

const sundayCache = new Map<string, readonly string[]>();

/** Week-ending Sundays that fall in a month, as 'YYYY-MM-DD' (memoised: called per provider-week). */
export function sundaysIn(period: string): readonly string[] {
  const cached = sundayCache.get(period);
  if (cached) return cached;
  const out: string[] = [];
  const firstWeekday = new Date(Date.UTC(yearOf(period), monthOf(period) - 1, 1)).getUTCDay();
  for (let day = 1 + ((7 - firstWeekday) % 7); day <= daysIn(period); day += 7) out.push(dateOf(period, day));
  sundayCache.set(period, out);
  return out;
}

/** Day of week of a calendar date, 0 = Sunday. */
export function weekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

// The shared helpers ask Intl for every offset, which dominates generation time. London changes
// offset only on the hour, so caching by (date, hour) and by UTC hour is exact.
const hourStarts = new Map<string, number>();
const offsets = new Map<number, number>();

/** London wall-clock instant of a calendar date and time. */
export function londonAt(date: string, hour: number, minute = 0, second = 0): Date {
  const k = `${date}T${hour}`;
  let start = hourStarts.get(k);
  if (start === undefined) {
    start = londonInstant(
      Number(date.slice(0, 4)),
      Number(date.slice(5, 7)),
      Number(date.slice(8, 10)),
      hour,
    ).getTime();
    hourStarts.set(k, start);
  }
  return new Date(start + minute * 60_000 + second * 1000);
}

/** Minutes London is ahead of UTC at an instant (cached per UTC hour). */
export function londonOffsetAt(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = londonOffsetMinutes(new Date(hour * 3_600_000));
    offsets.set(hour, offset);
  }
  return offset;
}

/** 'YYYY-MM-DD' of the London calendar date of an instant. */
export function londonDateOf(instant: Date): string {
  return new Date(instant.getTime() + londonOffsetAt(instant) * 60_000).toISOString().slice(0, 10);
}

/** A random office-hours instant (08:00–18:00 London) on a calendar date. */
export function officeHoursOn(rng: Rng, date: string): Date {
  return londonAt(date, rng.int(8, 17), rng.int(0, 59), rng.int(0, 59));
}

/** Monthly return for m is due at 23:59:59 London on the 15th of m+1 (METHODOLOGY §1). */
export function monthlyReturnDue(period: string): Date {
  return londonAt(dateOf(addMonths(period, 1), 15), 23, 59, 59);
}

/** ISO-8601 in UTC with a Z and no milliseconds, as the manifest writes it. */
export function isoZ(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO-8601 with the London offset, e.g. '2025-07-01T09:30:00+01:00'. */
export function isoLondonOffset(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
