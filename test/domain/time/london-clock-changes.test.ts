// METHODOLOGY §8 "Months and time zone": a London local time in the spring gap is read as if the
// clocks had not yet changed (moved forward by the gap); one in the autumn repeat is the first of
// the two (BST). Ordinary times, and years with other change dates, read as plain London time.
import { describe, expect, it } from 'vitest';
import {
  londonDate,
  londonInstant,
  londonMonth,
  londonOffsetMinutes,
  londonParts,
  parseLondonDateTime,
} from '../../../functions/domain/time/london.ts';

const iso = (text: string) => parseLondonDateTime(text)?.toISOString();

describe('London local times around the clock changes', () => {
  it('a time in the spring gap is read as if the clocks had not yet changed', () => {
    // 2024-03-31: clocks go from 01:00 GMT to 02:00 BST.
    expect(iso('2024-03-31T00:59:59')).toBe('2024-03-31T00:59:59.000Z');
    expect(iso('2024-03-31T01:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(iso('2024-03-31T01:30')).toBe('2024-03-31T01:30:00.000Z');
    expect(iso('2024-03-31T01:59:59.999')).toBe('2024-03-31T01:59:59.999Z');
    expect(iso('2024-03-31T02:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(iso('2024-03-31T02:30')).toBe('2024-03-31T01:30:00.000Z');
    expect(londonInstant(2025, 3, 30, 1, 30).toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('a time in the autumn repeat is the first of the two (BST)', () => {
    // 2024-10-27: clocks go from 02:00 BST back to 01:00 GMT, so 01:00–01:59 happens twice.
    expect(iso('2024-10-27T00:59')).toBe('2024-10-26T23:59:00.000Z');
    expect(iso('2024-10-27T01:00')).toBe('2024-10-27T00:00:00.000Z');
    expect(iso('2024-10-27T01:30')).toBe('2024-10-27T00:30:00.000Z');
    expect(iso('2024-10-27T01:59:59')).toBe('2024-10-27T00:59:59.000Z');
    expect(iso('2024-10-27T02:00')).toBe('2024-10-27T02:00:00.000Z');
    expect(londonInstant(2023, 10, 29, 1, 15).toISOString()).toBe('2023-10-29T00:15:00.000Z');
  });

  it('ordinary times are London time, and an explicit offset wins', () => {
    expect(iso('2024-07-01T12:00')).toBe('2024-07-01T11:00:00.000Z');
    expect(iso('2024-01-15 09:15:30.5')).toBe('2024-01-15T09:15:30.500Z');
    expect(iso('2024-03-31')).toBe('2024-03-31T00:00:00.000Z');
    expect(iso('2024-03-31T01:30Z')).toBe('2024-03-31T01:30:00.000Z');
    expect(iso('2024-10-27T01:30+01:00')).toBe('2024-10-27T00:30:00.000Z');
    expect(iso('2024-10-27T01:30-0230')).toBe('2024-10-27T04:00:00.000Z');
    expect(iso('2024-02-30T10:00')).toBeUndefined();
    expect(iso('2024-02-01T24:00')).toBeUndefined();
  });

  it('finds each year’s change dates, across years and centuries', () => {
    // Last Sunday of March and of October, 01:00 UTC.
    const changes: [number, number, number][] = [
      [1999, 28, 31],
      [2019, 31, 27],
      [2020, 29, 25],
      [2037, 29, 25],
    ];
    for (const [year, spring, autumn] of changes) {
      expect(londonInstant(year, 3, spring, 1, 30).toISOString()).toBe(`${year}-03-${spring}T01:30:00.000Z`);
      expect(londonInstant(year, 3, spring, 3, 0).toISOString()).toBe(`${year}-03-${spring}T02:00:00.000Z`);
      expect(londonInstant(year, 10, autumn, 1, 30).toISOString()).toBe(`${year}-10-${autumn}T00:30:00.000Z`);
      expect(londonInstant(year, 10, autumn, 3, 0).toISOString()).toBe(`${year}-10-${autumn}T03:00:00.000Z`);
    }
  });

  it('reads instants back as London wall-clock time', () => {
    expect(londonOffsetMinutes(new Date('2024-03-31T00:59:59Z'))).toBe(0);
    expect(londonOffsetMinutes(new Date('2024-03-31T01:00:00Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2024-10-27T00:59:59Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2024-10-27T01:00:00Z'))).toBe(0);
    expect(londonParts(new Date('2024-10-27T00:30:00Z'))).toEqual({
      year: 2024,
      month: 10,
      day: 27,
      hour: 1,
      minute: 30,
      second: 0,
    });
    expect(londonParts(new Date('2024-10-27T01:30:00Z')).hour).toBe(1);
    expect(londonDate(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    expect(londonMonth(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07');
    expect(londonMonth(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12');
    expect(londonDate(new Date('1969-12-31T23:59:59.999Z'))).toBe('1970-01-01');
  });

  it('an offer answered in the skipped hour took real elapsed time', () => {
    const offered = parseLondonDateTime('2024-03-31T00:30')!;
    const answered = parseLondonDateTime('2024-03-31T01:30')!;
    expect((answered.getTime() - offered.getTime()) / 3_600_000).toBe(1);
  });
});
