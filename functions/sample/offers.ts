// Package offers per cluster per month (CONTRACTS §1.2). Each new package goes to one provider at
// a time until someone accepts, at most three tries. The low-volume rural cluster is hard to
// place: fewer packages, slower answers, more declines. Times mix the formats councils send.

import {
  dateOf,
  daysIn,
  isoLondonOffset,
  isoZ,
  londonDateOf,
  londonOffsetAt,
  officeHoursOn,
  weekday,
} from './calendar.ts';
import { CLUSTERS } from './clusters.ts';
import { csvText } from './csv-text.ts';
import type { IncidentPlan } from './incidents.ts';
import type { Rng } from './prng.ts';
import type { Provider } from './providers.ts';
import type { Embargo } from './sanctions.ts';
import type { Volumes } from './volume.ts';

const OFFER_COLUMNS = [
  'offer_id',
  'provider_id',
  'cluster_id',
  'offered_at',
  'responded_at',
  'response',
] as const;

type Format = 'offset' | 'local' | 'zulu';

function formatInstant(instant: Date, format: Format): string {
  if (format === 'zulu') return isoZ(instant);
  if (format === 'offset') return isoLondonOffset(instant, londonOffsetAt(instant));
  // London local wall-clock time with no offset, as a spreadsheet would export it.
  return isoLondonOffset(instant, londonOffsetAt(instant)).slice(0, 19).replace('T', ' ');
}

function embargoed(embargoes: readonly Embargo[], provider: string, date: string): boolean {
  return embargoes.some((e) => e.provider === provider && e.from <= date && (e.to === null || date < e.to));
}

export function offersCsv(
  rng: Rng,
  providers: readonly Provider[],
  months: readonly string[],
  volumes: Volumes,
  plan: IncidentPlan,
  embargoes: readonly Embargo[],
): { csv: string; count: number } {
  const rows: string[][] = [];
  let seq = 0;
  for (const cluster of CLUSTERS) {
    const hard = cluster.id === plan.lowVolumeCluster;
    const members = providers.filter((p) => p.clusters.includes(cluster.id));
    for (const month of months) {
      const volume = (p: Provider) => (p.people[cluster.id] ?? 0) * (volumes.get(p.id)?.get(month) ?? 0);
      const people = members.reduce((s, p) => s + volume(p), 0);
      const packages = rng.poisson(people * (hard ? 0.05 : 0.065));
      for (let k = 0; k < packages; k++) {
        let date = dateOf(month, rng.int(1, daysIn(month)));
        while (weekday(date) === 0 || weekday(date) === 6) date = dateOf(month, rng.int(1, daysIn(month)));
        let at = officeHoursOn(rng, date);
        const tried = new Set<string>();
        for (let attempt = 0; attempt < 3; attempt++) {
          const today = londonDateOf(at);
          if (today.slice(0, 7) !== month) break;
          const open = members.filter(
            (p) =>
              volume(p) > 0 &&
              p.contractStart <= today &&
              !tried.has(p.id) &&
              !embargoed(embargoes, p.id, today),
          );
          if (open.length === 0) break;
          const p = rng.weighted(open.map((q) => [q, volume(q) + 1] as const));
          tried.add(p.id);
          const format: Format = rng.weighted([
            ['offset', 0.5],
            ['local', 0.3],
            ['zulu', 0.2],
          ] as const);
          const acceptance = hard ? p.rates.acceptance * 0.4 : p.rates.acceptance;
          const silent = rng.chance(hard ? 0.2 : 0.05);
          const response = silent ? 'no_response' : rng.chance(acceptance) ? 'accepted' : 'declined';
          const hours = Math.min(70, rng.logNormal(p.rates.responseMedianHours * (hard ? 6 : 1), 0.8));
          const answered = new Date(at.getTime() + Math.max(0.05, hours) * 3_600_000);
          seq++;
          rows.push([
            `OF${String(seq).padStart(6, '0')}`,
            p.id,
            cluster.id,
            formatInstant(at, format),
            silent ? '' : formatInstant(answered, format),
            response,
          ]);
          if (response === 'accepted') break;
          // The next provider is tried once this one has answered, or after a day of silence.
          at = silent ? new Date(at.getTime() + 24 * 3_600_000) : new Date(answered.getTime() + 15 * 60_000);
        }
      }
    }
  }
  return { csv: csvText(OFFER_COLUMNS, rows), count: rows.length };
}
