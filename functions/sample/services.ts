// The five CSiH services and their shape of care (DOMAIN §3): hours per person per week and
// calls per person per day. HC and SIS carry most people.

import type { ServiceCode } from '../domain/method/inputs.ts';

export const SERVICE_CODES: readonly ServiceCode[] = ['HC', 'SIS', 'SISP', 'ECS', 'D2A'];

export interface ServiceShape {
  /** Relative share of a provider's people when it offers the service. */
  weight: number;
  /** Mean hours per person per week (HC median 7 with IQR 4–12 has a mean near 9.5). */
  hoursPerWeek: number;
  callsPerDay: number;
  /** Share of providers offering it. */
  offeredBy: number;
}

export const SERVICE_SHAPES: Readonly<Record<ServiceCode, ServiceShape>> = {
  HC: { weight: 1, hoursPerWeek: 9.5, callsPerDay: 2.3, offeredBy: 0.96 },
  SIS: { weight: 0.45, hoursPerWeek: 20, callsPerDay: 1.6, offeredBy: 0.6 },
  SISP: { weight: 0.12, hoursPerWeek: 26, callsPerDay: 2.2, offeredBy: 0.15 },
  ECS: { weight: 0.15, hoursPerWeek: 7, callsPerDay: 2.5, offeredBy: 0.1 },
  D2A: { weight: 0.12, hoursPerWeek: 14, callsPerDay: 2.8, offeredBy: 0.15 },
};
