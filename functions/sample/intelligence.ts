// Intelligence records from practitioners, people, carers, complaints, safeguarding and CQC, with
// the categories the method gives meaning to planted where the story needs them.

import { dateOf, daysIn } from './calendar.ts';
import { csvText } from './csv-text.ts';
import type { IncidentPlan } from './incidents.ts';
import type { Rng } from './prng.ts';
import { type Provider, startMonth } from './providers.ts';

const INTELLIGENCE_COLUMNS = [
  'record_id',
  'provider_id',
  'date',
  'source',
  'category',
  'severity',
  'substantiated',
] as const;

type Source = 'practitioner' | 'person' | 'carer' | 'complaint' | 'safeguarding' | 'cqc';

const categories: Record<Source, string[]> = {
  practitioner: ['late_calls', 'communication', 'care_plan_quality', 'medication', 'compliment'],
  person: ['missed_call', 'carer_attitude', 'compliment', 'late_calls'],
  carer: ['communication', 'continuity_of_carers', 'compliment'],
  complaint: ['billing', 'late_calls', 'missed_call', 'carer_attitude'],
  safeguarding: ['safeguarding_concern', 'neglect', 'medication_error', 'financial_abuse'],
  cqc: ['inspection_feedback', 'notification_query'],
};

interface IntelRecord {
  provider: string;
  date: string;
  source: Source;
  category: string;
  severity: 'low' | 'medium' | 'high';
  substantiated: 'yes' | 'no' | 'unknown';
}

export function intelligenceCsv(
  rng: Rng,
  providers: readonly Provider[],
  months: readonly string[],
  plan: IncidentPlan,
): { csv: string; count: number } {
  const out: IntelRecord[] = [];
  const dayIn = (m: string, day?: number) => dateOf(m, day ?? rng.int(1, daysIn(m)));
  for (const p of providers) {
    const size = Object.values(p.people).reduce((a, b) => a + b, 0);
    for (const m of months) {
      if (m < startMonth(p)) continue;
      const n = rng.poisson(0.2 * (size / 60));
      for (let i = 0; i < n; i++) {
        const source = rng.weighted<Source>([
          ['practitioner', 0.3],
          ['person', 0.2],
          ['carer', 0.15],
          ['complaint', 0.2],
          ['safeguarding', 0.1],
          ['cqc', 0.05],
        ]);
        const safeguarding = source === 'safeguarding';
        out.push({
          provider: p.id,
          date: dayIn(m),
          source,
          category: rng.pick(categories[source]),
          severity: safeguarding
            ? rng.pick(['medium', 'high'] as const)
            : rng.weighted([
                ['low', 0.65],
                ['medium', 0.28],
                ['high', 0.07],
              ] as const),
          substantiated: safeguarding
            ? rng.weighted([
                ['yes', 0.3],
                ['no', 0.4],
                ['unknown', 0.3],
              ] as const)
            : rng.weighted([
                ['unknown', 0.7],
                ['yes', 0.15],
                ['no', 0.15],
              ] as const),
        });
      }
    }
  }
  if (plan.crisis) {
    const { provider, month } = plan.crisis;
    const before = months[Math.max(0, months.indexOf(month) - 1)]!;
    out.push(
      {
        provider,
        date: dayIn(before, 18),
        source: 'safeguarding',
        category: 'neglect',
        severity: 'high',
        substantiated: 'yes',
      },
      {
        provider,
        date: dayIn(month, 13),
        source: 'cqc',
        category: 'warning_notice',
        severity: 'high',
        substantiated: 'yes',
      },
      {
        provider,
        date: dayIn(month, 14),
        source: 'safeguarding',
        category: 'safeguarding_concern',
        severity: 'high',
        substantiated: 'yes',
      },
    );
  }
  if (plan.significantRisk) {
    const { provider, month } = plan.significantRisk;
    // Mixed case on purpose: categories are compared trimmed and case-insensitively.
    out.push({
      provider,
      date: dayIn(month, 17),
      source: 'practitioner',
      category: 'Significant_Risk',
      severity: 'high',
      substantiated: 'unknown',
    });
  }
  if (plan.needsNotMet) {
    const { provider, month } = plan.needsNotMet;
    // Investigated and not substantiated: must not raise NEEDS_NOT_MET.
    out.push({
      provider,
      date: dayIn(month, 9),
      source: 'person',
      category: 'needs_not_met',
      severity: 'medium',
      substantiated: 'no',
    });
  }
  out.sort((a, b) => a.date.localeCompare(b.date) || a.provider.localeCompare(b.provider));
  const rows = out.map((r, i) => [
    `INT${String(i + 1).padStart(5, '0')}`,
    r.provider,
    r.date,
    r.source,
    r.category,
    r.severity,
    r.substantiated,
  ]);
  return { csv: csvText(INTELLIGENCE_COLUMNS, rows), count: rows.length };
}
