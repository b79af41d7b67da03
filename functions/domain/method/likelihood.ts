// METHODOLOGY §6 "Likelihood": base from the overall rating, +1 per factor up to the maximum,
// and the L3 override. Every factor that holds is listed, even when the cap hides it. The factors
// on one month's columns and F6 (a join to the same provider's overall score months_back earlier)
// are Arquero verbs; those that read a provider's history by date are the sequential rules below.
import { addMonths } from '../time/london.ts';
import type { MethodConfig } from './config.ts';
import type { IntelligenceRow, SanctionRow } from './inputs.ts';
import { substantiatedSafeguardingCount } from './kpis/safeguarding.ts';
import { any, deriveWith, lit, type Table, text } from './provider-months.ts';
import type { RatingOrNotScored } from './results.ts';
import { riskTier } from './risk-tier.ts';
import { countEvidencedInMonthsEnding } from './sanctions.ts';

export const FACTORS = [
  'F1_CQC',
  'F2_SANCTION_L2',
  'F3_SAFEGUARDING',
  'F4_EPISODES',
  'F5_RETURNS',
  'F6_DECLINE',
] as const;

/** Sequential (windows and look-backs over the provider's records): F3, F4 and F5 for a month. */
export function historyFactors(
  x: {
    period: string;
    sanctions: readonly SanctionRow[];
    intelligence: readonly IntelligenceRow[];
    /** Whether a month's monthly return was late or missing; null for a month not judged (before the start). */
    returnLateOrMissing: (period: string) => boolean | null;
  },
  config: MethodConfig,
): { F3_SAFEGUARDING: boolean; F4_EPISODES: boolean; F5_RETURNS: boolean } {
  const F = config.likelihood.factors;
  let allLate = true;
  for (let i = 0; i < F.F5_RETURNS.months && allLate; i++)
    allLate = x.returnLateOrMissing(addMonths(x.period, -i)) === true;
  return {
    F3_SAFEGUARDING:
      substantiatedSafeguardingCount(x.intelligence, x.period, F.F3_SAFEGUARDING.months) >=
      F.F3_SAFEGUARDING.min_records,
    F4_EPISODES:
      countEvidencedInMonthsEnding(x.sanctions, x.period, F.F4_EPISODES.months) > F.F4_EPISODES.more_than,
    F5_RETURNS: allLate,
  };
}

/**
 * F1_CQC … F6_DECLINE, likelihood_base, likelihood, l3_override, risk_score and risk_tier. Reads
 * worst_cqc, sanction_level, F3_SAFEGUARDING, F4_EPISODES, F5_RETURNS, overall_rating,
 * overall_score, row and back (the row of the month months_back earlier, −1 when not scored),
 * l3_count and impact.
 */
export function deriveLikelihood(t: Table, config: MethodConfig): Table {
  const L = config.likelihood;
  const F = L.factors;
  const before = t.select({ row: 'back', overall_score: 'before_score' });
  const factors = t.lookup(before, ['back', 'back'], 'before_score').derive({
    F1_CQC: any(F.F1_CQC.ratings.map((r) => `d.worst_cqc === ${text(r)}`)),
    F2_SANCTION_L2: `d.sanction_level >= ${lit(F.F2_SANCTION_L2.min_level)}`,
    F6_DECLINE: `d.overall_score !== null && d.before_score != null && d.before_score - d.overall_score >= ${lit(F.F6_DECLINE.min_drop)}`,
    l3_override: `d.sanction_level >= ${lit(L.override.sanction_level)} || d.l3_count > 0`,
  });
  const ratings = Object.keys(L.base) as RatingOrNotScored[];
  const based = factors.derive({
    likelihood_base: `${ratings.map((r) => `d.overall_rating === ${text(r)} ? ${lit(L.base[r])} : `).join('')}null`,
    factor_count: FACTORS.map((f) => `(d.${f} === true ? 1 : 0)`).join(' + '),
  });
  const max = lit(L.max);
  const scored = based
    .derive({
      likelihood: `d.l3_override ? ${lit(L.override.likelihood)} : d.likelihood_base + d.factor_count < ${max} ? d.likelihood_base + d.factor_count : ${max}`,
    })
    .derive({ risk_score: 'd.likelihood * d.impact' });
  return deriveWith(scored, ['risk_score'], { risk_tier: (d) => riskTier(d.risk_score as number, config) });
}

/** The factor codes listed on a row: every factor that holds, and the override's code, sorted. */
export function factorCodes(
  holds: (f: (typeof FACTORS)[number]) => boolean,
  override: boolean,
  config: MethodConfig,
): string[] {
  const out: string[] = FACTORS.filter(holds);
  if (override) out.push(config.likelihood.override.code);
  return out.sort();
}
