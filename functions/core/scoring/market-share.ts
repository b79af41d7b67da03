// METHODOLOGY §6 "Market share": the provider's commissioned hours in a cluster over all
// providers' hours there, for the weeks ending in the month; impact uses the largest.
import * as aq from 'arquero';
import type { CommissionedHoursRow } from './inputs.ts';

const op = aq.op;

/**
 * provider → month → largest share (null when the provider has hours rows in the month but no
 * cluster with a positive total). A provider-month absent from the map has no data.
 */
export function maxMarketShares(
  rows: readonly CommissionedHoursRow[],
  months?: ReadonlySet<string>,
): Map<string, Map<string, number | null>> {
  const out = new Map<string, Map<string, number | null>>();
  const kept = months ? rows.filter((r) => months.has(r.week_ending.slice(0, 7))) : rows;
  if (kept.length === 0) return out;
  const hours = aq.from(kept as CommissionedHoursRow[]).derive({
    month: (d: CommissionedHoursRow) => op.substring(d.week_ending, 0, 7),
    c: (d: CommissionedHoursRow) => op.round(d.hours * 100),
  });
  const totals = hours.groupby('cluster_id', 'month').rollup({ total: (d: { c: number }) => op.sum(d.c) });
  const shares = hours
    .groupby('provider_id', 'cluster_id', 'month')
    .rollup({ c: (d: { c: number }) => op.sum(d.c) })
    .join(totals, [
      ['cluster_id', 'month'],
      ['cluster_id', 'month'],
    ])
    .derive({ share: (d: { c: number; total: number }) => (d.total > 0 ? d.c / d.total : null) })
    .groupby('provider_id', 'month')
    .rollup({ max_share: (d: { share: number }) => op.max(d.share) });
  for (const r of shares.objects() as { provider_id: string; month: string; max_share: unknown }[]) {
    let byMonth = out.get(r.provider_id);
    if (!byMonth) {
      byMonth = new Map();
      out.set(r.provider_id, byMonth);
    }
    byMonth.set(
      r.month,
      typeof r.max_share === 'number' && Number.isFinite(r.max_share) ? r.max_share : null,
    );
  }
  return out;
}
