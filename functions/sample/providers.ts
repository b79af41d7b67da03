// The provider population: who works where, with which branches, since when, and how well.
// Layout follows DOMAIN §3: urban clusters hold 6–10 providers, rural 2–3 (scaled for other
// sizes), each provider has 1–3 CQC branches, and one rural cluster has a dominant provider.

import type { ServiceCode } from '../domain/method/inputs.ts';
import { addMonths } from '../domain/time/london.ts';
import { dateOf } from './calendar.ts';
import { CLUSTERS, type Cluster, DOMINATED_CLUSTER, isRural, LOW_VOLUME_CLUSTER } from './clusters.ts';
import type { Rng } from './prng.ts';
import { SERVICE_CODES, SERVICE_SHAPES } from './services.ts';

interface Branch {
  /** CQC location id, '1-' + 9–10 digits. */
  id: string;
  name: string;
  clusters: string[];
}

/** Provider-level base rates; months vary around them. */
export interface ProviderRates {
  lateEarly: number;
  missed: number;
  deliveredRatio: number;
  trustedTeam: number;
  careCertificate: number;
  supervision: number;
  appraisal: number;
  dbs: number;
  safeguardingTrained: number;
  turnover: number;
  complaintsPer100Year: number;
  complaintsIn20wd: number;
  acceptance: number;
  responseMedianHours: number;
  doubleHandedShare: number;
  doubleHandedOnTime: number;
  carePlanBySecondVisit: number;
  notificationsOnTime: number;
  /** Share of delivered hours invoiced on top; 0 for all but a planted over-invoicer. */
  overInvoicing: number;
}

export interface Provider {
  id: string;
  name: string;
  cqcProviderId: string;
  contractStart: string;
  /** Contract starts inside the window: returns begin part-way through. */
  mobilising: boolean;
  homeCluster: string;
  clusters: string[];
  branches: Branch[];
  services: ServiceCode[];
  /** Share of people per offered service (sums to 1). */
  serviceMix: Partial<Record<ServiceCode, number>>;
  hoursPerWeek: Partial<Record<ServiceCode, number>>;
  /** Base number of people served per cluster. */
  people: Record<string, number>;
  /** Latent quality (standard normal) behind the rates and CQC ratings; low is weak. */
  quality: number;
  rates: ProviderRates;
  registeredManager: boolean;
}

const namePrefixes = [
  'Bluebell',
  'Oakwood',
  'Harbour',
  'Meadowside',
  'Kentish',
  'Weald',
  'Orchard',
  'Hop Garden',
  'Downs',
  'Channel',
  'Marshland',
  'Willow',
  'Primrose',
  'Heritage',
  'Compass',
  'Beacon',
  'Lighthouse',
  'Evergreen',
  'Silver Birch',
  'Hawthorn',
  'Riverside',
  'Castle',
  'Cathedral',
  'Greensand',
  'Oast House',
  'Saxon',
  'Coastline',
  'Medway Valley',
  'Stour',
  'Chalk Hill',
  'Pilgrims',
  'Lavender',
  'Cherry Tree',
  'Swan',
  'Kingfisher',
  'Heathland',
  'Foxglove',
  'Holly Lodge',
  'Elmstead',
  'Brightwell',
] as const;
const nameSuffixes = [
  'Home Care',
  'Care Services',
  'Homecare Ltd',
  'Care at Home',
  'Domiciliary Care',
  'Support Services',
  'Community Care',
  'Care Partners',
] as const;
// A few names that need quoting in CSV, as real registers have.
const awkwardNames = ["St. Mary's Care, Kent Ltd", 'Hands "R" Us Care', 'Smith, Jones & Co. Home Care'];

function providerNames(rng: Rng, n: number): string[] {
  const combos: string[] = [];
  for (const p of namePrefixes) for (const s of nameSuffixes) combos.push(`${p} ${s}`);
  const shuffled = rng.shuffle(combos);
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = shuffled[i % shuffled.length]!;
    names.push(i < shuffled.length ? base : `${base} ${Math.floor(i / shuffled.length) + 1}`);
  }
  // Slot the awkward names in at fixed-but-seeded places.
  for (const awkward of awkwardNames) {
    if (n > 10) names[rng.int(0, n - 1)] = awkward;
  }
  return names;
}

function uniqueCqcId(rng: Rng, used: Set<string>): string {
  for (;;) {
    const id = `1-${rng.digits(rng.chance(0.6) ? 9 : 10)}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** Provider slots per cluster: urban 6–10, rural 2–3 at 80 providers, scaled for other sizes. */
function clusterTargets(rng: Rng, n: number): Map<string, number> {
  const scale = n / 80;
  const targets = new Map<string, number>();
  for (const c of CLUSTERS) {
    const base = isRural(c) ? rng.int(2, 3) : rng.int(6, 10);
    targets.set(c.id, Math.max(1, Math.round(base * scale)));
  }
  // Every provider needs a home cluster.
  let total = [...targets.values()].reduce((a, b) => a + b, 0);
  const urban = CLUSTERS.filter((c) => !isRural(c));
  for (let i = 0; total < n; i++, total++) {
    const id = urban[i % urban.length]!.id;
    targets.set(id, targets.get(id)! + 1);
  }
  return targets;
}

/** Home clusters in proportion to the targets (largest remainder), never above a target. */
function homeCounts(targets: Map<string, number>, n: number): Map<string, number> {
  const total = [...targets.values()].reduce((a, b) => a + b, 0);
  const homes = new Map<string, number>();
  const remainders: [string, number][] = [];
  let assigned = 0;
  for (const [id, t] of targets) {
    const quota = (t * n) / total;
    homes.set(id, Math.floor(quota));
    assigned += Math.floor(quota);
    remainders.push([id, quota - Math.floor(quota)]);
  }
  remainders.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [id] of remainders) {
    if (assigned >= n) break;
    if (homes.get(id)! < targets.get(id)!) {
      homes.set(id, homes.get(id)! + 1);
      assigned++;
    }
  }
  return homes;
}

function geoDistance(a: Cluster, b: Cluster): number {
  if (a.district === b.district) return 0;
  return a.lotArea === b.lotArea ? 1 : 2;
}

function contractStartFor(rng: Rng, firstMonth: string, kind: 'established' | 'embedding'): string {
  const monthsBefore = kind === 'embedding' ? rng.int(7, 12) : rng.int(14, 120);
  const period = addMonths(firstMonth, -monthsBefore);
  return dateOf(period, rng.chance(0.35) ? 1 : rng.int(2, 28));
}

/**
 * A provider's base rates, spread as DOMAIN §3 describes. `quality` (a standard normal) is shared
 * by every rate: weak providers are weak across the board, so the poor values gather in about
 * one provider in ten instead of touching most of them. Each rate keeps its mean and sd.
 */
export function drawRates(rng: Rng, quality = rng.normal()): ProviderRates {
  const shared = 0.75;
  const own = Math.sqrt(1 - shared * shared);
  // sign +1: higher quality means a higher rate; -1: a lower one.
  const spread = (mean: number, sd: number, min: number, max: number, sign: 1 | -1) =>
    Math.min(max, Math.max(min, mean + sd * (sign * shared * quality + own * rng.normal())));
  return {
    lateEarly: spread(0.03, 0.02, 0.003, 0.15, -1),
    missed: spread(0.0015, 0.002, 0, 0.02, -1),
    deliveredRatio: spread(0.98, 0.02, 0.88, 1.01, 1),
    trustedTeam: spread(0.78, 0.12, 0.35, 0.99, 1),
    careCertificate: spread(0.88, 0.1, 0.4, 1, 1),
    supervision: spread(0.9, 0.08, 0.5, 1, 1),
    appraisal: spread(0.92, 0.06, 0.5, 1, 1),
    dbs: spread(0.97, 0.03, 0.85, 1, 1),
    safeguardingTrained: spread(0.95, 0.04, 0.7, 1, 1),
    turnover: spread(0.24, 0.08, 0.05, 0.6, -1),
    complaintsPer100Year: rng.logNormal(1.5, 0.4),
    complaintsIn20wd: spread(0.75, 0.15, 0.2, 1, 1),
    acceptance: rng.clampedNormal(0.6, 0.15, 0.15, 0.95),
    responseMedianHours: rng.logNormal(3, 0.5),
    doubleHandedShare: rng.clampedNormal(0.08, 0.02, 0.02, 0.15),
    doubleHandedOnTime: spread(0.96, 0.03, 0.8, 1, 1),
    carePlanBySecondVisit: spread(0.96, 0.03, 0.8, 1, 1),
    notificationsOnTime: spread(0.97, 0.03, 0.85, 1, 1),
    overInvoicing: 0,
  };
}

/** Weekly commissioned hours of a provider in a cluster at its base volume. */
export function baseWeeklyHours(p: Provider, clusterId: string): number {
  const people = p.people[clusterId] ?? 0;
  let hours = 0;
  for (const s of p.services) hours += people * (p.serviceMix[s] ?? 0) * (p.hoursPerWeek[s] ?? 0);
  return hours;
}

export function buildProviders(rng: Rng, n: number, firstMonth: string, months: number): Provider[] {
  const targets = clusterTargets(rng, n);
  const homes = homeCounts(targets, n);
  const homeList = rng.shuffle(CLUSTERS.flatMap((c) => Array<string>(homes.get(c.id) ?? 0).fill(c.id)));
  const names = providerNames(rng, n);
  const usedIds = new Set<string>();
  const pad = Math.max(3, String(n).length);

  const providers: Provider[] = homeList.map((home, i) => {
    const services = SERVICE_CODES.filter((s) => rng.chance(SERVICE_SHAPES[s].offeredBy));
    if (!services.includes('HC') && !services.includes('SIS')) services.unshift('HC');
    const quality = rng.normal();
    const weightSum = services.reduce((sum, s) => sum + SERVICE_SHAPES[s].weight, 0);
    const serviceMix: Partial<Record<ServiceCode, number>> = {};
    const hoursPerWeek: Partial<Record<ServiceCode, number>> = {};
    for (const s of services) {
      serviceMix[s] = SERVICE_SHAPES[s].weight / weightSum;
      hoursPerWeek[s] = rng.logNormal(SERVICE_SHAPES[s].hoursPerWeek, 0.12);
    }
    return {
      id: `P${String(i + 1).padStart(pad, '0')}`,
      name: names[i]!,
      cqcProviderId: uniqueCqcId(rng, usedIds),
      contractStart: contractStartFor(rng, firstMonth, rng.chance(0.06) ? 'embedding' : 'established'),
      mobilising: false,
      homeCluster: home,
      clusters: [home],
      branches: [],
      services,
      serviceMix,
      hoursPerWeek,
      people: {},
      quality,
      rates: drawRates(rng, quality),
      registeredManager: rng.chance(0.94),
    };
  });

  // Fill the remaining cluster slots with nearby providers that cover the fewest clusters.
  for (const cluster of CLUSTERS) {
    let open = (targets.get(cluster.id) ?? 0) - (homes.get(cluster.id) ?? 0);
    const candidates = providers
      .filter((p) => !p.clusters.includes(cluster.id))
      .map((p) => {
        const load = p.clusters.length >= 3 ? 3 : 0;
        return {
          p,
          key: geoDistance(CLUSTERS.find((c) => c.id === p.homeCluster)!, cluster) + load,
          r: rng.next(),
        };
      })
      .sort((a, b) => a.key - b.key || a.p.clusters.length - b.p.clusters.length || a.r - b.r);
    for (const { p } of candidates) {
      if (open <= 0) break;
      p.clusters.push(cluster.id);
      open--;
    }
  }

  // Mobilising providers start inside the window, on a day that is not always the 1st.
  if (months >= 4 && n >= 5) {
    const count = Math.max(1, Math.round(n * 0.04));
    const eligible = providers.filter((p) => p.homeCluster !== DOMINATED_CLUSTER);
    for (const [k, p] of rng.shuffle(eligible).slice(0, count).entries()) {
      const period = addMonths(firstMonth, rng.int(2, months - 2));
      p.contractStart = dateOf(period, k === 0 ? 1 : rng.int(2, 28));
      p.mobilising = true;
    }
  }

  for (const p of providers) {
    p.clusters.sort();
    const branchCount = rng.weighted([
      [1, 0.55],
      [2, 0.3],
      [3, 0.15],
    ] as const);
    const ordered = [p.homeCluster, ...p.clusters.filter((c) => c !== p.homeCluster)];
    const branches: Branch[] = Array.from({ length: branchCount }, () => ({
      id: uniqueCqcId(rng, usedIds),
      name: '',
      clusters: [],
    }));
    ordered.forEach((c, i) => {
      branches[i % branchCount]!.clusters.push(c);
    });
    // A second office in the home town when there are more branches than clusters.
    for (const b of branches) if (b.clusters.length === 0) b.clusters.push(p.homeCluster);
    const seen = new Map<string, number>();
    for (const b of branches) {
      const town = CLUSTERS.find((c) => c.id === b.clusters[0])!.name;
      const k = (seen.get(town) ?? 0) + 1;
      seen.set(town, k);
      b.name = `${p.name.replace(/,.*$/, '')} - ${town}${k > 1 ? ` ${k}` : ''}`;
    }
    p.branches = branches;

    for (const c of p.clusters) {
      const cluster = CLUSTERS.find((x) => x.id === c)!;
      const home = c === p.homeCluster;
      let people = isRural(cluster) ? rng.logNormal(home ? 32 : 14, 0.4) : rng.logNormal(home ? 70 : 28, 0.5);
      if (c === LOW_VOLUME_CLUSTER) people *= 0.4;
      p.people[c] = Math.max(3, Math.round(people));
    }
  }

  makeDominant(providers);
  return providers;
}

/** Gives the dominated rural cluster a provider with well over half the commissioned hours. */
function makeDominant(providers: Provider[]): void {
  const inCluster = providers.filter((p) => p.clusters.includes(DOMINATED_CLUSTER));
  const dominant =
    inCluster.find((p) => p.homeCluster === DOMINATED_CLUSTER && !p.mobilising) ??
    inCluster.find((p) => !p.mobilising);
  if (!dominant || inCluster.length < 2) return;
  for (let i = 0; i < 20; i++) {
    const total = inCluster.reduce((sum, p) => sum + baseWeeklyHours(p, DOMINATED_CLUSTER), 0);
    if (baseWeeklyHours(dominant, DOMINATED_CLUSTER) / total >= 0.62) return;
    dominant.people[DOMINATED_CLUSTER] = Math.round((dominant.people[DOMINATED_CLUSTER] ?? 1) * 1.25) + 1;
  }
}

export function dominantProvider(providers: readonly Provider[]): Provider | undefined {
  const inCluster = providers.filter((p) => p.clusters.includes(DOMINATED_CLUSTER));
  const total = inCluster.reduce((sum, p) => sum + baseWeeklyHours(p, DOMINATED_CLUSTER), 0);
  return inCluster.find((p) => baseWeeklyHours(p, DOMINATED_CLUSTER) / total > 0.5);
}

/** Contract start month, 'YYYY-MM'. */
export function startMonth(p: Provider): string {
  return p.contractStart.slice(0, 7);
}
