// Which provider gets which planted incident. Roles go to providers whose contracts began before
// the window, so every planted event has a full history around it.

import { quarterStartOf } from './calendar.ts';
import { DOMINATED_CLUSTER, LOW_VOLUME_CLUSTER } from './clusters.ts';
import { Rng } from './prng.ts';
import { dominantProvider, type Provider } from './providers.ts';

type BadRowKind = 'unknown-branch' | 'negative-count' | 'other-provider' | 'duplicate-row';
type ResubmissionKind = 'fixes-bad-row' | 'corrects-hours' | 'drops-a-row';

export interface IncidentPlan {
  /** CQC downgrade to Inadequate, warning notice, level 3 sanction, missed calls rising. */
  crisis?: { provider: string; month: string };
  /** Persistent missed calls, late returns at the end of the window, more than 3 sanctions. */
  struggling?: { provider: string; lateMonths: string[] };
  dbsLow?: string;
  overInvoicing?: string;
  significantRisk?: { provider: string; month: string };
  needsNotMet?: { provider: string; month: string };
  dominant?: { provider: string; cluster: string };
  lowVolumeCluster: string;
  /** Keys 'provider|period'. */
  missing: Set<string>;
  badRows: Map<string, BadRowKind>;
  resubmissions: Map<string, ResubmissionKind>;
  unknownColumn?: string;
  bomCrlf?: string;
  /** Keys 'provider|quarter_start'. */
  windows1252?: string;
  ratingWords?: string;
}

export const key = (provider: string, period: string) => `${provider}|${period}`;

export function planIncidents(
  seed: number,
  providers: readonly Provider[],
  months: readonly string[],
): IncidentPlan {
  const rng = Rng.derive(seed, 'incidents');
  const first = months[0]!;
  const last = months.length - 1;
  const dominant = dominantProvider(providers);
  const established = providers.filter((p) => !p.mobilising && p.contractStart.slice(0, 7) < first);
  const preferred = established.filter((p) => p !== dominant);
  const pool = rng.shuffle(preferred.length > 0 ? preferred : providers);
  let next = 0;
  // Cycles when a small county has fewer providers than roles: roles then share providers.
  const take = (): Provider => pool[next++ % pool.length]!;
  const monthAt = (fraction: number) => months[Math.min(last, Math.max(0, Math.round(last * fraction)))]!;

  const plan: IncidentPlan = {
    lowVolumeCluster: LOW_VOLUME_CLUSTER,
    missing: new Set(),
    badRows: new Map(),
    resubmissions: new Map(),
  };
  if (dominant) plan.dominant = { provider: dominant.id, cluster: DOMINATED_CLUSTER };
  if (pool.length === 0) return plan;

  const crisis = take();
  plan.crisis = { provider: crisis.id, month: months.length > 1 ? monthAt(0.6) : first };
  const struggling = take();
  plan.struggling = { provider: struggling.id, lateMonths: months.slice(-3) };
  struggling.rates.missed = 0.013;
  struggling.rates.lateEarly = Math.max(struggling.rates.lateEarly, 0.08);
  const dbsLow = take();
  plan.dbsLow = dbsLow.id;
  dbsLow.rates.dbs = 0.86;
  const overInvoicing = take();
  plan.overInvoicing = overInvoicing.id;
  overInvoicing.rates.overInvoicing = 0.012;
  plan.significantRisk = { provider: take().id, month: monthAt(0.25) };
  plan.needsNotMet = { provider: take().id, month: monthAt(0.5) };

  // File-level incidents: each on its own provider-month where the pool allows.
  const used = new Set<string>();
  const slot = (earliest = 0, latest = last): string => {
    let k = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      const p = take();
      if (p.id === plan.struggling?.provider && pool.length > 1) continue;
      k = key(p.id, months[rng.int(earliest, Math.max(earliest, latest))]!);
      if (!used.has(k)) break;
    }
    // A tiny county may run out of fresh provider-months: incidents then share one.
    used.add(k);
    return k;
  };
  const missingCount = Math.max(1, Math.round(providers.length / 30));
  for (let i = 0; i < missingCount; i++) plan.missing.add(slot(0, last - 1));
  for (const kind of ['unknown-branch', 'negative-count', 'other-provider', 'duplicate-row'] as const) {
    plan.badRows.set(slot(), kind);
  }
  // Resubmissions sit before the last month so the corrected file still arrives before as-of.
  for (const kind of ['fixes-bad-row', 'corrects-hours', 'drops-a-row'] as const) {
    plan.resubmissions.set(slot(0, Math.max(0, last - 1)), kind);
  }
  plan.unknownColumn = slot();
  plan.bomCrlf = slot();

  // Self-assessment incidents need a quarter that ends inside the window.
  const quarters = [...new Set(months.map(quarterStartOf))].filter((q) => months.includes(addQuarterEnd(q)));
  if (quarters.length > 0) {
    plan.windows1252 = key(take().id, rng.pick(quarters));
    plan.ratingWords = key(take().id, rng.pick(quarters));
  }
  return plan;
}

function addQuarterEnd(quarterStart: string): string {
  const m = Number(quarterStart.slice(5, 7)) + 2;
  return `${quarterStart.slice(0, 4)}-${String(m).padStart(2, '0')}`;
}
