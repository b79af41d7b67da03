// METHODOLOGY §6 "Likelihood": base from the overall rating, +1 per factor up to the maximum,
// and the L3 override. Every factor that holds is listed, even when the cap hides it.
import { addMonths } from '../time/london.ts';
import type { MethodConfig, Rating } from './config.ts';
import type { IntelligenceRow, SanctionRow } from './inputs.ts';
import { substantiatedSafeguardingCount } from './kpis/safeguarding.ts';
import type { RatingOrNotScored } from './results.ts';
import { countEvidencedInMonthsEnding } from './sanctions.ts';

export interface LikelihoodInputs {
  period: string;
  overallRating: RatingOrNotScored;
  worstCqc: Rating | null;
  /** The highest level among sanctions active at month end, 0 when none. */
  maxActiveSanctionLevel: number;
  sanctions: readonly SanctionRow[];
  intelligence: readonly IntelligenceRow[];
  level3Triggers: readonly string[];
  /** Whether a month's monthly return was late or missing; null for a month not judged (before the start). */
  returnLateOrMissing: (period: string) => boolean | null;
  /** A scored month's overall score; null when the month was not scored. */
  overallScoreAt: (period: string) => number | null;
}

export interface Likelihood {
  likelihood: number;
  base: number;
  factors: string[];
}

export function likelihood(x: LikelihoodInputs, config: MethodConfig): Likelihood {
  const L = config.likelihood;
  const F = L.factors;
  const factors: string[] = [];
  if (x.worstCqc !== null && F.F1_CQC.ratings.includes(x.worstCqc)) factors.push('F1_CQC');
  if (x.maxActiveSanctionLevel >= F.F2_SANCTION_L2.min_level) factors.push('F2_SANCTION_L2');
  if (
    substantiatedSafeguardingCount(x.intelligence, x.period, F.F3_SAFEGUARDING.months) >=
    F.F3_SAFEGUARDING.min_records
  )
    factors.push('F3_SAFEGUARDING');
  if (countEvidencedInMonthsEnding(x.sanctions, x.period, F.F4_EPISODES.months) > F.F4_EPISODES.more_than)
    factors.push('F4_EPISODES');
  let allLate = true;
  for (let i = 0; i < F.F5_RETURNS.months && allLate; i++)
    allLate = x.returnLateOrMissing(addMonths(x.period, -i)) === true;
  if (allLate) factors.push('F5_RETURNS');
  const now = x.overallScoreAt(x.period);
  const before = x.overallScoreAt(addMonths(x.period, -F.F6_DECLINE.months_back));
  if (now !== null && before !== null && before - now >= F.F6_DECLINE.min_drop) factors.push('F6_DECLINE');

  const base = L.base[x.overallRating];
  let value = Math.min(L.max, base + factors.length);
  if (x.maxActiveSanctionLevel >= L.override.sanction_level || x.level3Triggers.length > 0) {
    value = L.override.likelihood;
    factors.push(L.override.code);
  }
  return { likelihood: value, base, factors: factors.sort() };
}
