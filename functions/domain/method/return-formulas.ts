// METHODOLOGY §2 "ratios of sums": each monthly-return KPI's numerator, denominator and value are
// Arquero aggregate expressions in the method config (e.g. "op.sum(d.calls_missed)"), evaluated
// over a provider-month's scored rows in one Arquero groupby + rollup for the whole run.
import * as aq from 'arquero';
import type { MonthlyReturnRow } from './inputs.ts';

type NumericColumn = {
  [C in keyof MonthlyReturnRow]: MonthlyReturnRow[C] extends number ? C : never;
}[keyof MonthlyReturnRow];

/**
 * The monthly return's numeric columns (CONTRACTS), which formulas may read as d.<column>, each
 * with its reader written out: a loop reading row[column] over the names is several times slower
 * (every access is a keyed look-up). The type makes the list complete.
 */
const READ: { readonly [C in NumericColumn]: (r: MonthlyReturnRow) => number } = {
  calls_scheduled: (r) => r.calls_scheduled,
  calls_late_early: (r) => r.calls_late_early,
  calls_missed: (r) => r.calls_missed,
  calls_double_handed: (r) => r.calls_double_handed,
  calls_double_handed_on_time: (r) => r.calls_double_handed_on_time,
  hours_commissioned: (r) => r.hours_commissioned,
  hours_delivered: (r) => r.hours_delivered,
  hours_invoiced: (r) => r.hours_invoiced,
  people_served: (r) => r.people_served,
  people_trusted_team_ok: (r) => r.people_trusted_team_ok,
  packages_new: (r) => r.packages_new,
  care_plans_by_second_visit: (r) => r.care_plans_by_second_visit,
  complaints_closed: (r) => r.complaints_closed,
  complaints_closed_in_20wd: (r) => r.complaints_closed_in_20wd,
  notifications_due: (r) => r.notifications_due,
  notifications_on_time: (r) => r.notifications_on_time,
};
const MONTHLY_RETURN_COLUMNS = Object.keys(READ) as NumericColumn[];

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

const PEOPLE = -1;

/**
 * Provider-months whose formulas are rolled up together, in one Arquero groupby + rollup per
 * request: every formula at the first request ('all'), or only the one asked for ('each', for
 * look-back months, where the history rules read one KPI).
 */
class Batch {
  private group?: Int32Array;
  private readonly columnsBuilt: Partial<Record<NumericColumn, Float64Array>> = {};
  /** Group index → its row in every rollup of this batch (the group column's order of first appearance). */
  private rowOf?: Map<number, number>;
  private readonly done = new Map<number, ArrayLike<number>[]>();

  constructor(
    private readonly members: readonly number[],
    private readonly groups: readonly (readonly MonthlyReturnRow[])[],
    private readonly formulas: readonly Formula[],
    private readonly mode: 'all' | 'each',
  ) {}

  /** The batch's rows grouped by provider-month, with the columns the expressions read. */
  private table(expressions: readonly string[]): aq.ColumnTable {
    let n = 0;
    for (const g of this.members) n += this.groups[g]!.length;
    if (!this.group) {
      this.group = new Int32Array(n);
      let i = 0;
      for (const g of this.members) for (let r = this.groups[g]!.length; r > 0; r--) this.group[i++] = g;
    }
    const used: Record<string, Float64Array> = {};
    for (const c of MONTHLY_RETURN_COLUMNS) {
      if (!expressions.some((e) => e.includes(c))) continue;
      let column = this.columnsBuilt[c];
      if (!column) {
        const read = READ[c];
        column = new Float64Array(n);
        let i = 0;
        for (const g of this.members) for (const row of this.groups[g]!) column[i++] = read(row);
        this.columnsBuilt[c] = column;
      }
      used[c] = column;
    }
    return aq.table({ group: this.group, ...used }).groupby('group');
  }

  /** The columns of formula k (numerator, denominator, value), or [people_served] for PEOPLE. */
  columns(k: number): ArrayLike<number>[] {
    const ready = this.done.get(k);
    if (ready) return ready;
    const wanted = this.mode === 'all' ? [PEOPLE, ...this.formulas.keys()] : [k];
    const rollup: Record<string, string> = {};
    for (const w of wanted) {
      if (w === PEOPLE) rollup.people_served = 'op.sum(d.people_served)';
      else for (const part of FORMULA_PARTS) rollup[column(w, part)] = this.formulas[w]![part];
    }
    const result = this.table(Object.values(rollup)).rollup(rollup);
    const get = (name: string) => result.array(name) as ArrayLike<number>;
    if (!this.rowOf) {
      const groupOf = get('group');
      this.rowOf = new Map();
      for (let r = 0; r < result.numRows(); r++) this.rowOf.set(groupOf[r]!, r);
    }
    for (const w of wanted)
      this.done.set(w, w === PEOPLE ? [get('people_served')] : FORMULA_PARTS.map((p) => get(column(w, p))));
    return this.done.get(k)!;
  }

  row(group: number): number {
    return this.rowOf!.get(group)!;
  }
}

class GroupReturn implements MonthReturn {
  constructor(
    private readonly batch: Batch,
    private readonly group: number,
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  get people_served(): number {
    const [people] = this.batch.columns(PEOPLE);
    return people![this.batch.row(this.group)]!;
  }

  figures(kpiId: string): FormulaFigures | null {
    const k = this.index.get(kpiId);
    if (k === undefined) return null;
    const [num, den, val] = this.batch.columns(k);
    const row = this.batch.row(this.group);
    const denominator = den![row]!;
    const value = val![row]!;
    return {
      numerator: num![row]!,
      denominator,
      value: denominator > 0 && Number.isFinite(value) ? value : null,
    };
  }
}

/**
 * Each provider-month's formula KPIs. `groups` lists each provider-month's scored rows, and the
 * result answers by the same group index. `lookBack(g)` names the month of a group that is only
 * looked back to (its KPIs are then rolled up one at a time, month by month, when first read);
 * the other groups are rolled up together, every formula at once.
 */
export function evaluateFormulas(
  formulas: readonly Formula[],
  groups: readonly (readonly MonthlyReturnRow[])[],
  lookBack: (group: number) => string | null = () => null,
): MonthReturn[] {
  const index = new Map(formulas.map((f, k) => [f.id, k]));
  const main: number[] = [];
  const byMonth = new Map<string, number[]>();
  for (let g = 0; g < groups.length; g++) {
    const month = lookBack(g);
    if (month === null) main.push(g);
    else {
      const list = byMonth.get(month);
      if (list) list.push(g);
      else byMonth.set(month, [g]);
    }
  }
  const out: MonthReturn[] = new Array(groups.length);
  const assign = (members: number[], mode: 'all' | 'each') => {
    const batch = new Batch(members, groups, formulas, mode);
    for (const g of members) out[g] = new GroupReturn(batch, g, index);
  };
  assign(main, 'all');
  for (const members of byMonth.values()) assign(members, 'each');
  return out;
}
