import { columnsOf, contracts } from '../domain/contracts/index.ts';
// One monthly-return row's numbers, drawn from a provider's base rates. Every row built here
// satisfies the cross-field rules of CONTRACTS §1.1; bad rows are planted elsewhere, on purpose.

import type { MonthlyReturnRow, ServiceCode, SubmissionMeta } from '../domain/method/inputs.ts';
import { type CsvValue, decimal2 } from './csv-text.ts';
import type { Rng } from './prng.ts';
import type { ProviderRates } from './providers.ts';
import { SERVICE_SHAPES } from './services.ts';

/** The column order of the contract: the generator writes exactly what ingest reads. */
export const MONTHLY_RETURN_COLUMNS: readonly string[] = columnsOf(contracts['monthly-return']);

/** A row's values, without the submission fields ingest adds. */
export type MonthlyReturnValues = Omit<MonthlyReturnRow, keyof SubmissionMeta>;

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export interface RowContext {
  provider_id: string;
  branch_id: string;
  service_code: ServiceCode;
  period: string;
  /** People served (may be fractional before rounding: hours follow the unrounded volume). */
  people: number;
  hoursPerWeek: number;
  /** Days of the month under contract. */
  days: number;
}

export function monthlyReturnValues(rng: Rng, rates: ProviderRates, ctx: RowContext): MonthlyReturnValues {
  const people = Math.max(1, Math.round(ctx.people));
  const monthShare = ctx.days / 30.4;
  const shape = SERVICE_SHAPES[ctx.service_code];
  const scheduled = Math.max(
    1,
    Math.round(ctx.people * shape.callsPerDay * ctx.days * rng.uniform(0.96, 1.04)),
  );
  const lateEarly = rng.binomial(scheduled, clamp01(rates.lateEarly * rng.logNormal(1, 0.2)));
  const missed = Math.min(
    scheduled - lateEarly,
    rng.binomial(scheduled, clamp01(rates.missed * rng.logNormal(1, 0.35))),
  );
  const doubleHanded = rng.binomial(scheduled, rates.doubleHandedShare);
  const commissioned = round2(ctx.people * ctx.hoursPerWeek * (ctx.days / 7) * rng.uniform(0.985, 1.015));
  const delivered = round2(commissioned * Math.max(0.5, rng.normal(rates.deliveredRatio, 0.006)));
  let invoiced = delivered;
  if (rates.overInvoicing > 0) invoiced = round2(delivered * (1 + rates.overInvoicing));
  // Some providers invoice a little under what they deliver (missed visits not billed).
  else if (rng.chance(0.1)) invoiced = round2(Math.max(0, delivered - rng.uniform(0.25, 3)));
  const packagesNew = rng.poisson(people * 0.07 * monthShare);
  const complaints = rng.poisson(((people * rates.complaintsPer100Year) / 100 / 12) * monthShare);
  const notifications = rng.poisson(people * 0.015 * monthShare + 0.15);
  return {
    provider_id: ctx.provider_id,
    branch_id: ctx.branch_id,
    service_code: ctx.service_code,
    period: ctx.period,
    calls_scheduled: scheduled,
    calls_late_early: lateEarly,
    calls_missed: missed,
    calls_double_handed: doubleHanded,
    calls_double_handed_on_time: rng.binomial(doubleHanded, rates.doubleHandedOnTime),
    hours_commissioned: commissioned,
    hours_delivered: delivered,
    hours_invoiced: invoiced,
    people_served: people,
    // Continuity moves slowly month to month (same people, same carers): no fresh binomial draw.
    people_trusted_team_ok: Math.round(people * clamp01(rng.normal(rates.trustedTeam, 0.015))),
    packages_new: packagesNew,
    care_plans_by_second_visit: rng.binomial(packagesNew, rates.carePlanBySecondVisit),
    complaints_closed: complaints,
    complaints_closed_in_20wd: rng.binomial(complaints, rates.complaintsIn20wd),
    notifications_due: notifications,
    notifications_on_time: rng.binomial(notifications, rates.notificationsOnTime),
  };
}

/** The row as CSV cells in MONTHLY_RETURN_COLUMNS order (hours at most 2 dp). */
export function monthlyReturnCells(v: MonthlyReturnValues): CsvValue[] {
  return MONTHLY_RETURN_COLUMNS.map((c) => {
    const value = v[c as keyof MonthlyReturnValues];
    return c.startsWith('hours_') ? decimal2(value as number) : value;
  });
}
