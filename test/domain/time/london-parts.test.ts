// londonParts reads an instant on London's clock from the offset of its UTC hour, asking Temporal
// once per hour rather than for every instant (a back-load reads tens of thousands): the same
// reading as Temporal's at every instant, clock changes of every kind included.
import * as ZonedDateTime from 'temporal-polyfill/fns/ZonedDateTime';
import { expect, it, vi } from 'vitest';
import { londonParts } from '../../../functions/domain/time/london.ts';

vi.mock('temporal-polyfill/fns/ZonedDateTime', async (original) => {
  const actual = await original<typeof import('temporal-polyfill/fns/ZonedDateTime')>();
  return { ...actual, create: vi.fn(actual.create) };
});

function temporalReading(instant: Date) {
  const z = ZonedDateTime.create(BigInt(instant.getTime()) * 1_000_000n, 'Europe/London');
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, second: z.second };
}

it('reads every instant as Temporal does, in years with each kind of clock change', () => {
  // 1847: London mean time to GMT (a 75-second step); 1916: the first summer time; 1941: double
  // summer time; 1968–71: summer time all year; 1996 and 2025: today's rules.
  for (const year of [1847, 1916, 1941, 1968, 1971, 1996, 2025]) {
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 7 * 60_000 + 1_013) {
      const instant = new Date(ms);
      expect(londonParts(instant)).toEqual(temporalReading(instant));
    }
  }
  expect(() => londonParts(new Date(Number.NaN))).toThrow(RangeError);
});

it('asks Temporal about once per UTC hour, not once per instant', () => {
  const create = vi.mocked(ZonedDateTime.create);
  create.mockClear();
  // 50,000 instants over October 2030, its clock change included: 744 hours.
  const from = Date.UTC(2030, 9, 1);
  for (let i = 0; i < 50_000; i++) londonParts(new Date(from + i * 53_567));
  expect(create.mock.calls.length).toBeLessThan(2 * 745 + 50);
});
