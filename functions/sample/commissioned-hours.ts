// Commissioned hours per provider × cluster × week ending Sunday. Built from the same people,
// service mix and monthly volume as the returns, so market shares and returns agree.

import { addDays, sundaysIn } from './calendar.ts';
import { csvText, decimal2 } from './csv-text.ts';
import type { Rng } from './prng.ts';
import { baseWeeklyHours, type Provider } from './providers.ts';
import type { Volumes } from './volume.ts';

const COMMISSIONED_HOURS_COLUMNS = ['provider_id', 'cluster_id', 'week_ending', 'hours'] as const;

export interface CommissionedHours {
  csv: string;
  /** cluster → provider → hours over the window, for the dominance check in the summary. */
  totals: Map<string, Map<string, number>>;
}

export function commissionedHoursCsv(
  rng: Rng,
  providers: readonly Provider[],
  months: readonly string[],
  volumes: Volumes,
): CommissionedHours {
  const rows: (string | number)[][] = [];
  const totals = new Map<string, Map<string, number>>();
  for (const month of months) {
    for (const sunday of sundaysIn(month)) {
      for (const p of providers) {
        const factor = volumes.get(p.id)?.get(month) ?? 0;
        // Days of this week under contract (a contract can start mid-week).
        const weekStart = addDays(sunday, -6);
        if (p.contractStart > sunday || factor === 0) continue;
        const days =
          p.contractStart > weekStart
            ? 7 - (Date.parse(p.contractStart) - Date.parse(weekStart)) / 86_400_000
            : 7;
        for (const c of p.clusters) {
          const hours =
            Math.round(baseWeeklyHours(p, c) * factor * (days / 7) * rng.uniform(0.985, 1.015) * 100) / 100;
          rows.push([p.id, c, sunday, decimal2(hours)]);
          const byProvider = totals.get(c) ?? new Map<string, number>();
          byProvider.set(p.id, (byProvider.get(p.id) ?? 0) + hours);
          totals.set(c, byProvider);
        }
      }
    }
  }
  return { csv: csvText(COMMISSIONED_HOURS_COLUMNS, rows), totals };
}
