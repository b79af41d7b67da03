// METHODOLOGY §6 "Contract maturity" and §8 "Maturity": whole months from the earliest contract
// start to the first day of m, its stage, and the contract-management intensity floor.
import type { MethodConfig, RiskTier } from './config.ts';
import { higherTier } from './risk-tier.ts';

/** (12·year(m) + month(m)) − (12·year(start) + month(start)), minus 1 when the start day is after the 1st. */
export function maturityMonths(contractStart: string, period: string): number {
  const m = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));
  const s = Number(contractStart.slice(0, 4)) * 12 + Number(contractStart.slice(5, 7));
  return m - s - (Number(contractStart.slice(8, 10)) > 1 ? 1 : 0);
}

export interface Maturity {
  stage: string;
  months: number;
  floor: RiskTier | null;
}

export function maturity(contractStart: string, period: string, config: MethodConfig): Maturity {
  const months = maturityMonths(contractStart, period);
  const stages = config.maturity.stages;
  const stage = stages.find((s) => s.max_months === null || months <= s.max_months) ?? stages.at(-1)!;
  return { stage: stage.stage, months, floor: stage.floor };
}

/** The higher of the risk tier and the maturity floor. */
export function intensity(tier: RiskTier, floor: RiskTier | null): RiskTier {
  return floor === null ? tier : higherTier(tier, floor);
}
