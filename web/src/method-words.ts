// The method's codes in words, with the numbers taken from the method config that scored
// (GET /api/method), so a limiter or factor reads the same as the config says.

export interface MethodDoc {
  version: string;
  /** The second method's version when serve compares with one (GET /api/method/compare), else null. */
  compare_with?: string | null;
  method: {
    method_version: string;
    ratings: {
      bands: { rating: string; min_score: number }[];
      otherwise: string;
      points: Record<string, number>;
    };
    areas: { id: string; weight: number }[];
    area_min_scored_weight_share: number;
    kpis: import('./kpi-words.ts').KpiConfig[];
    limiters: Record<string, Record<string, unknown>> & { cap_scores?: Record<string, number> };
    overall?: { cap_code: string; cap_areas: string[] };
    level3_triggers: { code: string; area?: string; category?: string }[];
    likelihood: {
      base: Record<string, number>;
      max: number;
      factors: Record<string, Record<string, unknown>>;
      override?: { code: string; likelihood: number; sanction_level: number };
    };
    impact: {
      bands: { upper: number; inclusive: boolean; impact: number }[];
      otherwise: number;
      unknown_impact: number;
    };
    risk_tiers: { tier: string; min_score: number }[];
    maturity: { stages: { stage: string; max_months: number | null; floor: string | null }[] };
    due_dates: Record<string, { months_after_period_start: number; day: number; time: string }>;
    alerts: Record<string, { severity: string; [k: string]: unknown }>;
    [other: string]: unknown;
  };
}

type Config = MethodDoc['method'];
const pct = (n: unknown) => `${Math.round(Number(n) * 1000) / 10}%`;

export function limiterWords(code: string, m: Config | undefined): string {
  const l = m?.limiters[code] ?? {};
  const cap = String(l.cap ?? '');
  switch (code) {
    case 'CQC_INADEQUATE':
      return `A branch is rated Inadequate by CQC, so quality is ${cap || 'Inadequate'}.`;
    case 'CQC_WARNING_NOTICE':
      return `A CQC warning notice is recorded in the ${l.months ?? 6} months to this month, so quality is ${cap || 'Inadequate'}.`;
    case 'CQC_RI':
      return `The worst CQC rating is Requires improvement, so quality can be no better than ${cap || 'Requires improvement'}.`;
    case 'MISSED_CALLS_PERSISTENT':
      return `Missed calls (${l.kpi ?? 'D02'}) scored ${l.points ?? 1} in at least ${l.min_months ?? 2} of the last ${l.months ?? 3} months, so delivery is ${cap || 'Inadequate'}.`;
    case 'CRITICAL_DELIVERY_KPI':
      return `A critical delivery KPI (weight ${m?.critical_kpi_min_weight ?? 2} or more) scored ${l.points ?? 1}, so delivery can be no better than ${cap || 'Requires improvement'}.`;
    case 'DBS_BELOW_90':
      return `DBS checks current (${l.kpi ?? 'W03'}) are below ${pct(l.below ?? 0.9)}, so workforce can be no better than ${cap || 'Requires improvement'}.`;
    case 'QUALITY_OR_DELIVERY_CAP':
      return `The overall rating can be no better than the lower of the ${(m?.overall?.cap_areas ?? ['quality', 'delivery']).join(' and ')} ratings.`;
    default:
      return cap ? `${code}: capped at ${cap}.` : code;
  }
}

export function triggerWords(code: string): string {
  return (
    {
      SCORECARD_QUALITY_INADEQUATE: 'Quality is rated Inadequate (after limiters).',
      SCORECARD_DELIVERY_INADEQUATE: 'Delivery is rated Inadequate (after limiters).',
      CQC_WARNING_NOTICE: 'A CQC warning notice is recorded this month.',
      SIGNIFICANT_RISK: 'Intelligence of significant risk is recorded this month.',
      NEEDS_NOT_MET: "Intelligence that people's needs were not met is recorded this month.",
    }[code] ?? code
  );
}

export function factorWords(code: string, m: Config | undefined): string {
  const f = m?.likelihood.factors[code] ?? {};
  switch (code) {
    case 'F1_CQC':
      return `The worst CQC rating is ${((f.ratings as string[] | undefined) ?? ['Requires improvement', 'Inadequate']).join(' or ')}.`;
    case 'F2_SANCTION_L2':
      return `A sanction of level ${f.min_level ?? 2} or more is active at month end.`;
    case 'F3_SAFEGUARDING':
      return `At least ${f.min_records ?? 1} substantiated safeguarding record in the ${f.months ?? 3} months to this month.`;
    case 'F4_EPISODES':
      return `More than ${f.more_than ?? 3} sanctions evidenced in the ${f.months ?? 12} months to this month.`;
    case 'F5_RETURNS':
      return `The monthly returns for this month and the one before were both late or missing.`;
    case 'F6_DECLINE':
      return `The overall score fell by ${f.min_drop ?? 0.5} or more against ${f.months_back ?? 3} months before.`;
    case 'L3':
      return 'A level 3 sanction is active, or a Level 3 trigger was raised this month: likelihood is 5.';
    default:
      return code;
  }
}

const selfWords: Record<string, string> = {
  '4': 'Outstanding',
  '3': 'Good',
  '2': 'Requires improvement',
  '1': 'Inadequate',
};
/** A self-rating as sent (1–4 or the rating words) in words. */
export function selfRatingWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not given';
  const text = String(value);
  return selfWords[text] ?? text;
}
