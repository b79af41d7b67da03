import { describe, expect, it } from 'vitest';
import { addDays, londonDateStart } from '../../../functions/domain/time/london.ts';

describe('London date helpers', () => {
  it('addDays crosses month, leap day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
  it('londonDateStart is London midnight: BST in summer, GMT in winter', () => {
    expect(londonDateStart('2024-07-02').toISOString()).toBe('2024-07-01T23:00:00.000Z');
    expect(londonDateStart('2024-01-02').toISOString()).toBe('2024-01-02T00:00:00.000Z');
  });
});
