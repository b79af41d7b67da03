// Quarterly self-assessments (CONTRACTS §1.1): one row per provider per quarter, received by the
// 20th of the month after the quarter, with one legacy Windows-1252 export among them.

import { columnsOf, contracts } from '../domain/contracts/index.ts';
import { addMonths } from '../domain/time/london.ts';
import { quarterStartOf } from './calendar.ts';
import { csvText, encodeWindows1252 } from './csv-text.ts';
import { type IncidentPlan, key } from './incidents.ts';
import { Rng } from './prng.ts';
import { type Provider, startMonth } from './providers.ts';
import { receiptTime } from './receipts.ts';
import type { GeneratedFile } from './types.ts';
import type { Volumes } from './volume.ts';

/** The column order of the contract: the generator writes exactly what ingest reads. */
const SELF_ASSESSMENT_COLUMNS: readonly string[] = columnsOf(contracts['self-assessment']);

const evidence = [
  'Electronic call monitoring live in all branches; late calls reviewed weekly.',
  'Recruited 6 carers and 2 drivers; "grow your own" apprenticeship running.',
  'Supervision backlog cleared, appraisals on track for the year.',
  'Two safeguarding referrals made and closed; lessons shared at team meeting.',
  'Rota redesigned around rural runs, fewer carers per person.',
  'Medication audit completed, no errors found.',
  'Working with the council on hospital discharge, D2A packages picked up within 48 hours.',
  'Registered manager on leave; deputy covering, CQC notified.',
];
const ratingWords = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'];

export interface SelfAssessmentInput {
  seed: number;
  providers: readonly Provider[];
  months: readonly string[];
  volumes: Volumes;
  plan: IncidentPlan;
  asOf: Date;
}

/** Quarters whose last month is in the window and which contain a month of the provider's contract. */
function quartersFor(p: Provider, months: readonly string[]): string[] {
  const quarters = new Set<string>();
  for (const m of months) {
    const q = quarterStartOf(m);
    if (m >= startMonth(p) && months.includes(addMonths(q, 2))) quarters.add(q);
  }
  return [...quarters];
}

export function selfAssessmentFiles(input: SelfAssessmentInput): GeneratedFile[] {
  const { seed, providers, months, volumes, plan, asOf } = input;
  const files: GeneratedFile[] = [];
  for (const p of providers) {
    const rng = Rng.derive(seed, `self-assessment:${p.id}`);
    for (const q of quartersFor(p, months)) {
      const k = key(p.id, q);
      const planned = plan.windows1252 === k || plan.ratingWords === k;
      const factor = volumes.get(p.id)?.get(addMonths(q, 2)) ?? 1;
      const people = Object.values(p.people).reduce((a, b) => a + b, 0) * factor;
      const headcount = Math.max(6, Math.round(people * rng.uniform(0.42, 0.55)));
      const r = p.rates;
      const share = (rate: number, sd: number) =>
        rng.binomial(headcount, Math.min(1, Math.max(0, rng.normal(rate, sd))));
      const startersDue = rng.poisson(headcount * 0.08);
      const managerGone = plan.crisis?.provider === p.id && addMonths(q, 2) >= plan.crisis.month;
      const rating = () =>
        rng.weighted([
          [4, 0.18],
          [3, 0.72],
          [2, 0.1],
        ] as const);
      const ratings = [rating(), rating(), rating(), rating(), rating()];
      let summary = rng.pick(evidence);
      if (plan.windows1252 === k)
        summary = 'Invested £4,500 in training; café-style carers’ forum started — well attended.';
      const row = [
        p.id,
        q,
        ...(plan.ratingWords === k ? ratings.map((x) => ratingWords[x - 1]!) : ratings),
        headcount,
        share(r.supervision, 0.03),
        share(r.appraisal, 0.02),
        share(r.dbs, 0.01),
        share(r.safeguardingTrained, 0.02),
        share(r.turnover, 0.03),
        startersDue,
        rng.binomial(startersDue, r.careCertificate),
        p.registeredManager && !managerGone,
        summary,
      ];
      if (!planned && rng.chance(0.02)) continue; // the occasional quarter never sent
      const lateDays = !planned && rng.chance(0.06) ? rng.int(1, 8) : null;
      const receivedAt = receiptTime(rng, addMonths(q, 3), 20, lateDays, asOf);
      const text = csvText(SELF_ASSESSMENT_COLUMNS, [row]);
      files.push({
        path: `providers/${p.id}/self-assessment/${p.id}-${q}.csv`,
        type: 'self-assessment',
        provider: p.id,
        receivedAt,
        content: plan.windows1252 === k ? encodeWindows1252(text) : text,
      });
    }
  }
  return files;
}
