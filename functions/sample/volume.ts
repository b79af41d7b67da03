// How much care each provider gives in each month, relative to its base: a gentle random walk,
// and a ramp-up for providers that mobilise inside the window. Returns and the commissioned-hours
// feed both read these factors, so the two stay consistent.

import { periodIndex } from '../domain/time/london.ts';
import { daysIn } from './calendar.ts';
import { Rng } from './prng.ts';
import { type Provider, startMonth } from './providers.ts';

/** provider id → period → volume factor (0 before the contract starts). */
export type Volumes = Map<string, Map<string, number>>;

export function monthlyVolumes(
  seed: number,
  providers: readonly Provider[],
  months: readonly string[],
): Volumes {
  const out: Volumes = new Map();
  for (const p of providers) {
    const rng = Rng.derive(seed, `volume:${p.id}`);
    const byMonth = new Map<string, number>();
    let level = rng.uniform(0.94, 1.04);
    const start = startMonth(p);
    for (const m of months) {
      level = Math.min(1.2, Math.max(0.8, level * rng.normal(1.005, 0.025)));
      const sinceStart = periodIndex(m) - periodIndex(start);
      let factor = level;
      if (sinceStart < 0) factor = 0;
      else if (p.mobilising && sinceStart < 3) {
        // New contracts build up over a quarter; the first month counts only the days served.
        const ramp = [0.35, 0.6, 0.85][sinceStart]!;
        factor = level * ramp;
      }
      byMonth.set(m, factor);
    }
    out.set(p.id, byMonth);
  }
  return out;
}

/** Days of month m on which the provider was under contract. */
export function activeDays(p: Provider, period: string): number {
  const start = startMonth(p);
  if (period < start) return 0;
  if (period > start) return daysIn(period);
  return daysIn(period) - Number(p.contractStart.slice(8, 10)) + 1;
}

/** Share of a provider's people in a cluster served from a branch (branches may share a town). */
export function branchShare(p: Provider, branchClusters: readonly string[], cluster: string): number {
  if (!branchClusters.includes(cluster)) return 0;
  const serving = p.branches.filter((b) => b.clusters.includes(cluster)).length;
  return 1 / serving;
}
