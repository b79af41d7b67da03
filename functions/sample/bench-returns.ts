// Large monthly-return CSVs for ingest benchmarks, with the register that makes every row valid.
// Rows cycle over a synthetic register: one provider (all rows belong to the submitting provider)
// or many providers of 3 branches × 5 services each.

import { daysIn } from './calendar.ts';
import { sampleCsvLine } from './csv-text.ts';
import { Rng } from './prng.ts';
import { drawRates } from './providers.ts';
import { REGISTER_COLUMNS } from './register.ts';
import { MONTHLY_RETURN_COLUMNS, monthlyReturnCells, monthlyReturnValues } from './return-rows.ts';
import { SERVICE_CODES, SERVICE_SHAPES } from './services.ts';

export interface BenchReturnOptions {
  /** Data rows in the monthly return. */
  rows: number;
  seed?: number;
  /** Period of every row (default '2025-06'). */
  period?: string;
  /** When set, every row names this provider (a single submission); otherwise ids cycle. */
  provider?: string;
}

const SERVICES_PER_BRANCH = SERVICE_CODES.length;
const BRANCHES_PER_PROVIDER = 3;

interface Slot {
  provider: string;
  providerIndex: number;
  branch: string;
  branchIndex: number;
}

/** The register position of data row i; deterministic, so register and return always agree. */
function slotOf(i: number, options: BenchReturnOptions): Slot {
  const branchIndex = Math.floor(i / SERVICES_PER_BRANCH);
  const providerIndex = options.provider ? 0 : Math.floor(branchIndex / BRANCHES_PER_PROVIDER);
  return {
    provider: options.provider ?? `B${String(providerIndex + 1).padStart(6, '0')}`,
    providerIndex,
    branch: `1-${String(1_000_000_000 + branchIndex)}`,
    branchIndex,
  };
}

function branchCount(options: BenchReturnOptions): number {
  const branches = Math.ceil(Math.max(0, options.rows) / SERVICES_PER_BRANCH);
  // Round up to whole providers so the register never lists half a provider.
  return options.provider ? branches : Math.ceil(branches / BRANCHES_PER_PROVIDER) * BRANCHES_PER_PROVIDER;
}

/** The provider register covering every provider and branch that monthlyReturnCsv(options) names. */
export function benchRegisterCsv(options: BenchReturnOptions): string {
  const lines = [sampleCsvLine(REGISTER_COLUMNS)];
  for (let b = 0; b < branchCount(options); b++) {
    const s = slotOf(b * SERVICES_PER_BRANCH, options);
    const cluster = `K${String((b % 19) + 1).padStart(2, '0')}`;
    lines.push(
      sampleCsvLine([
        s.provider,
        `Bench Provider ${s.providerIndex + 1}`,
        `1-${String(2_000_000_000 + s.providerIndex)}`,
        s.branch,
        `Bench Branch ${b + 1}`,
        cluster,
        '2020-04-01',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A monthly return of `rows` valid rows with realistic values (CONTRACTS §1.1 rules all hold). */
export function monthlyReturnCsv(options: BenchReturnOptions): string {
  const rng = Rng.derive(options.seed ?? 1, 'bench-returns');
  const period = options.period ?? '2025-06';
  const days = daysIn(period);
  const lines: string[] = [sampleCsvLine(MONTHLY_RETURN_COLUMNS)];
  let rates = drawRates(rng);
  let lastProvider = -1;
  for (let i = 0; i < options.rows; i++) {
    const slot = slotOf(i, options);
    if (slot.providerIndex !== lastProvider || (options.provider && i % (SERVICES_PER_BRANCH * 10) === 0)) {
      rates = drawRates(rng);
      lastProvider = slot.providerIndex;
    }
    const service = SERVICE_CODES[i % SERVICES_PER_BRANCH]!;
    const shape = SERVICE_SHAPES[service];
    const values = monthlyReturnValues(rng, rates, {
      provider_id: slot.provider,
      branch_id: slot.branch,
      service_code: service,
      period,
      people: rng.logNormal(30 * shape.weight, 0.5),
      hoursPerWeek: rng.logNormal(shape.hoursPerWeek, 0.12),
      days,
    });
    lines.push(sampleCsvLine(monthlyReturnCells(values)));
  }
  return `${lines.join('\n')}\n`;
}
