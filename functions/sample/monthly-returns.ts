// Providers' monthly KPI returns: one file per provider per month, one row per branch × service,
// with the planted timing and content incidents.

import { csvText } from './csv-text.ts';
import { type IncidentPlan, key } from './incidents.ts';
import { Rng } from './prng.ts';
import type { Provider, ProviderRates } from './providers.ts';
import { dueMonthOf, receiptTime } from './receipts.ts';
import {
  MONTHLY_RETURN_COLUMNS,
  type MonthlyReturnValues,
  monthlyReturnCells,
  monthlyReturnValues,
} from './return-rows.ts';
import type { GeneratedFile } from './types.ts';
import { activeDays, branchShare, type Volumes } from './volume.ts';

export interface PlantedBadRow {
  path: string;
  /** 1-based data row number (the header is row 0). */
  row: number;
  problem: string;
}

export interface ReturnsInput {
  seed: number;
  providers: readonly Provider[];
  months: readonly string[];
  volumes: Volumes;
  plan: IncidentPlan;
  asOf: Date;
}

export interface ReturnsOutput {
  files: GeneratedFile[];
  badRows: PlantedBadRow[];
}

const notes = [
  '',
  '',
  'Covering sickness in the Deal office',
  'New rota, "live" from the 3rd',
  'Two packages, handed back',
];

function goodRows(
  rng: Rng,
  p: Provider,
  period: string,
  volumes: Volumes,
  rates: ProviderRates,
): MonthlyReturnValues[] {
  const factor = volumes.get(p.id)?.get(period) ?? 0;
  const days = activeDays(p, period);
  const rows: MonthlyReturnValues[] = [];
  for (const b of p.branches) {
    for (const s of p.services) {
      let people = 0;
      for (const c of p.clusters) people += (p.people[c] ?? 0) * branchShare(p, b.clusters, c);
      people *= (p.serviceMix[s] ?? 0) * factor;
      rows.push(
        monthlyReturnValues(rng, rates, {
          provider_id: p.id,
          branch_id: b.id,
          service_code: s,
          period,
          people,
          hoursPerWeek: p.hoursPerWeek[s] ?? 0,
          days,
        }),
      );
    }
  }
  return rows;
}

/** After the CQC inspection the crisis provider's calls slip. */
function ratesFor(p: Provider, period: string, plan: IncidentPlan): ProviderRates {
  if (plan.crisis?.provider === p.id && period >= plan.crisis.month) {
    return { ...p.rates, missed: Math.max(p.rates.missed, 0.006), lateEarly: p.rates.lateEarly * 2 };
  }
  return p.rates;
}

export function monthlyReturnFiles(input: ReturnsInput): ReturnsOutput {
  const { seed, providers, months, volumes, plan, asOf } = input;
  const files: GeneratedFile[] = [];
  const badRows: PlantedBadRow[] = [];
  const allBranches = new Set(providers.flatMap((p) => p.branches.map((b) => b.id)));

  for (const p of providers) {
    const rng = Rng.derive(seed, `returns:${p.id}`);
    for (const period of months) {
      if (activeDays(p, period) === 0) continue;
      const k = key(p.id, period);
      const rows = goodRows(rng, p, period, volumes, ratesFor(p, period, plan));
      if (plan.missing.has(k)) continue;

      const lateIndex = plan.struggling?.provider === p.id ? plan.struggling.lateMonths.indexOf(period) : -1;
      const lateDays =
        lateIndex >= 0 ? ([12, 9, 4][lateIndex] ?? 4) : rng.chance(0.05) ? rng.int(1, 9) : null;
      const receivedAt = receiptTime(rng, dueMonthOf(period), 15, lateDays, asOf);
      const path = `providers/${p.id}/monthly-return/${p.id}-${period}.csv`;
      const first = rows[0]!;
      let cells = rows.map(monthlyReturnCells);
      let columns: string[] = [...MONTHLY_RETURN_COLUMNS];

      const bad = plan.badRows.get(k);
      if (bad === 'unknown-branch') {
        let ghost: string;
        do ghost = `1-${rng.digits(10)}`;
        while (allBranches.has(ghost));
        cells.push(monthlyReturnCells({ ...first, branch_id: ghost }));
        badRows.push({
          path,
          row: cells.length,
          problem: `branch_id ${ghost} is not in the provider register`,
        });
      } else if (bad === 'negative-count') {
        const i = rng.int(0, cells.length - 1);
        cells[i] = monthlyReturnCells({ ...rows[i]!, calls_double_handed_on_time: -1 });
        badRows.push({ path, row: i + 1, problem: 'calls_double_handed_on_time is negative' });
      } else if (bad === 'other-provider') {
        const other = providers.find((q) => q.id !== p.id);
        if (other) {
          cells.push(
            monthlyReturnCells({ ...first, provider_id: other.id, branch_id: other.branches[0]!.id }),
          );
          badRows.push({
            path,
            row: cells.length,
            problem: `names provider ${other.id}, not the submitting ${p.id}`,
          });
        }
      } else if (bad === 'duplicate-row') {
        cells.push(monthlyReturnCells({ ...first, people_served: first.people_served + 1 }));
        badRows.push({ path, row: cells.length, problem: 'repeats the business key of row 1' });
      }

      let content: string;
      if (plan.unknownColumn === k) {
        columns = [...columns, 'notes'];
        cells = cells.map((row) => [...row, rng.pick(notes)]);
      }
      content = csvText(columns, cells);
      if (plan.bomCrlf === k) content = `\uFEFF${content.replace(/\n/g, '\r\n')}`;

      const resubmission = plan.resubmissions.get(k);
      if (resubmission) {
        // v1 carries the flaw; v2, a few days later, is the provider's corrected file.
        const v1 = rows.map(monthlyReturnCells);
        let v2 = rows.map(monthlyReturnCells);
        if (resubmission === 'fixes-bad-row') {
          const i = rng.int(0, rows.length - 1);
          const r = rows[i]!;
          v1[i] = monthlyReturnCells({ ...r, calls_missed: r.calls_scheduled - r.calls_late_early + 5 });
          badRows.push({
            path,
            row: i + 1,
            problem: 'calls_late_early + calls_missed exceed calls_scheduled',
          });
        } else if (resubmission === 'corrects-hours') {
          const i = rng.int(0, rows.length - 1);
          const r = rows[i]!;
          // A slipped decimal point: valid, but delivered > 1.5 × commissioned raises a warning.
          const typo = Math.round(r.hours_delivered * 10 * 100) / 100;
          v1[i] = monthlyReturnCells({ ...r, hours_delivered: typo, hours_invoiced: typo });
        } else {
          const spare = (['HC', 'SIS', 'SISP', 'ECS', 'D2A'] as const).find((s) => !p.services.includes(s));
          // A row pasted under the wrong service code, which the provider then deletes.
          if (spare) v1.push(monthlyReturnCells({ ...first, service_code: spare }));
          else v2 = v2.slice(0, -1);
        }
        content = csvText(columns, v1);
        const v2At = new Date(
          Math.floor(
            Math.min(receivedAt.getTime() + rng.uniform(2, 6) * 86_400_000, asOf.getTime() - 3_600_000) /
              1000,
          ) * 1000,
        );
        files.push({ path, type: 'monthly-return', provider: p.id, receivedAt, content });
        files.push({
          path: path.replace(/\.csv$/, '-v2.csv'),
          type: 'monthly-return',
          provider: p.id,
          receivedAt: v2At,
          content: csvText(columns, v2),
        });
        continue;
      }
      files.push({ path, type: 'monthly-return', provider: p.id, receivedAt, content });
    }
  }
  return { files, badRows };
}
