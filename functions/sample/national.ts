// A national-scale set of typed scoring inputs (no CSV, no ingest) for scoring benchmarks at
// ~15,000 providers: the same row shapes and spreads as the county, without Kent's geography.

import type {
  ClusterRow,
  CommissionedHoursRow,
  CqcRating,
  CqcRatingRow,
  IntelligenceRow,
  MonthlyReturnRow,
  OfferRow,
  ProviderRegisterRow,
  SanctionRow,
  ScoringInputs,
  SelfAssessmentRow,
} from '../domain/method/inputs.ts';
import { addMonths } from '../domain/time/london.ts';
import {
  addDays,
  dateOf,
  daysIn,
  officeHoursOn,
  quarterStartOf,
  sundaysIn,
  windowMonths,
} from './calendar.ts';
import { Rng } from './prng.ts';
import { drawRates, type ProviderRates } from './providers.ts';
import { monthlyReturnValues } from './return-rows.ts';
import { SERVICE_CODES, SERVICE_SHAPES } from './services.ts';

export interface NationalOptions {
  providers: number;
  seed?: number;
  /** The month to score, 'YYYY-MM'. */
  period: string;
  /** Months of history ending at `period` (default 3: the method's longest look-back is 3 months, bar sanctions). */
  months?: number;
}

const ratingMix: readonly (readonly [CqcRating, number])[] = [
  ['Good', 0.8],
  ['Outstanding', 0.05],
  ['Requires improvement', 0.12],
  ['Inadequate', 0.03],
];

interface NationalProvider {
  id: string;
  cqcId: string;
  branches: string[];
  clusters: string[];
  people: number;
  rates: ProviderRates;
  services: typeof SERVICE_CODES;
}

export function nationalCountyInputs(options: NationalOptions): ScoringInputs {
  const rng = Rng.derive(options.seed ?? 1, 'national');
  const months = windowMonths(options.period, Math.max(1, options.months ?? 3));
  const n = Math.max(1, Math.floor(options.providers));
  const clusterCount = Math.max(1, Math.ceil(n / 8));
  const pad = String(n).length + 1;

  const clusters: ClusterRow[] = Array.from({ length: clusterCount }, (_, i) => ({
    cluster_id: `C${String(i + 1).padStart(5, '0')}`,
    cluster_name: `Cluster ${i + 1}`,
    district: `District ${Math.floor(i / 3) + 1}`,
    ccg: `CCG ${Math.floor(i / 6) + 1}`,
    lot_area: `Region ${Math.floor(i / 60) + 1}`,
  }));

  const register: ProviderRegisterRow[] = [];
  const providers: NationalProvider[] = [];
  for (let i = 0; i < n; i++) {
    const id = `N${String(i + 1).padStart(pad, '0')}`;
    const home = rng.int(0, clusterCount - 1);
    const clusterIds = [clusters[home]!.cluster_id];
    if (clusterCount > 1 && rng.chance(0.3)) clusterIds.push(clusters[(home + 1) % clusterCount]!.cluster_id);
    const branchTotal = rng.weighted([
      [1, 0.55],
      [2, 0.3],
      [3, 0.15],
    ] as const);
    const branches = Array.from({ length: branchTotal }, (_, b) => `1-${String(3_000_000_000 + i * 3 + b)}`);
    const cqcId = `1-${String(4_000_000_000 + i)}`;
    const start = dateOf(addMonths(months[0]!, -rng.int(1, 96)), rng.chance(0.35) ? 1 : rng.int(2, 28));
    for (const [b, branch] of branches.entries()) {
      for (const c of clusterIds) {
        register.push({
          provider_id: id,
          provider_name: `National Provider ${i + 1}`,
          cqc_provider_id: cqcId,
          branch_id: branch,
          branch_name: `National Provider ${i + 1} branch ${b + 1}`,
          cluster_id: c,
          contract_start: start,
        });
      }
    }
    providers.push({
      id,
      cqcId,
      branches,
      clusters: clusterIds,
      people: Math.max(5, Math.round(rng.logNormal(70, 0.6))),
      rates: drawRates(rng),
      services: SERVICE_CODES.filter((s) => s === 'HC' || rng.chance(SERVICE_SHAPES[s].offeredBy)),
    });
  }

  const monthlyReturns: MonthlyReturnRow[] = [];
  const selfAssessments: SelfAssessmentRow[] = [];
  const offers: OfferRow[] = [];
  const commissionedHours: CommissionedHoursRow[] = [];
  const intelligence: IntelligenceRow[] = [];
  const sanctions: SanctionRow[] = [];
  const cqcRatings: CqcRatingRow[] = [];

  for (const p of providers) {
    const weight = p.services.reduce((s, x) => s + SERVICE_SHAPES[x].weight, 0);
    for (const m of months) {
      const received_at = officeHoursOn(rng, dateOf(addMonths(m, 1), rng.int(1, 15)));
      const meta = {
        submission_id: `bench-${p.id}-${m}`,
        received_at,
        submission_status: 'accepted' as const,
      };
      for (const branch of p.branches) {
        for (const s of p.services) {
          const shape = SERVICE_SHAPES[s];
          // Assign onto the fresh row rather than spreading: 140k rows at national scale.
          monthlyReturns.push(
            Object.assign(
              monthlyReturnValues(rng, p.rates, {
                provider_id: p.id,
                branch_id: branch,
                service_code: s,
                period: m,
                people: (p.people * shape.weight) / weight / p.branches.length,
                hoursPerWeek: shape.hoursPerWeek,
                days: daysIn(m),
              }),
              meta,
            ),
          );
        }
      }
      for (const c of p.clusters) {
        for (const sunday of sundaysIn(m)) {
          commissionedHours.push({
            provider_id: p.id,
            cluster_id: c,
            week_ending: sunday,
            hours: Math.round((p.people * 11 * rng.uniform(0.97, 1.03) * 100) / p.clusters.length) / 100,
          });
        }
      }
      const offerCount = rng.poisson(4);
      for (let k = 0; k < offerCount; k++) {
        const offered_at = officeHoursOn(rng, dateOf(m, rng.int(1, daysIn(m))));
        const silent = rng.chance(0.05);
        offers.push({
          offer_id: `${p.id}-${m}-${k}`,
          provider_id: p.id,
          cluster_id: p.clusters[0]!,
          offered_at,
          responded_at: silent
            ? null
            : new Date(offered_at.getTime() + rng.logNormal(p.rates.responseMedianHours, 0.8) * 3_600_000),
          response: silent ? 'no_response' : rng.chance(p.rates.acceptance) ? 'accepted' : 'declined',
        });
      }
      for (let k = rng.poisson(0.3); k > 0; k--) {
        const safeguarding = rng.chance(0.15);
        intelligence.push({
          record_id: `${p.id}-${m}-I${k}`,
          provider_id: p.id,
          date: dateOf(m, rng.int(1, daysIn(m))),
          source: safeguarding
            ? 'safeguarding'
            : rng.pick(['practitioner', 'person', 'carer', 'complaint'] as const),
          category: safeguarding
            ? 'safeguarding_concern'
            : rng.pick(['late_calls', 'communication', 'compliment']),
          severity: rng.pick(['low', 'medium', 'high'] as const),
          substantiated: rng.pick(['yes', 'no', 'unknown'] as const),
        });
      }
      const level = rng.chance(0.015 / 3) ? 3 : rng.chance(0.05 / 3) ? 2 : rng.chance(0.15 / 3) ? 1 : 0;
      if (level > 0) {
        const evidenced = dateOf(m, rng.int(1, daysIn(m)));
        sanctions.push({
          sanction_id: `${p.id}-${m}-S`,
          provider_id: p.id,
          type: level === 3 ? 'safeguarding' : 'poor_practice',
          level: level as 1 | 2 | 3,
          trigger: 'Benchmark sanction',
          evidenced_on: evidenced,
          action_plan_received_on: rng.chance(0.9) ? addDays(evidenced, rng.int(1, 10)) : null,
          lifted_on: rng.chance(0.5) ? addDays(evidenced, rng.int(30, 90)) : null,
        });
      }
    }
    for (const q of new Set(months.map(quarterStartOf))) {
      const headcount = Math.max(6, Math.round(p.people * 0.5));
      const share = (rate: number) => rng.binomial(headcount, Math.min(1, Math.max(0, rate)));
      const due = rng.poisson(headcount * 0.08);
      const r = p.rates;
      selfAssessments.push({
        submission_id: `bench-${p.id}-${q}-sa`,
        received_at: officeHoursOn(rng, dateOf(addMonths(q, 3), rng.int(1, 20))),
        submission_status: 'accepted',
        provider_id: p.id,
        quarter_start: q,
        self_rating_quality: 3,
        self_rating_cost_flex: 3,
        self_rating_delivery: rng.pick([2, 3, 4]),
        self_rating_relationship: 3,
        self_rating_workforce: rng.pick([2, 3, 4]),
        staff_headcount: headcount,
        staff_supervised_in_quarter: share(r.supervision),
        staff_appraised_12m: share(r.appraisal),
        staff_dbs_current: share(r.dbs),
        staff_safeguarding_trained: share(r.safeguardingTrained),
        leavers_12m: share(r.turnover),
        starters_due_care_certificate: due,
        starters_care_certificate_12w: rng.binomial(due, r.careCertificate),
        registered_manager_in_post: rng.chance(0.94),
      });
    }
    for (const branch of p.branches) {
      const report = dateOf(addMonths(options.period, -rng.int(0, 40)), rng.int(1, 28));
      cqcRatings.push({
        location_id: branch,
        provider_id: p.cqcId,
        report_date: report,
        rating: rng.weighted(ratingMix),
      });
      if (rng.chance(0.5)) {
        cqcRatings.push({
          location_id: branch,
          provider_id: p.cqcId,
          report_date: addDays(report, -rng.int(500, 1000)),
          rating: rng.weighted(ratingMix),
        });
      }
    }
  }

  return {
    register,
    clusters,
    monthlyReturns,
    selfAssessments,
    cqcRatings,
    sanctions,
    offers,
    commissionedHours,
    intelligence,
  };
}
