// Why a provider needs action, in the commissioner's words rather than the method's codes
// (METHODOLOGY §5 triggers, §6 likelihood factors).
import type { RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';

const factorWords: Readonly<Record<string, string>> = {
  F1_CQC: 'CQC rating Requires improvement or worse',
  F2_SANCTION_L2: 'active sanction at level 2 or above',
  F3_SAFEGUARDING: 'substantiated safeguarding concern in the last 3 months',
  F4_EPISODES: 'more than 3 sanctions in 12 months',
  F5_RETURNS: "this month's and last month's returns late or missing",
  F6_DECLINE: 'overall score fell by 0.5 or more since 3 months ago',
  L3: 'Level 3: active level 3 sanction or trigger',
};

const triggerWords: Readonly<Record<string, string>> = {
  SCORECARD_QUALITY_INADEQUATE: 'Level 3 trigger: Quality area rated Inadequate',
  SCORECARD_DELIVERY_INADEQUATE: 'Level 3 trigger: Delivery area rated Inadequate',
  CQC_WARNING_NOTICE: 'Level 3 trigger: CQC warning notice this month',
  SIGNIFICANT_RISK: 'Level 3 trigger: significant risk reported this month',
  NEEDS_NOT_MET: "Level 3 trigger: people's needs not met this month",
};

/** Lists are comma-separated text, '' when none (CONTRACTS §4). */
export function splitList(list: string | null | undefined): string[] {
  if (!list) return [];
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** An unknown code is still shown, so a new method version never hides a reason. */
function words(code: string, table: Readonly<Record<string, string>>): string {
  return table[code] ?? code;
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Why the provider is at risk: likelihood factors, then level 3 triggers; the rating when neither. */
export function providerReasons(
  risk: RiskMatrixRow | undefined,
  scorecard: ScorecardRow | undefined,
): string[] {
  const out: string[] = [];
  if (risk) for (const f of splitList(risk.factors)) out.push(words(f, factorWords));
  if (scorecard) for (const t of splitList(scorecard.level3_triggers)) out.push(words(t, triggerWords));
  if (out.length === 0 && risk)
    out.push(
      `likelihood ${risk.likelihood_base} from the overall rating ${scorecard?.overall_rating ?? 'Not scored'}`,
    );
  return out;
}

/** What sets impact: the provider's largest share of commissioned hours in a cluster. */
export function impactNote(risk: RiskMatrixRow): string {
  return risk.impact_basis === 'unknown' || risk.max_market_share === null
    ? 'no commissioned hours: impact assumed'
    : `largest cluster share ${formatShare(risk.max_market_share)}`;
}
