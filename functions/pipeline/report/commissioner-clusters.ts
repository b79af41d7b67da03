// The cluster view of one month: how much is commissioned, how concentrated the market is (HHI)
// and how its providers are rated. Shares use the weeks ending in the month, as METHODOLOGY §6.
import { RISK_TIERS, type RiskTier } from '../../domain/method/config.ts';
import type { ClusterRow, CommissionedHoursRow, ProviderRegisterRow } from '../../domain/method/inputs.ts';
import type { RatingOrNotScored, RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';

export const RATINGS_SHOWN: readonly RatingOrNotScored[] = [
  'Outstanding',
  'Good',
  'Requires improvement',
  'Inadequate',
  'Not scored',
];

export interface ClusterSummary {
  cluster_id: string;
  cluster_name: string;
  /** Providers with a registered branch in the cluster or commissioned hours there in the month. */
  providers: number;
  commissioned_hours: number;
  /** Σ share² over providers' hours in the month, 0–1; null when no hours. */
  hhi: number | null;
  largest_share: number | null;
  largest_provider_id: string | null;
  ratings: Record<RatingOrNotScored, number>;
  tiers: Record<RiskTier, number>;
}

export function emptyRatingCounts(): Record<RatingOrNotScored, number> {
  return { Outstanding: 0, Good: 0, 'Requires improvement': 0, Inadequate: 0, 'Not scored': 0 };
}

function emptyTierCounts(): Record<RiskTier, number> {
  return Object.fromEntries(RISK_TIERS.map((t) => [t, 0])) as Record<RiskTier, number>;
}

/** Herfindahl–Hirschman index of hours by provider; hours are summed in hundredths to stay exact. */
export function hhi(hundredthsByProvider: ReadonlyMap<string, number>): number | null {
  let total = 0;
  for (const c of hundredthsByProvider.values()) total += c;
  if (total <= 0) return null;
  let sum = 0;
  for (const c of hundredthsByProvider.values()) sum += (c / total) ** 2;
  return sum;
}

export function clusterSummaries(
  period: string,
  clusters: readonly ClusterRow[],
  register: readonly ProviderRegisterRow[],
  hours: readonly CommissionedHoursRow[],
  scorecards: readonly ScorecardRow[],
  risk: readonly RiskMatrixRow[],
): ClusterSummary[] {
  const providersOf = new Map<string, Set<string>>();
  const hoursOf = new Map<string, Map<string, number>>();
  const member = (clusterId: string, providerId: string) => {
    const set = providersOf.get(clusterId) ?? new Set<string>();
    set.add(providerId);
    providersOf.set(clusterId, set);
  };
  for (const c of clusters) providersOf.set(c.cluster_id, providersOf.get(c.cluster_id) ?? new Set());
  for (const r of register) member(r.cluster_id, r.provider_id);
  for (const h of hours) {
    if (h.week_ending.slice(0, 7) !== period) continue;
    member(h.cluster_id, h.provider_id);
    const byProvider = hoursOf.get(h.cluster_id) ?? new Map<string, number>();
    hoursOf.set(h.cluster_id, byProvider);
    byProvider.set(h.provider_id, (byProvider.get(h.provider_id) ?? 0) + Math.round(h.hours * 100));
  }
  const ratingOf = new Map<string, RatingOrNotScored>();
  for (const s of scorecards) if (s.period === period) ratingOf.set(s.provider_id, s.overall_rating);
  const tierOf = new Map<string, RiskTier>();
  for (const r of risk) if (r.period === period) tierOf.set(r.provider_id, r.risk_tier);
  const nameOf = new Map(clusters.map((c) => [c.cluster_id, c.cluster_name]));

  return [...providersOf.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([clusterId, providers]) => {
      const byProvider = hoursOf.get(clusterId) ?? new Map<string, number>();
      let total = 0;
      for (const c of byProvider.values()) total += c;
      let largest: [string, number] | null = null;
      for (const [p, c] of [...byProvider.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        if (!largest || c > largest[1]) largest = [p, c];
      const ratings = emptyRatingCounts();
      const tiers = emptyTierCounts();
      for (const p of providers) {
        const rating = ratingOf.get(p);
        if (rating) ratings[rating] += 1;
        const tier = tierOf.get(p);
        if (tier) tiers[tier] += 1;
      }
      return {
        cluster_id: clusterId,
        cluster_name: nameOf.get(clusterId) ?? '',
        providers: providers.size,
        commissioned_hours: total / 100,
        hhi: hhi(byProvider),
        largest_share: largest && total > 0 ? largest[1] / total : null,
        largest_provider_id: largest && total > 0 ? largest[0] : null,
        ratings,
        tiers,
      };
    });
}
