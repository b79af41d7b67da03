// The provider-month table: one row per provider and month that scoring looks at, one column per
// fact (KPI figures n_/d_/v_<KPI>, rule points r_<KPI>, the CQC rating, …), built by the plain
// per-provider rules in score.ts and then worked on with Arquero verbs, a step per file
// (kpi-points, area-scores, limiters, overall, level3-triggers, likelihood). Conditions and
// weighted sums are Arquero expressions written from the method's numbers; a rule kept as a
// function (bands, tiers) is derived from the few columns it reads.
import * as aq from 'arquero';

export type Table = aq.ColumnTable;
type Row = Record<string, unknown>;

/**
 * Derives columns with plain functions of a few columns. Arquero hands an escaped function a row
 * object of its whole table, so the table is first narrowed to the columns the functions read.
 */
export function deriveWith(
  t: Table,
  reads: readonly string[],
  columns: Record<string, (d: Row) => unknown>,
): Table {
  const derived = t
    .select(...reads)
    .derive(Object.fromEntries(Object.entries(columns).map(([name, f]) => [name, aq.escape(f)])))
    .select(...Object.keys(columns));
  return t.assign(derived);
}

/** A number as an expression literal (its shortest text, which reads back as the same double). */
export function lit(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return String(x);
}

/** A text as an expression literal. */
export function text(s: string): string {
  return JSON.stringify(s);
}

/** `0 + a + b + …`: a sum term by term in the given order, as the method defines Σ. */
export function sum(terms: readonly string[]): string {
  return ['0', ...terms.map((t) => `(${t})`)].join(' + ');
}

/** `a || b || …`, false when there is none. */
export function any(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'false' : conditions.map((c) => `(${c})`).join(' || ');
}

export const col = {
  numerator: (kpi: string) => `n_${kpi}`,
  denominator: (kpi: string) => `d_${kpi}`,
  value: (kpi: string) => `v_${kpi}`,
  rulePoints: (kpi: string) => `r_${kpi}`,
  points: (kpi: string) => `p_${kpi}`,
  score: (area: string) => `score_${area}`,
  rating: (area: string) => `rating_${area}`,
  cap: (area: string) => `cap_${area}`,
  effective: (area: string) => `effective_${area}`,
  final: (area: string) => `final_${area}`,
  limiter: (code: string) => `lim_${code}`,
  level3: (i: number) => `l3_${i}`,
};
