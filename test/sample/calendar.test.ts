import { describe, expect, it } from 'vitest';
import {
  londonDate,
  londonInstant,
  londonOffsetMinutes,
  parseLondonDateTime,
} from '../../functions/domain/time/london.ts';
import {
  isoLondonOffset,
  londonAt,
  londonDateOf,
  londonOffsetAt,
  quarterStartOf,
  sundaysIn,
  windowMonths,
} from '../../functions/sample/calendar.ts';

describe('calendar', () => {
  it('agrees with the shared London helpers across both clock changes', () => {
    for (const date of ['2025-03-29', '2025-03-30', '2025-03-31', '2025-10-25', '2025-10-26', '2025-10-27']) {
      for (let hour = 0; hour < 24; hour++) {
        for (const [minute, second] of [
          [0, 0],
          [30, 15],
          [59, 59],
        ] as const) {
          const [y, m, d] = date.split('-').map(Number) as [number, number, number];
          const mine = londonAt(date, hour, minute, second);
          expect(mine.getTime(), `${date} ${hour}:${minute}`).toBe(
            londonInstant(y, m, d, hour, minute, second).getTime(),
          );
          expect(londonOffsetAt(mine)).toBe(londonOffsetMinutes(mine));
          expect(londonDateOf(mine)).toBe(londonDate(mine));
          expect(parseLondonDateTime(isoLondonOffset(mine, londonOffsetAt(mine)))!.getTime()).toBe(
            mine.getTime(),
          );
        }
      }
    }
  });

  it('does month, quarter and Sunday arithmetic', () => {
    expect(windowMonths('2025-02', 3)).toEqual(['2024-12', '2025-01', '2025-02']);
    expect(['2025-01', '2025-03', '2025-05', '2025-12'].map(quarterStartOf)).toEqual([
      '2025-01',
      '2025-01',
      '2025-04',
      '2025-10',
    ]);
    expect(sundaysIn('2025-06')).toEqual([
      '2025-06-01',
      '2025-06-08',
      '2025-06-15',
      '2025-06-22',
      '2025-06-29',
    ]);
  });
});
