// METHODOLOGY §6: risk score = likelihood × impact, banded into tiers.
import { type MethodConfig, RISK_TIERS, type RiskTier } from './config.ts';

export function riskTier(score: number, config: MethodConfig): RiskTier {
  let tier: RiskTier = config.risk_tiers[0]!.tier;
  for (const t of config.risk_tiers) if (score >= t.min_score) tier = t.tier;
  return tier;
}

export function tierRank(tier: RiskTier): number {
  return RISK_TIERS.indexOf(tier);
}

export function higherTier(a: RiskTier, b: RiskTier): RiskTier {
  return tierRank(a) >= tierRank(b) ? a : b;
}
