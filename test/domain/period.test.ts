import { describe, expect, it } from 'vitest';
import { InvalidPeriodError, isPeriod, parsePeriod } from '../../functions/domain/period.ts';

describe('Period', () => {
  it('accepts every month written YYYY-MM', () => {
    for (const text of ['2025-01', '2025-12', '1999-09']) expect(parsePeriod(text)).toBe(text);
  });
  it.each(['2025-00', '2025-13', '2025-1', '25-01', '2025-01-01', ' 2025-01', '2025-01\n', ''])(
    'refuses %j, saying how a month is written',
    (text) => {
      expect(isPeriod(text)).toBe(false);
      expect(() => parsePeriod(text)).toThrow(InvalidPeriodError);
      expect(() => parsePeriod(text)).toThrow('is not a month written YYYY-MM, e.g. 2025-03.');
    },
  );
});
