// METHODOLOGY §6 "Market share": the provider's commissioned hours in a cluster over all
// providers' hours there, for the weeks ending in the month; impact uses the largest.
// Plain loops over Maps: a national run has a quarter of a million weekly rows.
import type { CommissionedHoursRow } from './inputs.ts';

/** month → cluster → Σ hours in hundredths. */
export type HoursByMonth = Map<string, Map<string, number>>;

/** The month ('YYYY-MM') of a row's week ending; one slice per distinct week. */
export function weekMonths(): (row: CommissionedHoursRow) => string {
  const months = new Map<string, string>();
  return (row) => {
    let month = months.get(row.week_ending);
    if (month === undefined) {
      month = row.week_ending.slice(0, 7);
      months.set(row.week_ending, month);
    }
    return month;
  };
}

/** Σ hours per month and cluster, in hundredths; only the given months when `months` is set. */
export function clusterHours(
  rows: readonly CommissionedHoursRow[],
  months?: ReadonlySet<string>,
  monthOf: (row: CommissionedHoursRow) => string = weekMonths(),
): HoursByMonth {
  const byMonth: HoursByMonth = new Map();
  for (const r of rows) {
    const month = monthOf(r);
    if (months && !months.has(month)) continue;
    let byCluster = byMonth.get(month);
    if (!byCluster) {
      byCluster = new Map();
      byMonth.set(month, byCluster);
    }
    const hundredths = Math.round(r.hours * 100);
    // A missing or non-numeric figure adds nothing, but the provider-month still has data.
    const c = Number.isNaN(hundredths) ? 0 : hundredths;
    byCluster.set(r.cluster_id, (byCluster.get(r.cluster_id) ?? 0) + c);
  }
  return byMonth;
}

/**
 * One provider's largest share per month, from its own rows and every provider's cluster totals:
 * null when the provider has rows in the month but no cluster with a positive total; a month
 * absent from the map has no data.
 */
export function maxMarketShares(own: HoursByMonth, totals: HoursByMonth): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [month, byCluster] of own) {
    const clusterTotals = totals.get(month)!;
    let max: number | null = null;
    for (const [cluster, c] of byCluster) {
      const total = clusterTotals.get(cluster)!;
      if (total > 0 && (max === null || c / total > max)) max = c / total;
    }
    out.set(month, max);
  }
  return out;
}
