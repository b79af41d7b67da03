// METHODOLOGY §5: automatic referral-embargo proposals, listed in the method's order of codes.
import type { MethodConfig } from './config.ts';
import type { IntelligenceRow } from './inputs.ts';
import { countsAsConcern } from './intelligence.ts';
import type { LimitedArea } from './limiters.ts';

/** Area ratings are after limiters; intelligence records count when dated within the month. */
export function level3Triggers(
  period: string,
  areas: readonly LimitedArea[],
  intelligence: readonly IntelligenceRow[],
  config: MethodConfig,
): string[] {
  const out: string[] = [];
  for (const t of config.level3_triggers) {
    if ('area' in t) {
      if (areas.some((a) => a.area === t.area && a.finalRating === 'Inadequate')) out.push(t.code);
    } else if (intelligence.some((r) => r.date.startsWith(period) && countsAsConcern(r, t.category))) {
      out.push(t.code);
    }
  }
  return out;
}
