// METHODOLOGY §6 "Impact": banded from the provider's largest cluster market share in the month.
import type { MethodConfig } from './config.ts';

export interface Impact {
  impact: number;
  basis: 'market_share' | 'unknown';
}

/** `maxShare` null: no commissioned-hours data for the provider in the month. */
export function impact(maxShare: number | null, config: MethodConfig): Impact {
  const I = config.impact;
  if (maxShare === null) return { impact: I.unknown_impact, basis: 'unknown' };
  for (const b of I.bands)
    if (b.inclusive ? maxShare <= b.upper : maxShare < b.upper)
      return { impact: b.impact, basis: 'market_share' };
  return { impact: I.otherwise, basis: 'market_share' };
}
