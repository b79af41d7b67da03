import { describe, expect, it } from 'vitest';
import { athenaValue } from '../../../functions/adapters/athena-values.ts';

describe('athenaValue', () => {
  it('keeps integers exact: numbers within 2^53, decimal text beyond', () => {
    expect(athenaValue('-9007199254740991', 'bigint')).toBe(-9007199254740991);
    expect(athenaValue('-9007199254740993', 'bigint')).toBe('-9007199254740993');
  });

  it('reads timestamps as UTC instants, to the millisecond', () => {
    expect(athenaValue('2024-05-03 09:15:30', 'timestamp')).toEqual(new Date('2024-05-03T09:15:30.000Z'));
    expect(athenaValue('2024-05-03 09:15:30.123456789', 'timestamp(9)')).toEqual(
      new Date('2024-05-03T09:15:30.123Z'),
    );
    expect(athenaValue('2024-05-03 10:15:30.500 +01:00', 'timestamp(3) with time zone')).toEqual(
      new Date('2024-05-03T09:15:30.500Z'),
    );
  });

  it('refuses a zone it cannot convert instead of guessing', () => {
    expect(() => athenaValue('2024-05-03 10:15:30.500 Europe/London', 'timestamp with time zone')).toThrow(
      /other than UTC or an offset/,
    );
  });

  it('reads decimals with precision in the type name and infinities', () => {
    expect(athenaValue('12.50', 'decimal(10,2)')).toBe(12.5);
    expect(athenaValue('-Infinity', 'double')).toBe(Number.NEGATIVE_INFINITY);
  });
});
