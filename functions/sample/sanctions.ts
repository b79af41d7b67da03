// Contract sanctions (DOMAIN §1, §3): in a typical quarter ~15% of providers at level 1, 5% at
// level 2 and 1–2% at level 3, weighted towards weaker providers; plus the planted episodes.

import { londonDate } from '../domain/time/london.ts';
import { addDays, dateOf, daysIn } from './calendar.ts';
import { csvText } from './csv-text.ts';
import type { IncidentPlan } from './incidents.ts';
import type { Rng } from './prng.ts';
import { type Provider, startMonth } from './providers.ts';

const SANCTION_COLUMNS = [
  'sanction_id',
  'provider_id',
  'type',
  'level',
  'trigger',
  'evidenced_on',
  'action_plan_received_on',
  'lifted_on',
] as const;

type SanctionType = 'poor_practice' | 'contract_compliance' | 'safeguarding';

interface Sanction {
  provider: string;
  type: SanctionType;
  level: 1 | 2 | 3;
  trigger: string;
  evidencedOn: string;
  actionPlanOn: string | null;
  liftedOn: string | null;
}

const triggers: Record<SanctionType, string[]> = {
  poor_practice: [
    'Late calls above agreed tolerance',
    'Care plan not in place by second visit',
    'Missed calls, second month running',
    'Medication record gaps found at spot check',
  ],
  contract_compliance: [
    'Monthly return late',
    'Invoiced hours not evidenced by call monitoring',
    'Failure to attend contract review',
  ],
  safeguarding: ['Substantiated safeguarding concern', 'Neglect: "unsafe moving and handling" reported'],
};

export interface SanctionsOutput {
  csv: string;
  count: number;
  level3: number;
  /** Providers with more than three sanctions evidenced in the window. */
  episodic: string[];
  /** Level 3 periods: purchasing officers offer these providers nothing from `from` until `to`. */
  embargoes: Embargo[];
}

export interface Embargo {
  provider: string;
  from: string;
  /** Date lifted, or null while still active. */
  to: string | null;
}

/** How weak a provider looks, around 1 for a typical one: sanctions follow performance. */
function weakness(p: Provider): number {
  const r = p.rates;
  return Math.max(0.3, (r.lateEarly / 0.03 + r.missed / 0.0015 + (1 - r.trustedTeam) / 0.22) / 3);
}

export function sanctionsCsv(
  rng: Rng,
  providers: readonly Provider[],
  months: readonly string[],
  plan: IncidentPlan,
  asOf: Date,
): SanctionsOutput {
  const lastDate = dateOf(months[months.length - 1]!, daysIn(months[months.length - 1]!));
  const asOfDate = londonDate(asOf);
  const out: Sanction[] = [];
  const meanWeakness = providers.reduce((s, p) => s + weakness(p), 0) / Math.max(1, providers.length);

  const finish = (
    s: Omit<Sanction, 'actionPlanOn' | 'liftedOn'>,
    planDays: number | null,
    liftDays: number | null,
  ) => {
    const actionPlanOn = planDays === null ? null : addDays(s.evidencedOn, planDays);
    const liftedOn = liftDays === null ? null : addDays(s.evidencedOn, liftDays);
    out.push({
      ...s,
      // A plan or lifting after the extract date has not happened yet.
      actionPlanOn: actionPlanOn !== null && actionPlanOn < asOfDate ? actionPlanOn : null,
      liftedOn: liftedOn !== null && liftedOn <= lastDate ? liftedOn : null,
    });
  };

  // Background sanctions, quarter by quarter (three months at a time through the window).
  const special = new Set([plan.crisis?.provider, plan.struggling?.provider, plan.significantRisk?.provider]);
  for (let i = 0; i < months.length; i += 3) {
    const quarter = months.slice(i, i + 3);
    for (const p of providers) {
      if (special.has(p.id)) continue;
      const active = quarter.filter((m) => m >= startMonth(p));
      if (active.length === 0) continue;
      const w = (weakness(p) / meanWeakness) * (active.length / 3);
      const level = rng.chance(Math.min(0.9, 0.05 * w)) ? 2 : rng.chance(Math.min(0.9, 0.15 * w)) ? 1 : 0;
      if (level === 0) continue;
      const month = rng.pick(active);
      const type: SanctionType =
        level === 2
          ? rng.pick(['poor_practice', 'safeguarding'] as const)
          : rng.pick(['poor_practice', 'contract_compliance'] as const);
      const evidencedOn = dateOf(month, rng.int(1, daysIn(month)));
      if (evidencedOn >= asOfDate) continue;
      const planDays = rng.chance(0.88) ? rng.int(1, 7) : rng.int(8, 14);
      finish(
        { provider: p.id, type, level, trigger: rng.pick(triggers[type]), evidencedOn },
        planDays,
        level === 1 ? rng.int(28, 75) : rng.int(42, 110),
      );
    }
  }

  // The crisis: a level 3 the week after the CQC warning notice; referrals stay suspended.
  if (plan.crisis) {
    const evidencedOn = dateOf(plan.crisis.month, Math.min(daysIn(plan.crisis.month), 16));
    finish(
      {
        provider: plan.crisis.provider,
        type: 'safeguarding',
        level: 3,
        trigger: 'CQC warning notice; referrals suspended',
        evidencedOn,
      },
      5,
      null,
    );
  }
  // A significant risk to people: level 3 at once, lifted after the action plan was delivered.
  if (plan.significantRisk) {
    const m = plan.significantRisk.month;
    finish(
      {
        provider: plan.significantRisk.provider,
        type: 'safeguarding',
        level: 3,
        trigger: 'Significant risk to people, "immediate" embargo',
        evidencedOn: dateOf(m, Math.min(daysIn(m), 20)),
      },
      3,
      45,
    );
  }
  // The struggling provider: five episodes in the window, the last still without an action plan.
  if (plan.struggling) {
    const id = plan.struggling.provider;
    const n = months.length;
    const at = (index: number, day: number) => {
      const m = months[Math.max(0, Math.min(n - 1, index))]!;
      return dateOf(m, Math.min(day, daysIn(m)));
    };
    finish(
      {
        provider: id,
        type: 'poor_practice',
        level: 1,
        trigger: 'Missed calls, second month running',
        evidencedOn: at(n - 11, 9),
      },
      6,
      40,
    );
    finish(
      {
        provider: id,
        type: 'contract_compliance',
        level: 1,
        trigger: 'Monthly return late',
        evidencedOn: at(n - 8, 18),
      },
      9,
      35,
    );
    finish(
      {
        provider: id,
        type: 'poor_practice',
        level: 2,
        trigger: 'Late calls above agreed tolerance',
        evidencedOn: at(n - 5, 4),
      },
      4,
      70,
    );
    finish(
      {
        provider: id,
        type: 'poor_practice',
        level: 1,
        trigger: 'Care plan not in place by second visit',
        evidencedOn: at(n - 3, 22),
      },
      7,
      null,
    );
    // Evidenced about three weeks before as-of: the 7-day plan deadline has passed.
    const late = addDays(asOfDate, -20);
    finish(
      {
        provider: id,
        type: 'contract_compliance',
        level: 1,
        trigger: 'Monthly return late',
        evidencedOn: late,
      },
      null,
      null,
    );
  }

  out.sort((a, b) => a.evidencedOn.localeCompare(b.evidencedOn) || a.provider.localeCompare(b.provider));
  const rows = out.map((s, i) => [
    `S${String(i + 1).padStart(4, '0')}`,
    s.provider,
    s.type,
    s.level,
    s.trigger,
    s.evidencedOn,
    s.actionPlanOn,
    s.liftedOn,
  ]);
  const counts = new Map<string, number>();
  for (const s of out) counts.set(s.provider, (counts.get(s.provider) ?? 0) + 1);
  return {
    csv: csvText(SANCTION_COLUMNS, rows),
    count: out.length,
    level3: out.filter((s) => s.level === 3).length,
    episodic: [...counts].filter(([, c]) => c > 3).map(([p]) => p),
    embargoes: out
      .filter((s) => s.level === 3)
      .map((s) => ({ provider: s.provider, from: s.evidencedOn, to: s.liftedOn })),
  };
}
