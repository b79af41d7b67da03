// Who needs action this month, and why: the rows of v_action_list (queries/views), in its order, so
// that the page and a commissioner's SQL give the same providers with the same words.
import type { RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';

/** One row of v_action_list for the report month (the columns the page needs). */
export interface ActionListRow {
  provider_id: string;
  /** Every reason in words, '; '-separated (v_action_list.reasons). */
  reasons: string;
}

export interface ActionProvider {
  provider_id: string;
  reasons: string[];
  risk: RiskMatrixRow | undefined;
  scorecard: ScorecardRow | undefined;
}

export function actionProviders(
  period: string,
  list: readonly ActionListRow[],
  scorecards: readonly ScorecardRow[],
  riskMatrix: readonly RiskMatrixRow[],
): ActionProvider[] {
  const risk = new Map<string, RiskMatrixRow>();
  for (const r of riskMatrix) if (r.period === period) risk.set(r.provider_id, r);
  const card = new Map<string, ScorecardRow>();
  for (const s of scorecards) if (s.period === period) card.set(s.provider_id, s);
  return list.map((a) => ({
    provider_id: a.provider_id,
    reasons: a.reasons.split('; ').filter((r) => r !== ''),
    risk: risk.get(a.provider_id),
    scorecard: card.get(a.provider_id),
  }));
}
