// Europe/London civil time. Every date-time without an offset is London local time, and every
// "month of" / "due at" rule in the method is judged on the London calendar (METHODOLOGY §8).
// The zone's rules come from Temporal (temporal-polyfill, over the runtime's Intl time zone data),
// whose 'compatible' reading of a local time is the one §8 names.
import * as PlainDateTime from 'temporal-polyfill/fns/PlainDateTime';
import * as ZonedDateTime from 'temporal-polyfill/fns/ZonedDateTime';

const zone = 'Europe/London';

function zoned(instant: Date) {
  return ZonedDateTime.create(BigInt(instant.getTime()) * 1_000_000n, zone);
}

/** Minutes London is ahead of UTC at this instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  return ZonedDateTime.offsetNanoseconds(zoned(instant)) / 60_000_000_000;
}

export interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const hourMs = 3_600_000;
/** London's offset from UTC in ms, by UTC hour, for hours the offset holds throughout. */
const hourOffsets = new Map<number, number>();

/**
 * London's offset from UTC at an instant, in ms: Temporal's, looked up once per UTC hour (a
 * back-load reads tens of thousands of instants, and the polyfill takes ~40 µs for each). An
 * hour whose first and last millisecond differ holds a clock change and is asked each time.
 */
function offsetMs(epochMs: number): number {
  const hour = Math.floor(epochMs / hourMs);
  const known = hourOffsets.get(hour);
  if (known !== undefined) return known;
  const at = (ms: number) => ZonedDateTime.offsetNanoseconds(zoned(new Date(ms))) / 1_000_000;
  const start = at(hour * hourMs);
  if (at(hour * hourMs + hourMs - 1) !== start) return at(epochMs);
  if (hourOffsets.size >= 100_000) hourOffsets.clear();
  hourOffsets.set(hour, start);
  return start;
}

/** The London wall-clock reading of an instant. */
export function londonParts(instant: Date): LondonParts {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  const local = new Date(ms + offsetMs(ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/**
 * The instant of a London wall-clock time (METHODOLOGY §8). A time in the spring gap is read as
 * if the clocks had not yet changed (01:30 on that Sunday is 01:30 UTC); a time in the autumn
 * repeat is the first of the two (BST): Temporal's 'compatible' disambiguation.
 */
export function londonInstant(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): Date {
  const local = PlainDateTime.create(year, month, day, hour, minute, second, ms);
  return new Date(
    PlainDateTime.toZonedDateTime(local, zone, { disambiguation: 'compatible' }).epochMilliseconds,
  );
}

/** 'YYYY-MM' of the London calendar date of an instant. */
export function londonMonth(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' of the London calendar date of an instant. */
export function londonDate(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const dateTimeRe =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO date or date-time. With an offset (or Z) it is that instant; without one it is
 * London local time. Returns null when the text is not a valid date-time.
 */
export function parseLondonDateTime(text: string): Date | null {
  const m = dateTimeRe.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (m[8]) {
    const zone = m[8].toUpperCase();
    const offset = offsetMinutes(zone);
    if (offset === null) return null;
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000);
  }
  return londonInstant(year, month, day, hour, minute, second, ms);
}

/**
 * The minutes an offset ('Z', '+01:00', '-0530') is ahead of UTC, or null when no place on Earth
 * uses it. ISO 8601 and RFC 3339 allow up to ±23:59, but real offsets run from −12:00 (Baker
 * Island) to +14:00 (Kiribati), with minutes below 60; anything outside is a typo that would shift
 * the instant by up to a day, possibly into another month.
 */
export function offsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return null;
  const [hours, minutes] = [Number(m[2]), Number(m[3])];
  const offset = (hours * 60 + minutes) * (m[1] === '-' ? -1 : 1);
  return minutes < 60 && offset >= -12 * 60 && offset <= 14 * 60 ? offset : null;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM' arithmetic: addMonths('2024-01', -1) = '2023-12'. */
export function addMonths(period: string, n: number): string {
  const index = periodIndex(period) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Months since year 0, so that differences between periods are plain subtraction. */
export function periodIndex(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

/** The last instant of a month in London (23:59:59.999 on its last day). */
export function monthEndInstant(period: string): Date {
  const next = addMonths(period, 1);
  return new Date(londonInstant(Number(next.slice(0, 4)), Number(next.slice(5, 7)), 1).getTime() - 1);
}

/** 'YYYY-MM-DD' of the last day of a month. */
export function monthEndDate(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return `${period}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' calendar arithmetic: addDays('2024-02-28', 2) = '2024-03-01'. */
export function addDays(date: string, days: number): string {
  const t = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)) + days,
  );
  return new Date(t).toISOString().slice(0, 10);
}

/** The instant a London calendar date begins (a date without a time is London midnight). */
export function londonDateStart(date: string): Date {
  return londonInstant(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}
