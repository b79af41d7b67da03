// METHODOLOGY §1: when each return falls due (London wall-clock time, so BST shifts the instant).
import { addMonths, londonInstant } from '../time/london.ts';
import type { MethodConfig } from './config.ts';

type DueRule = MethodConfig['due_dates']['monthly_return'];

/** The due instant of the return for the period (month or quarter) starting at periodStart. */
export function dueInstant(periodStart: string, rule: DueRule): Date {
  const month = addMonths(periodStart, rule.months_after_period_start);
  const [h, mi, s] = rule.time.split(':').map(Number);
  return londonInstant(Number(month.slice(0, 4)), Number(month.slice(5, 7)), rule.day, h, mi, s);
}

/** The quarter (by its start month) that contains a month. */
export function quarterStartOf(period: string, config: MethodConfig): string {
  // Asked for every provider-month: cached per config and month.
  let byPeriod = quarterCache.get(config);
  if (!byPeriod) {
    byPeriod = new Map();
    quarterCache.set(config, byPeriod);
  }
  let quarter = byPeriod.get(period);
  if (quarter === undefined) {
    quarter = computeQuarterStart(period, config);
    byPeriod.set(period, quarter);
  }
  return quarter;
}

const quarterCache = new WeakMap<MethodConfig, Map<string, string>>();

function computeQuarterStart(period: string, config: MethodConfig): string {
  const month = Number(period.slice(5, 7));
  const starts = [...config.timeliness.quarter_start_months].sort((a, b) => a - b);
  const within = starts.filter((q) => q <= month).at(-1);
  const year = Number(period.slice(0, 4));
  const [y, q] = within === undefined ? [year - 1, starts.at(-1)!] : [year, within];
  return `${y}-${String(q).padStart(2, '0')}`;
}

export function previousQuarterStart(quarterStart: string, config: MethodConfig): string {
  return quarterStartOf(addMonths(quarterStart, -1), config);
}

/** Due instants, cached per period: the same few months are asked for by every provider. */
export class DueDates {
  private readonly monthly = new Map<string, Date>();
  private readonly quarterly = new Map<string, Date>();

  constructor(private readonly config: MethodConfig) {}

  monthlyReturn(period: string): Date {
    let due = this.monthly.get(period);
    if (!due) {
      due = dueInstant(period, this.config.due_dates.monthly_return);
      this.monthly.set(period, due);
    }
    return due;
  }

  selfAssessment(quarterStart: string): Date {
    let due = this.quarterly.get(quarterStart);
    if (!due) {
      due = dueInstant(quarterStart, this.config.due_dates.self_assessment);
      this.quarterly.set(quarterStart, due);
    }
    return due;
  }
}
