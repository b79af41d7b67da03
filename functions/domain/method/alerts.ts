// METHODOLOGY §7: alert candidates from a run's results (and the inputs for rules that look past
// the scored months), each with a stable key so it is raised once.

import { monthInWords } from '../period.ts';
import { addMonths, monthEndDate } from '../time/london.ts';
import { dateInWords, listInWords, londonTimeInWords, percent, quantity } from './alert-text.ts';
import { isLateOrMissing, judgeTimeliness } from './compliance.ts';
import type { MethodConfig, Severity } from './config.ts';
import { buildContext, type ProviderIndex, type ScoringContext } from './context.ts';
import type { ScoringInputs } from './inputs.ts';
import { firstScoreableMonth, isScoreable, lakeFirstMonth, returnPeriodRange } from './periods.ts';
import { ratingRank } from './rating-bands.ts';
import type { Alert, AlertCandidate, AlertType, RiskMatrixRow, ScoringResults } from './results.ts';
import { tierRank } from './risk-tier.ts';
import { countEvidencedInMonthsEnding, overdueActionPlans } from './sanctions.ts';

export interface AlertOptions {
  asOf: Date;
  method: MethodConfig;
  /**
   * The first month alerts are raised for ('YYYY-MM'): under `first_month: auto`, the lake's first
   * month when alerts were first run, so that a later back-dated return, which moves the lake's
   * first month back, raises nothing for the months it exposes. Absent: every month.
   */
  from?: string | null;
}

function alertKey(type: AlertType, providerId: string, period: string): string {
  return `${type}|${providerId}|${period}`;
}

function candidate(
  alert_type: AlertType,
  severity: Severity,
  provider_id: string,
  period: string,
  message: string,
): AlertCandidate {
  return {
    key: alertKey(alert_type, provider_id, period),
    alert_type,
    severity,
    provider_id,
    period,
    message,
  };
}

/**
 * RETURN_MISSING for every month from the provider's first scoreable month whose return is due and
 * still missing. `lakeFirst` is the lake's first month over every accepted return, received by the
 * as-of instant or not: an as-of before any return was received leaves the scoring context
 * without a first month, and the provider's contract start (years back) must not stand in for it.
 */
function missingReturns(ctx: ScoringContext, p: ProviderIndex, lakeFirst: string | null): AlertCandidate[] {
  const rule = ctx.config.alerts.RETURN_MISSING;
  // The later of the context's first scoreable month and the lake's first month.
  const first = firstScoreableMonth(p.firstScoreable, lakeFirst);
  const out: AlertCandidate[] = [];
  const timeliness = (m: string) =>
    judgeTimeliness(ctx.due.monthlyReturn(m), p.returns.get(m)?.first ?? null, ctx.asOf);
  for (let m = first; ctx.due.monthlyReturn(m).getTime() <= ctx.asOf.getTime(); m = addMonths(m, 1)) {
    if (timeliness(m).status !== 'missing') continue;
    let run = 0;
    while (run < rule.escalate_months) {
      const earlier = addMonths(m, -run);
      if (!isScoreable(earlier, first) || !isLateOrMissing(timeliness(earlier))) break;
      run++;
    }
    const escalated = run === rule.escalate_months;
    const due = londonTimeInWords(ctx.due.monthlyReturn(m));
    out.push(
      candidate(
        'RETURN_MISSING',
        escalated ? rule.escalated_severity : rule.severity,
        p.provider_id,
        m,
        `monthly return for ${monthInWords(m)} not received; it was due at ${due} London time` +
          (escalated
            ? ` and the returns for the last ${rule.escalate_months} months were all late or missing`
            : ''),
      ),
    );
  }
  return out;
}

/** One ACTION_PLAN_OVERDUE per provider and month the plans fell due, naming every sanction. */
function overduePlans(ctx: ScoringContext, p: ProviderIndex): AlertCandidate[] {
  const rule = ctx.config.alerts.ACTION_PLAN_OVERDUE;
  const byMonth = new Map<string, string[]>();
  for (const o of overdueActionPlans(p.sanctions, ctx.asOf, rule.days)) {
    const month = o.dueOn.slice(0, 7);
    byMonth.set(month, [
      ...(byMonth.get(month) ?? []),
      `${o.sanction.sanction_id} (level ${o.sanction.level}, evidenced ${dateInWords(o.sanction.evidenced_on)}, plan due ${dateInWords(o.dueOn)})`,
    ]);
  }
  return [...byMonth].map(([month, list]) =>
    candidate(
      'ACTION_PLAN_OVERDUE',
      rule.severity,
      p.provider_id,
      month,
      `no action plan received within ${rule.days} days of the sanction being evidenced: ${list.sort().join('; ')}`,
    ),
  );
}

const categoryWords: Record<string, string> = {
  warning_notice: 'a CQC warning notice',
  significant_risk: 'a significant risk reported',
  needs_not_met: 'needs reported not met',
};

/** A §5 trigger code in words, from the method's trigger list: 'quality rated Inadequate'. */
function triggerInWords(code: string, config: MethodConfig): string {
  const t = config.level3_triggers.find((x) => x.code === code);
  if (!t) return code;
  if ('area' in t) return `${t.area === 'cost_flex' ? 'cost and flexibility' : t.area} rated Inadequate`;
  return categoryWords[t.category] ?? `${t.category.replaceAll('_', ' ')} reported`;
}

/** A §6 likelihood factor in words, with the method's own thresholds. */
function factorInWords(code: string, config: MethodConfig): string {
  const L = config.likelihood;
  const F = L.factors;
  switch (code) {
    case 'F1_CQC':
      return `a CQC rating of ${listInWords(F.F1_CQC.ratings, 'or')}`;
    case 'F2_SANCTION_L2':
      return `an active sanction of level ${F.F2_SANCTION_L2.min_level} or higher`;
    case 'F3_SAFEGUARDING':
      return `substantiated safeguarding concerns in the last ${F.F3_SAFEGUARDING.months} months`;
    case 'F4_EPISODES':
      return `more than ${F.F4_EPISODES.more_than} sanctions in ${F.F4_EPISODES.months} months`;
    case 'F5_RETURNS':
      return `monthly returns late or missing ${F.F5_RETURNS.months} months running`;
    case 'F6_DECLINE':
      return `the overall score down ${F.F6_DECLINE.min_drop} or more on ${F.F6_DECLINE.months_back} months before`;
    case L.override.code:
      return 'Level 3';
    default:
      return code;
  }
}

export function evaluateAlerts(
  inputs: ScoringInputs,
  results: ScoringResults,
  options: AlertOptions,
): AlertCandidate[] {
  const config = options.method;
  const A = config.alerts;
  const ctx = buildContext(inputs, options.asOf, config);
  const providers = new Map<string, ProviderIndex | undefined>();
  const providerOf = (id: string) => {
    if (!providers.has(id)) providers.set(id, ctx.provider(id));
    return providers.get(id);
  };
  const out: AlertCandidate[] = [];

  for (const s of results.scorecards) {
    if (s.level3_triggers !== '')
      out.push(
        candidate(
          'LEVEL3_TRIGGER',
          A.LEVEL3_TRIGGER.severity,
          s.provider_id,
          s.period,
          `${listInWords(s.level3_triggers.split(',').map((code) => triggerInWords(code, config)))} in ${monthInWords(s.period)} — automatic Level 3`,
        ),
      );
    const p = providerOf(s.provider_id);
    if (!p) continue;
    const now = ctx.cqc.worstOn(p.branches, monthEndDate(s.period));
    const before = ctx.cqc.worstOn(p.branches, monthEndDate(addMonths(s.period, -1)));
    if (now && before && ratingRank(now) > ratingRank(before))
      out.push(
        candidate(
          'CQC_DOWNGRADE',
          A.CQC_DOWNGRADE.severity,
          s.provider_id,
          s.period,
          `CQC rating fell from ${before} at the end of ${monthInWords(addMonths(s.period, -1))} to ${now} at the end of ${monthInWords(s.period)}`,
        ),
      );
    const episodes = countEvidencedInMonthsEnding(p.sanctions, s.period, A.NON_COMPLIANCE_EPISODES.months);
    if (episodes > A.NON_COMPLIANCE_EPISODES.more_than)
      out.push(
        candidate(
          'NON_COMPLIANCE_EPISODES',
          A.NON_COMPLIANCE_EPISODES.severity,
          s.provider_id,
          s.period,
          `${episodes} sanctions evidenced in the ${A.NON_COMPLIANCE_EPISODES.months} months to ${monthInWords(s.period)} (more than ${A.NON_COMPLIANCE_EPISODES.more_than})`,
        ),
      );
  }

  const risk = new Map<string, RiskMatrixRow>();
  for (const r of results.riskMatrix) risk.set(`${r.provider_id}|${r.period}`, r);
  for (const r of results.riskMatrix) {
    if (r.risk_tier === A.RISK_CRITICAL.tier)
      out.push(
        candidate(
          'RISK_CRITICAL',
          A.RISK_CRITICAL.severity,
          r.provider_id,
          r.period,
          `risk rated ${r.risk_tier} in ${monthInWords(r.period)}: likelihood ${r.likelihood} × impact ${r.impact} = ${r.risk_score}` +
            (r.factors
              ? `, because ${listInWords(r.factors.split(',').map((f) => factorInWords(f, config)))}`
              : ''),
        ),
      );
    const prev = risk.get(`${r.provider_id}|${addMonths(r.period, -1)}`);
    if (prev && tierRank(r.risk_tier) > tierRank(prev.risk_tier))
      out.push(
        candidate(
          'RISK_TIER_UP',
          A.RISK_TIER_UP.severity,
          r.provider_id,
          r.period,
          `risk rose from ${prev.risk_tier} (score ${prev.risk_score}) in ${monthInWords(prev.period)} to ${r.risk_tier} (score ${r.risk_score}) in ${monthInWords(r.period)}`,
        ),
      );
  }

  for (const k of results.kpiScores) {
    if (k.kpi_id === A.OVER_INVOICING.kpi && k.value !== null && k.value > 0)
      out.push(
        candidate(
          'OVER_INVOICING',
          A.OVER_INVOICING.severity,
          k.provider_id,
          k.period,
          `${quantity(k.numerator ?? 0)} hours invoiced beyond the ${quantity(k.denominator ?? 0)} hours delivered in ${monthInWords(k.period)} (${percent(k.value)} over-invoiced, ${k.kpi_id})`,
        ),
      );
  }

  // Alerts from the scored months (which the lake's first month decides) start at `from`; overdue
  // action plans do not depend on it.
  const from = options.from ?? null;
  const fromScored = from === null ? out : out.filter((c) => c.period >= from);
  const earliest = lakeFirstMonth(
    config,
    returnPeriodRange(inputs.monthlyReturns.map((r) => r.period)),
    inputs.firstMonth,
  );
  const lakeFirst = from !== null && (earliest === null || from > earliest) ? from : earliest;
  for (const id of [...ctx.providerIds].sort()) {
    const p = providerOf(id)!;
    fromScored.push(...missingReturns(ctx, p, lakeFirst), ...overduePlans(ctx, p));
  }
  return dedupe(fromScored);
}

function dedupe<T extends { key: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const a of items) if (!seen.has(a.key)) seen.set(a.key, a);
  return [...seen.values()];
}

/** The candidates not raised before (each key once), stamped with this run's as-of instant. */
export function newAlerts(
  candidates: readonly AlertCandidate[],
  alreadyRaisedKeys: ReadonlySet<string>,
  asOf: Date,
): Alert[] {
  return dedupe(candidates.filter((c) => !alreadyRaisedKeys.has(c.key))).map((c) => ({
    ...c,
    first_raised_at: asOf,
  }));
}
