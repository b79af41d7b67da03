// Alerts step: evaluate METHODOLOGY §7 over the stored results, raise only keys never raised
// before, store them under results/alerts, and hand them to the notifier.

import type { ObjectStore } from '../lake/object-store.ts';
import type { Row } from '../lake/parquet.ts';
import { readResults, writePartition } from '../lake/results.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import { evaluateAlerts, newAlerts } from '../scoring/alerts.ts';
import type { MethodConfig } from '../scoring/config.ts';
import type { Alert, ScoringResults } from '../scoring/results.ts';

export interface Notifier {
  notify(alerts: readonly Alert[]): Promise<void>;
}

export class NoResultsError extends Error {
  constructor() {
    super('There are no scoring results yet: run carescore score first.');
    this.name = 'NoResultsError';
  }
}

export async function readStoredResults(store: ObjectStore): Promise<ScoringResults> {
  const [kpiScores, areaScores, scorecards, riskMatrix, submissionCompliance] = await Promise.all([
    readResults(store, 'kpi_scores'),
    readResults(store, 'area_scores'),
    readResults(store, 'scorecards'),
    readResults(store, 'risk_matrix'),
    readResults(store, 'submission_compliance'),
  ]);
  return {
    method_version: (scorecards[0]?.method_version as string) ?? '',
    kpiScores: kpiScores as never,
    areaScores: areaScores as never,
    scorecards: scorecards as never,
    riskMatrix: riskMatrix as never,
    submissionCompliance: submissionCompliance as never,
  };
}

export async function readAlerts(store: ObjectStore): Promise<Alert[]> {
  return (await readResults(store, 'alerts')).map((row) => ({
    key: row.alert_key as string,
    alert_type: row.alert_type as Alert['alert_type'],
    severity: row.severity as Alert['severity'],
    provider_id: row.provider_id as string,
    period: row.period as string,
    message: row.message as string,
    first_raised_at: row.first_raised_at as Date,
  }));
}

export async function raiseAlerts(
  store: ObjectStore,
  notifier: Notifier,
  options: { asOf: Date; config?: MethodConfig },
): Promise<{ raised: Alert[]; known: number }> {
  const results = await readStoredResults(store);
  if (results.scorecards.length === 0) throw new NoResultsError();
  const inputs = await loadScoringInputs(store);
  const existing = await readAlerts(store);
  const raised = newAlerts(
    evaluateAlerts(inputs, results, options),
    new Set(existing.map((a) => a.key)),
    options.asOf,
  );
  const byPeriod = new Map<string, Row[]>();
  for (const alert of [...existing, ...raised]) {
    const rows = byPeriod.get(alert.period) ?? [];
    rows.push({ ...alert, alert_key: alert.key });
    byPeriod.set(alert.period, rows);
  }
  const touched = new Set(raised.map((a) => a.period));
  for (const [period, rows] of byPeriod)
    if (touched.has(period)) await writePartition(store, 'alerts', period, rows);
  // Stored before notifying: a failed notification is retried by the next run's operator, never doubled.
  await notifier.notify(raised);
  return { raised, known: existing.length };
}
