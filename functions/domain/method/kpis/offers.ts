// METHODOLOGY §2 and §8 "Offers": C01 median response hours (unanswered = 72) and C02 acceptance,
// over the offers made in the month.
import type { KpiConfig } from '../config.ts';
import type { OfferRow } from '../inputs.ts';
import { type KpiResult, ratio } from './kpi-result.ts';

const HOUR_MS = 3_600_000;

/** Real elapsed hours (so a clock change is counted), or the unanswered figure. */
function responseHours(offer: OfferRow, unansweredHours: number): number {
  if (offer.response === 'no_response' || offer.responded_at === null) return unansweredHours;
  return (offer.responded_at.getTime() - offer.offered_at.getTime()) / HOUR_MS;
}

/** The median; an even count takes the mean of the two middle values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function responseMedianKpi(
  kpi: Extract<KpiConfig, { kind: 'offer_response_median' }>,
  offers: readonly OfferRow[],
): KpiResult {
  const value = median(offers.map((o) => responseHours(o, kpi.unanswered_hours)));
  return { kpi, numerator: null, denominator: offers.length, value, points: null };
}

export function acceptanceKpi(
  kpi: Extract<KpiConfig, { kind: 'offer_acceptance' }>,
  offers: readonly OfferRow[],
): KpiResult {
  let accepted = 0;
  for (const o of offers) if (o.response === 'accepted') accepted++;
  return ratio(kpi, accepted, offers.length);
}
