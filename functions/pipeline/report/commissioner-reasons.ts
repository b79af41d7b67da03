// What sets a provider's impact, in the commissioner's words (the reasons themselves come from
// v_action_list, see commissioner-actions.ts).
import type { RiskMatrixRow } from '../../domain/method/results.ts';

function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** What sets impact: the provider's largest share of commissioned hours in a cluster. */
export function impactNote(risk: RiskMatrixRow): string {
  return risk.impact_basis === 'unknown' || risk.max_market_share === null
    ? 'no commissioned hours: impact assumed'
    : `largest cluster share ${formatShare(risk.max_market_share)}`;
}
