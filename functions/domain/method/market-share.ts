// METHODOLOGY §6 "Market share" and "Impact", as Arquero verbs: a provider's commissioned hours in
// a cluster over all providers' hours there, for the weeks ending in the month (two groupby +
// rollups and a join), the largest share per provider-month (a rollup), then impact banded from it
// (a derive). Hours are summed in hundredths, so the sums are exact whatever their order.
import * as aq from 'arquero';
import type { MethodConfig } from './config.ts';
import { type Impact, impact } from './impact.ts';
import type { CommissionedHoursRow } from './inputs.ts';

const { op } = aq;
/** A cluster-month: the join's keys on both sides (a flat list would pair the two names). */
const KEYS = ['month', 'cluster_id'];

/** A provider-month's impact, with the largest share it was banded from (null: no share). */
export interface MarketImpact extends Impact {
  maxShare: number | null;
}

/** provider_id → month → its impact; a provider-month absent has no commissioned-hours data. */
export type MarketImpacts = ReadonlyMap<string, ReadonlyMap<string, MarketImpact>>;

/** The hours rows as an Arquero table: provider, cluster, month of the week ending, hundredths. */
function hoursTable(rows: readonly CommissionedHoursRow[], months?: ReadonlySet<string>): aq.ColumnTable {
  const provider_id: string[] = [];
  const cluster_id: string[] = [];
  const month: string[] = [];
  const hundredths: number[] = [];
  for (const r of rows) {
    const m = r.week_ending.slice(0, 7);
    if (months && !months.has(m)) continue;
    provider_id.push(r.provider_id);
    cluster_id.push(r.cluster_id);
    month.push(m);
    // A missing or non-numeric figure adds nothing, but the provider-month still has data.
    const h = Math.round(r.hours * 100);
    hundredths.push(Number.isNaN(h) ? 0 : h);
  }
  return aq.table({ provider_id, cluster_id, month, hundredths });
}

/**
 * Every provider-month's largest cluster market share and its impact: a share is null when the
 * provider has rows in the month but no cluster with a positive total. Only the given months when
 * `months` is set.
 */
export function marketImpacts(
  rows: readonly CommissionedHoursRow[],
  config: MethodConfig,
  months?: ReadonlySet<string>,
): MarketImpacts {
  const hours = hoursTable(rows, months);
  const totals = hours.groupby('month', 'cluster_id').rollup({ total: op.sum('hundredths') });
  const banded = hours
    .groupby('provider_id', 'month', 'cluster_id')
    .rollup({ own: op.sum('hundredths') })
    .join(totals, [KEYS, KEYS], [aq.all(), aq.not(KEYS)])
    .derive({ share: 'd.total > 0 ? d.own / d.total : null' })
    .groupby('provider_id', 'month')
    .rollup({ max_share: op.max('share') })
    .derive({
      impact: aq.escape((d: { max_share?: number }) => impact(d.max_share ?? null, config).impact),
      basis: aq.escape((d: { max_share?: number }) => impact(d.max_share ?? null, config).basis),
    });
  const out = new Map<string, Map<string, MarketImpact>>();
  const [provider, month, share, imp, basis] = (
    ['provider_id', 'month', 'max_share', 'impact', 'basis'] as const
  ).map((c) => banded.array(c)) as [string[], string[], (number | undefined)[], number[], Impact['basis'][]];
  for (let i = 0; i < banded.numRows(); i++) {
    let byMonth = out.get(provider[i]!);
    if (!byMonth) {
      byMonth = new Map();
      out.set(provider[i]!, byMonth);
    }
    byMonth.set(month[i]!, { maxShare: share[i] ?? null, impact: imp[i]!, basis: basis[i]! });
  }
  return out;
}
