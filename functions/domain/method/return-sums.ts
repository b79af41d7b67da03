// METHODOLOGY §2 "ratios of sums" and §8 "Exact sums": a provider-month's monthly-return totals
// over all its branches and services, hours in exact hundredths. A plain loop: this is the
// hottest kernel of a national run.
import type { MONTHLY_RETURN_FIELDS } from './config.ts';
import type { MonthlyReturnRow } from './inputs.ts';

type CountField = (typeof MONTHLY_RETURN_FIELDS)[number];

export type ReturnSums = Record<CountField, number> & {
  /** Hours in hundredths of an hour. */
  hours_commissioned: number;
  hours_delivered: number;
  hours_invoiced: number;
  /** Σ per row of max(0, invoiced − delivered), hundredths (D04's numerator). */
  hours_over_invoiced: number;
};

/** Hours have at most 2 decimal places, so ×100 is an integer up to floating-point noise. */
function hundredths(hours: number): number {
  return Math.round(hours * 100);
}

type Add = (s: ReturnSums, r: MonthlyReturnRow) => void;

// One adder per count field, written out: a loop doing s[f] += r[f] over the field names is
// several times slower (every access is a keyed look-up). The type makes the list complete.
const ADD_COUNT: { readonly [F in CountField]: Add } = {
  calls_scheduled: (s, r) => {
    s.calls_scheduled += r.calls_scheduled;
  },
  calls_late_early: (s, r) => {
    s.calls_late_early += r.calls_late_early;
  },
  calls_missed: (s, r) => {
    s.calls_missed += r.calls_missed;
  },
  calls_double_handed: (s, r) => {
    s.calls_double_handed += r.calls_double_handed;
  },
  calls_double_handed_on_time: (s, r) => {
    s.calls_double_handed_on_time += r.calls_double_handed_on_time;
  },
  people_served: (s, r) => {
    s.people_served += r.people_served;
  },
  people_trusted_team_ok: (s, r) => {
    s.people_trusted_team_ok += r.people_trusted_team_ok;
  },
  packages_new: (s, r) => {
    s.packages_new += r.packages_new;
  },
  care_plans_by_second_visit: (s, r) => {
    s.care_plans_by_second_visit += r.care_plans_by_second_visit;
  },
  complaints_closed: (s, r) => {
    s.complaints_closed += r.complaints_closed;
  },
  complaints_closed_in_20wd: (s, r) => {
    s.complaints_closed_in_20wd += r.complaints_closed_in_20wd;
  },
  notifications_due: (s, r) => {
    s.notifications_due += r.notifications_due;
  },
  notifications_on_time: (s, r) => {
    s.notifications_on_time += r.notifications_on_time;
  },
};
const addCounts = Object.values(ADD_COUNT);

function emptySums(): ReturnSums {
  return {
    calls_scheduled: 0,
    calls_late_early: 0,
    calls_missed: 0,
    calls_double_handed: 0,
    calls_double_handed_on_time: 0,
    people_served: 0,
    people_trusted_team_ok: 0,
    packages_new: 0,
    care_plans_by_second_visit: 0,
    complaints_closed: 0,
    complaints_closed_in_20wd: 0,
    notifications_due: 0,
    notifications_on_time: 0,
    hours_commissioned: 0,
    hours_delivered: 0,
    hours_invoiced: 0,
    hours_over_invoiced: 0,
  };
}

/** Sums one provider-month's scored rows (the scored submission's rows only). */
export function sumReturns(rows: readonly MonthlyReturnRow[]): ReturnSums {
  const s = emptySums();
  for (const r of rows) {
    for (const add of addCounts) add(s, r);
    const delivered = hundredths(r.hours_delivered);
    const invoiced = hundredths(r.hours_invoiced);
    s.hours_commissioned += hundredths(r.hours_commissioned);
    s.hours_delivered += delivered;
    s.hours_invoiced += invoiced;
    s.hours_over_invoiced += Math.max(0, invoiced - delivered);
  }
  return s;
}
