// The council's provider register: one row per provider × branch × cluster. Some providers
// extended into a second cluster after their first contract, so contract_start can differ by row
// (the method uses the earliest).

import { addMonths, periodIndex } from '../domain/time/london.ts';
import { dateOf } from './calendar.ts';
import { csvText } from './csv-text.ts';
import type { Rng } from './prng.ts';
import type { Provider } from './providers.ts';

export const REGISTER_COLUMNS = [
  'provider_id',
  'provider_name',
  'cqc_provider_id',
  'branch_id',
  'branch_name',
  'cluster_id',
  'contract_start',
] as const;

export function registerCsv(rng: Rng, providers: readonly Provider[], firstMonth: string): string {
  const rows: (string | number)[][] = [];
  for (const p of providers) {
    // A later start per secondary cluster, chosen once so every branch row agrees.
    const starts = new Map<string, string>();
    for (const c of p.clusters) {
      let start = p.contractStart;
      const room = periodIndex(firstMonth) - periodIndex(p.contractStart.slice(0, 7)) - 1;
      if (c !== p.homeCluster && !p.mobilising && room > 2 && rng.chance(0.25)) {
        start = dateOf(
          addMonths(p.contractStart.slice(0, 7), rng.int(1, room)),
          rng.chance(0.5) ? 1 : rng.int(2, 28),
        );
      }
      starts.set(c, start);
    }
    for (const b of p.branches) {
      for (const c of b.clusters) {
        rows.push([p.id, p.name, p.cqcProviderId, b.id, b.name, c, starts.get(c)!]);
      }
    }
  }
  return csvText(REGISTER_COLUMNS, rows);
}
