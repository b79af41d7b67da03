// GET /api/method/compare's answers: the lake scored in memory under the published method and under
// the second one serve was given (compareMethods, as `carescore compare` does), computed on demand
// and kept per month while the lake's scoring inputs stay as they were (their state is a listing of
// the committed ledger and the settings, so an upload, or an ingest from the CLI, starts afresh).
// A kept answer is also dropped when the day changes, since due dates depend on the clock.
import type { MethodConfig } from '../domain/method/config.ts';
import { scoringInputsState } from '../lake/scoring-inputs.ts';
import { compareMethods, type MethodComparison } from '../pipeline/compare-methods.ts';
import type { Clock, ObjectStore } from '../pipeline/ports.ts';

/** The answer's shape, for the web app's method page. */
export type { FieldChange, KpiMove, MethodComparison } from '../pipeline/compare-methods.ts';

export class MethodComparisons {
  private state: string | null = null;
  private readonly months = new Map<string, Promise<MethodComparison>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly current: MethodConfig,
    private readonly candidate: MethodConfig,
    private readonly now: Clock,
  ) {}

  /** The comparison for one month; computed once per month and lake state. */
  async month(period: string): Promise<MethodComparison> {
    const asOf = this.now();
    const state = `${asOf.toISOString().slice(0, 10)}\n${await scoringInputsState(this.store)}`;
    if (state !== this.state) {
      this.months.clear();
      this.state = state;
    }
    let comparison = this.months.get(period);
    if (!comparison) {
      comparison = compareMethods(this.store, {
        asOf,
        current: this.current,
        candidate: this.candidate,
        periods: [period],
      });
      this.months.set(period, comparison);
      // A failure is not kept: the next request tries again.
      comparison.catch(() => {
        if (this.months.get(period) === comparison) this.months.delete(period);
      });
    }
    return comparison;
  }
}
