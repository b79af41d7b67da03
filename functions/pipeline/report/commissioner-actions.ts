// Who needs action this month: High and Critical tier providers, and any with a level 3 trigger
// or override, most at risk first (risk score desc, then provider id).
import type { RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';
import { splitList } from './commissioner-reasons.ts';

export interface ActionProvider {
  provider_id: string;
  risk: RiskMatrixRow | undefined;
  scorecard: ScorecardRow | undefined;
}

export function actionProviders(
  period: string,
  scorecards: readonly ScorecardRow[],
  riskMatrix: readonly RiskMatrixRow[],
): ActionProvider[] {
  const risk = new Map<string, RiskMatrixRow>();
  for (const r of riskMatrix) if (r.period === period) risk.set(r.provider_id, r);
  const card = new Map<string, ScorecardRow>();
  for (const s of scorecards) if (s.period === period) card.set(s.provider_id, s);
  const ids = new Set<string>();
  for (const r of risk.values())
    if (r.risk_tier === 'High' || r.risk_tier === 'Critical' || splitList(r.factors).includes('L3'))
      ids.add(r.provider_id);
  for (const s of card.values()) if (splitList(s.level3_triggers).length > 0) ids.add(s.provider_id);
  return [...ids]
    .map((id) => ({ provider_id: id, risk: risk.get(id), scorecard: card.get(id) }))
    .sort(
      (a, b) =>
        (b.risk?.risk_score ?? 0) - (a.risk?.risk_score ?? 0) ||
        (a.provider_id < b.provider_id ? -1 : a.provider_id > b.provider_id ? 1 : 0),
    );
}
