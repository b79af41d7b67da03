// CQC location documents as the public API publishes them: the fields the pipeline reads, plus
// the usual extra fields it must ignore. One branch is downgraded inside the window.

import { addMonths } from '../domain/time/london.ts';
import { addDays, dateOf, daysIn } from './calendar.ts';
import { CLUSTERS } from './clusters.ts';
import type { IncidentPlan } from './incidents.ts';
import type { Rng } from './prng.ts';
import type { Provider } from './providers.ts';

type Rating = 'Outstanding' | 'Good' | 'Requires improvement' | 'Inadequate';

const ratingMix: readonly (readonly [Rating, number])[] = [
  ['Good', 0.8],
  ['Outstanding', 0.05],
  ['Requires improvement', 0.12],
  ['Inadequate', 0.03],
];
const keyQuestions = ['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led'];
const postcodeAreas: Record<string, string> = {
  Ashford: 'TN23',
  Canterbury: 'CT1',
  Thanet: 'CT9',
  Dover: 'CT16',
  Shepway: 'CT20',
  Swale: 'ME10',
  Dartford: 'DA1',
  Gravesham: 'DA11',
  Sevenoaks: 'TN13',
  Maidstone: 'ME14',
  'Tonbridge & Malling': 'TN9',
  'Tunbridge Wells': 'TN1',
};

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf): good to 1e-7, plenty for a quantile. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * A rating drawn from the county mix, but leaning on the provider's latent quality so weak
 * providers are the ones CQC finds wanting; the mix across all locations is unchanged.
 */
const worstFirst: readonly Rating[] = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];

function ratingFor(rng: Rng, quality: number): Rating {
  let q = normalCdf(0.8 * quality + 0.6 * rng.normal());
  for (const rating of worstFirst) {
    const share = ratingMix.find(([r]) => r === rating)![1];
    if (q < share) return rating;
    q -= share;
  }
  return 'Outstanding';
}

interface Inspection {
  date: string;
  rating: Rating | 'Not yet rated';
}

export interface CqcOutput {
  json: string;
  /** Location id of the downgraded branch, and its ratings before and after. */
  downgrade?: { provider: string; location: string; date: string; from: Rating; to: Rating };
}

function hexId(rng: Rng): string {
  const hex = () => rng.int(0, 0xffff).toString(16).padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

function ratingBlock(rng: Rng, rating: string) {
  return {
    rating,
    keyQuestionRatings: keyQuestions.map((name) => ({
      name,
      rating: rng.chance(0.85) || rating === 'Not yet rated' ? rating : rng.weighted(ratingMix),
    })),
  };
}

export function cqcLocationsJson(
  rng: Rng,
  providers: readonly Provider[],
  months: readonly string[],
  plan: IncidentPlan,
): CqcOutput {
  const first = months[0]!;
  const last = months[months.length - 1]!;
  const docs: Record<string, unknown>[] = [];
  let downgrade: CqcOutput['downgrade'];
  let spelledDifferently = false;

  for (const p of providers) {
    for (const [bi, b] of p.branches.entries()) {
      const inspections: Inspection[] = [];
      if (p.mobilising) {
        inspections.push({ date: p.contractStart, rating: 'Not yet rated' });
      } else {
        // Current inspection somewhere in the 4 years before the window ends; earlier ones 1–3 years apart.
        let date = dateOf(addMonths(last, -rng.int(0, 47)), rng.int(1, 28));
        const count = rng.int(1, 3);
        for (let i = 0; i < count; i++) {
          inspections.unshift({ date, rating: ratingFor(rng, p.quality) });
          date = addDays(date, -rng.int(420, 1100));
        }
      }
      if (plan.crisis?.provider === p.id && bi === 0) {
        // Good before the window, Inadequate at an inspection in the crisis month.
        const before = addDays(dateOf(first, 1), -rng.int(300, 700));
        const at = dateOf(plan.crisis.month, rng.int(3, Math.min(12, daysIn(plan.crisis.month))));
        inspections.length = 0;
        inspections.push({ date: addDays(before, -900), rating: 'Good' }, { date: before, rating: 'Good' });
        inspections.push({ date: at, rating: 'Inadequate' });
        downgrade = { provider: p.id, location: b.id, date: at, from: 'Good', to: 'Inadequate' };
      }
      const current = inspections[inspections.length - 1]!;
      const historic = inspections.slice(0, -1).reverse();
      const cluster = CLUSTERS.find((c) => c.id === b.clusters[0])!;
      let currentRating: string = current.rating;
      // The API's spelling drifts now and then; ratings compare case-insensitively.
      if (!spelledDifferently && currentRating === 'Requires improvement' && p.id !== plan.crisis?.provider) {
        currentRating = 'Requires Improvement';
        spelledDifferently = true;
      }
      const overall: Record<string, unknown> = { ...ratingBlock(rng, currentRating) };
      if (current.rating !== 'Not yet rated') {
        overall.reportDate = current.date;
        overall.reportLinkId = hexId(rng);
      }
      docs.push({
        locationId: b.id,
        providerId: p.cqcProviderId,
        organisationType: 'Location',
        type: 'Social Care Org',
        locationName: b.name,
        brandId: 'BD000',
        onspdCcgName: cluster.ccg,
        registrationStatus: 'Registered',
        registrationDate: addDays(inspections[0]!.date, -rng.int(90, 400)),
        dormancy: 'N',
        numberOfBeds: 0,
        postalAddressLine1: `${rng.int(1, 120)} High Street`,
        postalAddressTownCity: cluster.name.split(' & ')[0]!.replace(/ (Town|City)$/, ''),
        postalAddressCounty: 'Kent',
        region: 'South East',
        postalCode: `${postcodeAreas[cluster.district] ?? 'ME1'} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
        localAuthority: 'Kent',
        gacServiceTypes: [{ name: 'Homecare agencies', description: 'Domiciliary care service' }],
        regulatedActivities: [{ name: 'Personal care', code: 'RA2' }],
        inspectionCategories: [
          { code: 'S1', primary: 'true', name: 'Community based adult social care services' },
        ],
        currentRatings: {
          overall,
          reportDate: current.rating === 'Not yet rated' ? undefined : current.date,
        },
        historicRatings: historic.map((h) => ({
          reportLinkId: hexId(rng),
          reportDate: h.date,
          overall: ratingBlock(rng, h.rating),
        })),
      });
    }
  }
  // A location of a provider outside the contract: the register does not know it.
  docs.push({
    locationId: '1-999000111',
    providerId: '1-999000100',
    locationName: 'Out of County Home Care - Crawley',
    registrationStatus: 'Registered',
    region: 'South East',
    localAuthority: 'West Sussex',
    currentRatings: { overall: { rating: 'Good', reportDate: dateOf(addMonths(last, -5), 14) } },
    historicRatings: [],
  });
  return { json: `${JSON.stringify(docs, null, 2)}\n`, ...(downgrade ? { downgrade } : {}) };
}
