// METHODOLOGY §2 "ratios of sums": each monthly-return KPI's numerator, denominator and value are
// Arquero aggregate expressions in the method config (e.g. "op.sum(d.calls_missed)"), evaluated
// over a provider-month's scored rows in one Arquero groupby + rollup for the whole run.
import * as aq from 'arquero';
import type { MonthlyReturnRow } from './inputs.ts';

/** The monthly return's numeric columns (CONTRACTS), which formulas may read as d.<column>. */
const MONTHLY_RETURN_COLUMNS = [
  'calls_scheduled',
  'calls_late_early',
  'calls_missed',
  'calls_double_handed',
  'calls_double_handed_on_time',
  'hours_commissioned',
  'hours_delivered',
  'hours_invoiced',
  'people_served',
  'people_trusted_team_ok',
  'packages_new',
  'care_plans_by_second_visit',
  'complaints_closed',
  'complaints_closed_in_20wd',
  'notifications_due',
  'notifications_on_time',
] as const;

/** The parts of a KPI the config writes as expressions. */
export const FORMULA_PARTS = ['numerator', 'denominator', 'value'] as const;
type Part = (typeof FORMULA_PARTS)[number];

export interface Formula {
  id: string;
  numerator: string;
  denominator: string;
  value: string;
}

/** A provider-month's figures for one formula KPI. */
interface FormulaFigures {
  numerator: number;
  denominator: number;
  /** null unless the denominator is positive and the value a finite number. */
  value: number | null;
}

/** One provider-month's monthly-return figures: what its formula KPIs and Q04 read. */
export interface MonthReturn {
  /** Σ people_served (Q04's denominator). */
  people_served: number;
  figures(kpiId: string): FormulaFigures | null;
}

const column = (kpi: number, part: Part) => `k${kpi}_${part}`;

function emptyTable(): aq.ColumnTable {
  return aq.table(Object.fromEntries(MONTHLY_RETURN_COLUMNS.map((c) => [c, [] as number[]])));
}

/**
 * Why an expression cannot be a formula part (it must be an aggregate over the monthly return's
 * columns), or null when it can. Arquero checks the syntax, the functions and the column names.
 */
export function formulaProblem(expression: string): string | null {
  if (expression.trim() === '') return 'it is empty';
  try {
    emptyTable().rollup({ x: expression });
    return null;
  } catch (e) {
    const first = String((e as Error).message ?? e).split('\n')[0]!;
    return first.replace(/\.$/, '');
  }
}

/**
 * The formula KPIs of every provider-month at once. `groups` lists each provider-month's scored
 * rows; the result answers by the same group index.
 */
export function evaluateFormulas(
  formulas: readonly Formula[],
  groups: readonly (readonly MonthlyReturnRow[])[],
): MonthReturn[] {
  let n = 0;
  for (const g of groups) n += g.length;
  const group = new Int32Array(n);
  const columns: Record<string, Float64Array> = {};
  for (const c of MONTHLY_RETURN_COLUMNS) columns[c] = new Float64Array(n);
  let i = 0;
  for (let g = 0; g < groups.length; g++)
    for (const row of groups[g]!) {
      group[i] = g;
      for (const c of MONTHLY_RETURN_COLUMNS) columns[c]![i] = row[c];
      i++;
    }
  const rollup: Record<string, string> = { people_served: 'op.sum(d.people_served)' };
  formulas.forEach((f, k) => {
    for (const part of FORMULA_PARTS) rollup[column(k, part)] = f[part];
  });
  const result = aq
    .table({ group, ...columns })
    .groupby('group')
    .rollup(rollup);
  const get = (name: string) => result.array(name) as ArrayLike<number>;
  const groupOf = get('group');
  const people = get('people_served');
  const parts = formulas.map((_, k) => FORMULA_PARTS.map((p) => get(column(k, p))));
  const index = new Map(formulas.map((f, k) => [f.id, k]));
  const out: MonthReturn[] = new Array(groups.length);
  for (let r = 0; r < result.numRows(); r++) {
    const row = r;
    out[groupOf[r]!] = {
      people_served: people[r]!,
      figures(kpiId) {
        const k = index.get(kpiId);
        if (k === undefined) return null;
        const [num, den, val] = parts[k]!;
        const numerator = num![row]!;
        const denominator = den![row]!;
        const value = val![row]!;
        return {
          numerator,
          denominator,
          value: denominator > 0 && Number.isFinite(value) ? value : null,
        };
      },
    };
  }
  return out;
}
