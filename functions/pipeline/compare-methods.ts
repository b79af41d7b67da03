// carescore compare: the lake scored in memory under the current method and under another, and
// every provider-month whose overall rating, area ratings, risk tier or Level 3 triggers would
// change, with the KPIs whose points or weights differ. Nothing is written.

import type { MethodConfig } from '../domain/method/config.ts';
import {
  latestReturnPeriod,
  PeriodAfterLatestReturnError,
  periodsAfterLatestReturn,
} from '../domain/method/periods.ts';
import type { RatingOrNotScored, ScoringResults } from '../domain/method/results.ts';
import { scoreProviders } from '../domain/method/score.ts';
import { parsePeriod } from '../domain/period.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { ObjectStore } from './ports.ts';

export interface CompareOptions {
  asOf: Date;
  /** The months to compare; every scoreable month when omitted. */
  periods?: string[];
  current: MethodConfig;
  candidate: MethodConfig;
}

/** One published field that differs. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** A KPI whose points or weight differ (null: not scored, or not in that method). */
export interface KpiMove {
  kpi_id: string;
  from_points: number | null;
  to_points: number | null;
  from_weight: number | null;
  to_weight: number | null;
}

type Direction = 'up' | 'down' | 'other';

export interface Mover {
  provider_id: string;
  period: string;
  /** By overall rating: 'other' when it is unchanged (or Not scored on one side) but something else moves. */
  direction: Direction;
  changes: FieldChange[];
  kpis: KpiMove[];
}

export interface MethodComparison {
  from_version: string;
  to_version: string;
  /** Area weights that differ between the methods (they move scores without any KPI moving). */
  area_weights: { area: string; from: number; to: number }[];
  as_of: string;
  periods: string[];
  movers: Mover[];
  summary: { up: number; down: number; other: number; unchanged: number };
}

const RATING_RANK: Record<string, number> = {
  Outstanding: 4,
  Good: 3,
  'Requires improvement': 2,
  Inadequate: 1,
};
const AREA_FIELDS = [
  'quality_rating',
  'cost_flex_rating',
  'delivery_rating',
  'relationship_rating',
  'workforce_rating',
] as const;

function direction(from: RatingOrNotScored, to: RatingOrNotScored): Direction {
  const a = RATING_RANK[from];
  const b = RATING_RANK[to];
  if (a === undefined || b === undefined || a === b) return 'other';
  return b > a ? 'up' : 'down';
}

const key = (provider: string, period: string) => `${provider}\u0000${period}`;

function byKey<R extends { provider_id: string; period: string }>(rows: readonly R[]): Map<string, R> {
  return new Map(rows.map((r) => [key(r.provider_id, r.period), r]));
}

function kpiMoves(a: ScoringResults, b: ScoringResults): Map<string, KpiMove[]> {
  const rows = new Map<string, Map<string, KpiMove>>();
  const add = (r: ScoringResults['kpiScores'][number], side: 'from' | 'to'): void => {
    const k = key(r.provider_id, r.period);
    let kpis = rows.get(k);
    if (!kpis) {
      kpis = new Map();
      rows.set(k, kpis);
    }
    const m = kpis.get(r.kpi_id) ?? {
      kpi_id: r.kpi_id,
      from_points: null,
      to_points: null,
      from_weight: null,
      to_weight: null,
    };
    m[`${side}_points`] = r.points;
    m[`${side}_weight`] = r.weight;
    kpis.set(r.kpi_id, m);
  };
  for (const r of a.kpiScores) add(r, 'from');
  for (const r of b.kpiScores) add(r, 'to');
  const out = new Map<string, KpiMove[]>();
  for (const [k, kpis] of rows) {
    const moved = [...kpis.values()]
      .filter((m) => m.from_points !== m.to_points || m.from_weight !== m.to_weight)
      .sort((x, y) => (x.kpi_id < y.kpi_id ? -1 : x.kpi_id > y.kpi_id ? 1 : 0));
    if (moved.length > 0) out.set(k, moved);
  }
  return out;
}

/** The differences between two scorings of the same inputs, provider-month by provider-month. */
function diffResults(a: ScoringResults, b: ScoringResults): Omit<MethodComparison, 'as_of' | 'area_weights'> {
  const cardsB = byKey(b.scorecards);
  const riskA = byKey(a.riskMatrix);
  const riskB = byKey(b.riskMatrix);
  const moves = kpiMoves(a, b);
  const movers: Mover[] = [];
  const summary = { up: 0, down: 0, other: 0, unchanged: 0 };
  const periods = new Set<string>();
  for (const from of a.scorecards) {
    const k = key(from.provider_id, from.period);
    const to = cardsB.get(k);
    if (!to) continue;
    periods.add(from.period);
    const changes: FieldChange[] = [];
    const compare = (field: string, x: string, y: string) => {
      if (x !== y) changes.push({ field, from: x, to: y });
    };
    compare('overall_rating', from.overall_rating, to.overall_rating);
    for (const f of AREA_FIELDS) compare(f, from[f], to[f]);
    compare('risk_tier', riskA.get(k)?.risk_tier ?? '', riskB.get(k)?.risk_tier ?? '');
    compare('level3_triggers', from.level3_triggers, to.level3_triggers);
    if (changes.length === 0) {
      summary.unchanged++;
      continue;
    }
    const d = direction(from.overall_rating, to.overall_rating);
    summary[d]++;
    movers.push({
      provider_id: from.provider_id,
      period: from.period,
      direction: d,
      changes,
      kpis: moves.get(k) ?? [],
    });
  }
  movers.sort((x, y) =>
    x.period !== y.period ? (x.period < y.period ? -1 : 1) : x.provider_id < y.provider_id ? -1 : 1,
  );
  return {
    from_version: a.method_version,
    to_version: b.method_version,
    periods: [...periods].sort(),
    movers,
    summary,
  };
}

/** Scores the lake's inputs under both methods, in memory, and lists what would move. */
export async function compareMethods(store: ObjectStore, options: CompareOptions): Promise<MethodComparison> {
  const inputs = await loadScoringInputs(store);
  let periods = options.periods;
  if (periods) {
    for (const p of periods) parsePeriod(p);
    const registered = new Set(inputs.register.map((r) => r.provider_id));
    const latest = latestReturnPeriod(inputs.monthlyReturns, registered, options.asOf);
    const after = [...new Set(periodsAfterLatestReturn(periods, latest))].sort();
    if (after.length > 0) throw new PeriodAfterLatestReturnError(after, latest);
    periods = [...new Set(periods)].sort();
  }
  const score = (method: MethodConfig) =>
    scoreProviders(inputs, { asOf: options.asOf, method, ...(periods ? { periods } : {}) });
  const weightOf = (m: MethodConfig, area: string) => m.areas.find((a) => a.id === area)!.weight;
  const area_weights = options.current.areas
    .map(({ id }) => ({ area: id, from: weightOf(options.current, id), to: weightOf(options.candidate, id) }))
    .filter((w) => w.from !== w.to);
  const diff = diffResults(score(options.current), score(options.candidate));
  return { ...diff, area_weights, as_of: options.asOf.toISOString() };
}
