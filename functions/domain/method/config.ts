// The method's numbers live in config/method-<version>.json; this schema is the only code that
// knows their shape, so a commissioner changes a threshold by publishing new data, not code.
import { parseOnce } from '../parse-once.ts';
import { periodPattern } from '../period.ts';
import * as z from '../zod.ts';
import { FORMULA_PARTS, formulaProblem } from './return-formulas.ts';

export const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export const AREAS = ['quality', 'cost_flex', 'delivery', 'relationship', 'workforce'] as const;
export const RISK_TIERS = ['Low', 'Moderate', 'High', 'Critical'] as const;
const SELF_ASSESSMENT_FIELDS = [
  'staff_headcount',
  'staff_supervised_in_quarter',
  'staff_appraised_12m',
  'staff_dbs_current',
  'staff_safeguarding_trained',
  'leavers_12m',
  'starters_due_care_certificate',
  'starters_care_certificate_12w',
] as const;

const rating = z.enum(RATINGS);
const area = z.enum(AREAS);
const tier = z.enum(RISK_TIERS);
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const nonNegative = z.number().check(z.minimum(0));
const positiveInt = z.int().check(z.minimum(1));
const points = z.int().check(z.minimum(1), z.maximum(4));
const thresholds = z.object({ O: z.number(), G: z.number(), R: z.number() });
const direction = z.enum(['higher', 'lower']);
const kpiId = z.string().check(z.regex(/^[A-Z]\d{2}$/, 'a KPI id is a letter and two digits, e.g. D02'));

const kpiBase = {
  id: kpiId,
  area,
  name: z.string().check(z.minLength(1)),
  weight: z.number().check(z.positive()),
};
const banded = { direction, thresholds, min_denominator: nonNegative };
/** An Arquero aggregate expression over the monthly return's columns, checked in the refinement. */
const expression = z.string().check(z.minLength(1));
const formula = { numerator: expression, denominator: expression, value: expression };

const kpi = z.discriminatedUnion('kind', [
  z.object({ ...kpiBase, kind: z.literal('cqc_worst_rating') }),
  z.discriminatedUnion('source', [
    z.object({
      ...kpiBase,
      ...banded,
      kind: z.literal('ratio'),
      source: z.literal('monthly_return'),
      ...formula,
    }),
    z.object({
      ...kpiBase,
      ...banded,
      kind: z.literal('ratio'),
      source: z.literal('self_assessment'),
      numerator: z.enum(SELF_ASSESSMENT_FIELDS),
      denominator: z.enum(SELF_ASSESSMENT_FIELDS),
    }),
  ]),
  z.object({
    ...kpiBase,
    ...banded,
    kind: z.literal('safeguarding_rate'),
    months: positiveInt,
    per: z.number().check(z.positive()),
  }),
  z.object({
    ...kpiBase,
    kind: z.literal('yes_no'),
    field: z.literal('registered_manager_in_post'),
    yes_points: points,
    no_points: points,
  }),
  z.object({
    ...kpiBase,
    ...banded,
    kind: z.literal('offer_response_median'),
    unanswered_hours: nonNegative,
  }),
  z.object({ ...kpiBase, ...banded, kind: z.literal('offer_acceptance') }),
  z.object({
    ...kpiBase,
    kind: z.literal('hours_ratio_band'),
    ...formula,
    bands: z.array(z.object({ min: z.number(), max: z.number(), points })).check(z.minLength(1)),
    otherwise_points: points,
    min_denominator: nonNegative,
  }),
  z.object({
    ...kpiBase,
    kind: z.literal('monthly_return_timeliness'),
    on_time_points: points,
    on_time_with_warnings_points: points,
    late_within_cutoff_points: points,
    otherwise_points: points,
  }),
  z.object({
    ...kpiBase,
    kind: z.literal('self_assessment_timeliness'),
    on_time_points: points,
    late_within_cutoff_points: points,
    otherwise_points: points,
  }),
]);

const dueRule = z.object({
  months_after_period_start: z.int().check(z.minimum(0)),
  day: z.int().check(z.minimum(1), z.maximum(28)),
  time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, 'time is HH:MM:SS')),
});
const cap = z.enum(['Inadequate', 'Requires improvement']);
const limiter = { area, cap };
const alert = <T extends z.core.$ZodLooseShape>(extra: T) => z.object({ severity, ...extra });

const methodConfigSchema = z
  .object({
    method_version: z.string().check(z.minLength(1)),
    first_month: z.union([z.literal('auto'), z.string().check(z.regex(periodPattern))]),
    ratings: z.object({
      bands: z.array(z.object({ rating, min_score: z.number() })).check(z.minLength(1)),
      otherwise: rating,
      points: z.object({
        Outstanding: points,
        Good: points,
        'Requires improvement': points,
        Inadequate: points,
      }),
    }),
    areas: z
      .array(z.object({ id: area, weight: z.number().check(z.positive()) }))
      .check(z.length(AREAS.length)),
    area_min_scored_weight_share: z.number().check(z.minimum(0), z.maximum(1)),
    critical_kpi_min_weight: z.number().check(z.positive()),
    kpis: z.array(kpi).check(z.minLength(1)),
    due_dates: z.object({ monthly_return: dueRule, self_assessment: dueRule }),
    timeliness: z.object({
      days_late_cutoff: z.int().check(z.minimum(0)),
      quarter_start_months: z.array(z.int().check(z.minimum(1), z.maximum(12))).check(z.minLength(1)),
    }),
    limiters: z.object({
      cap_scores: z.object({ Inadequate: nonNegative, 'Requires improvement': nonNegative }),
      CQC_INADEQUATE: z.object(limiter),
      CQC_WARNING_NOTICE: z.object({
        ...limiter,
        category: z.string().check(z.minLength(1)),
        months: positiveInt,
      }),
      CQC_RI: z.object(limiter),
      MISSED_CALLS_PERSISTENT: z.object({
        ...limiter,
        kpi: kpiId,
        points,
        months: positiveInt,
        min_months: positiveInt,
      }),
      CRITICAL_DELIVERY_KPI: z.object({ ...limiter, points }),
      DBS_BELOW_90: z.object({ ...limiter, kpi: kpiId, below: z.number() }),
    }),
    overall: z.object({
      cap_code: z.string().check(z.minLength(1)),
      cap_areas: z.array(area).check(z.minLength(1)),
    }),
    level3_triggers: z
      .array(
        z.union([
          z.object({ code: z.string().check(z.minLength(1)), area }),
          z.object({ code: z.string().check(z.minLength(1)), category: z.string().check(z.minLength(1)) }),
        ]),
      )
      .check(z.minLength(1)),
    likelihood: z.object({
      base: z.object({
        Outstanding: z.int(),
        Good: z.int(),
        'Requires improvement': z.int(),
        Inadequate: z.int(),
        'Not scored': z.int(),
      }),
      max: z.int().check(z.positive()),
      factors: z.object({
        F1_CQC: z.object({ ratings: z.array(rating) }),
        F2_SANCTION_L2: z.object({ min_level: z.int().check(z.minimum(1), z.maximum(3)) }),
        F3_SAFEGUARDING: z.object({ months: positiveInt, min_records: positiveInt }),
        F4_EPISODES: z.object({ months: positiveInt, more_than: z.int().check(z.minimum(0)) }),
        F5_RETURNS: z.object({ months: positiveInt }),
        F6_DECLINE: z.object({ months_back: positiveInt, min_drop: z.number() }),
      }),
      override: z.object({
        code: z.string().check(z.minLength(1)),
        likelihood: z.int().check(z.positive()),
        sanction_level: z.int().check(z.minimum(1), z.maximum(3)),
      }),
    }),
    impact: z.object({
      bands: z
        .array(z.object({ upper: z.number(), inclusive: z.boolean(), impact: z.int() }))
        .check(z.minLength(1)),
      otherwise: z.int(),
      unknown_impact: z.int(),
    }),
    risk_tiers: z.array(z.object({ tier, min_score: z.number() })).check(z.length(RISK_TIERS.length)),
    maturity: z.object({
      stages: z
        .array(
          z.object({
            stage: z.string().check(z.minLength(1)),
            max_months: z.nullable(z.int()),
            floor: z.nullable(tier),
          }),
        )
        .check(z.minLength(1)),
    }),
    alerts: z.object({
      LEVEL3_TRIGGER: alert({}),
      RISK_CRITICAL: alert({ tier }),
      RISK_TIER_UP: alert({}),
      CQC_DOWNGRADE: alert({}),
      RETURN_MISSING: alert({ escalated_severity: severity, escalate_months: positiveInt }),
      OVER_INVOICING: alert({ kpi: kpiId }),
      NON_COMPLIANCE_EPISODES: alert({ months: positiveInt, more_than: z.int().check(z.minimum(0)) }),
      ACTION_PLAN_OVERDUE: alert({ days: z.int().check(z.minimum(0)) }),
    }),
  })
  .check(
    z.superRefine((c, ctx) => {
      const ids = new Set<string>();
      for (const k of c.kpis) {
        if (ids.has(k.id))
          ctx.addIssue({ code: 'custom', message: `KPI ${k.id} is listed twice`, path: ['kpis'] });
        ids.add(k.id);
        if (!isFormulaKpi(k)) continue;
        for (const part of FORMULA_PARTS) {
          const problem = formulaProblem(k[part]);
          if (problem)
            ctx.addIssue({
              code: 'custom',
              message: `KPI ${k.id}'s ${part} "${k[part]}" is not an aggregate over the monthly return's columns (${problem}); write e.g. op.sum(d.calls_missed)`,
              path: ['kpis', c.kpis.indexOf(k), part],
            });
        }
      }
      for (const ref of [
        c.limiters.MISSED_CALLS_PERSISTENT.kpi,
        c.limiters.DBS_BELOW_90.kpi,
        c.alerts.OVER_INVOICING.kpi,
      ]) {
        if (!ids.has(ref))
          ctx.addIssue({ code: 'custom', message: `KPI ${ref} is referenced but not in the catalogue` });
      }
      const seen = new Set(c.areas.map((a) => a.id));
      if (seen.size !== AREAS.length)
        ctx.addIssue({ code: 'custom', message: 'each area must have one weight', path: ['areas'] });
      const last = c.maturity.stages.at(-1);
      if (last && last.max_months !== null)
        ctx.addIssue({
          code: 'custom',
          message: 'the last maturity stage must have max_months null',
          path: ['maturity'],
        });
      const tiers = c.risk_tiers.map((t) => t.tier).join();
      if (tiers !== RISK_TIERS.join())
        ctx.addIssue({ code: 'custom', message: `risk tiers must be in the order ${RISK_TIERS.join(', ')}` });
    }),
  );

export type MethodConfig = z.infer<typeof methodConfigSchema>;
export type KpiConfig = MethodConfig['kpis'][number];
export type Rating = (typeof RATINGS)[number];
export type Area = (typeof AREAS)[number];
export type RiskTier = (typeof RISK_TIERS)[number];
export type Severity = MethodConfig['alerts']['LEVEL3_TRIGGER']['severity'];

/** A KPI computed from the month's scored monthly-return rows by its config's expressions. */
export type FormulaKpi = Extract<KpiConfig, { numerator: string; denominator: string; value: string }>;

export function isFormulaKpi(k: KpiConfig): k is FormulaKpi {
  return (k.kind === 'ratio' && k.source === 'monthly_return') || k.kind === 'hours_ratio_band';
}

export class MethodConfigError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'MethodConfigError';
  }
}

/** Validates a method configuration; the error lists every problem with its path. */
export function loadMethodConfig(json: unknown): MethodConfig {
  const parsed = methodConfigSchema.safeParse(json, parseOnce);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`,
  );
  throw new MethodConfigError(`Invalid method configuration: ${issues.join('; ')}`, issues);
}
