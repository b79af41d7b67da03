// When a return arrives: mostly in office hours before its due date, sometimes days late, never
// after the as-of instant (a file received later would not exist yet).

import { addMonths } from '../domain/time/london.ts';
import { dateOf, officeHoursOn } from './calendar.ts';
import type { Rng } from './prng.ts';

/**
 * Receipt of a return due on `dueDay` of `month` (the month after the period or quarter):
 * `lateDays` null means on time; otherwise that many days after the due day, shortened when it
 * would fall after as-of.
 */
export function receiptTime(
  rng: Rng,
  month: string,
  dueDay: number,
  lateDays: number | null,
  asOf: Date,
): Date {
  if (lateDays !== null) {
    for (let late = lateDays; late >= 1; late--) {
      const at = officeHoursOn(rng, dueDateShift(month, dueDay, late));
      if (at.getTime() < asOf.getTime()) return at;
    }
  }
  // Early in the window more than late in it: providers send when the month's data is in.
  const day = Math.min(dueDay, 1 + Math.floor(rng.next() ** 0.8 * dueDay));
  return officeHoursOn(rng, dateOf(month, day));
}

function dueDateShift(month: string, dueDay: number, late: number): string {
  const d = new Date(`${dateOf(month, dueDay)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + late);
  return d.toISOString().slice(0, 10);
}

/** The month in which returns for `period` fall due. */
export const dueMonthOf = (period: string) => addMonths(period, 1);
