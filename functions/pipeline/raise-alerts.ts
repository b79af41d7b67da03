// Alerts step: evaluate METHODOLOGY §7 over the stored results, raise only keys never raised
// before, store them under results/alerts, and hand them to the notifier.
//
// Delivery is at least once, through an outbox. New alerts are stored first, as pending (no
// notified_at): their keys are then on record, so no later run raises them again or with another
// first_raised_at. The notifier is called with every pending alert, and only after it returns are
// they marked notified. A crash or a notifier failure anywhere before that mark sends them again on
// the next run; none is lost. The other order (mark, then send) would lose alerts on a crash, and a
// missed safeguarding alert costs more than a repeated e-mail. Exactly once would need the lake and
// the notifier to commit together, which S3 and SNS cannot; repeats are confined to a crash between
// the notifier returning and the mark being stored, and each message names its alert key.

import { evaluateAlerts, newAlerts } from '../domain/method/alerts.ts';
import type { MethodConfig } from '../domain/method/config.ts';
import type { Alert, ScoringResults } from '../domain/method/results.ts';
import type { Row } from '../lake/parquet.ts';
import { readResults, writePartition } from '../lake/results.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { Clock, Notifier, ObjectStore } from './ports.ts';

export class NoResultsError extends Error {
  constructor() {
    super('There are no scoring results yet: score the lake first.');
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

/** An alert as stored: notified_at stays null until the notifier has taken it. */
export interface StoredAlert {
  alert: Alert;
  notified_at: Date | null;
}

export async function readAlerts(store: ObjectStore): Promise<Alert[]> {
  return (await readStoredAlerts(store)).map((stored) => stored.alert);
}

export async function readStoredAlerts(store: ObjectStore): Promise<StoredAlert[]> {
  return (await readResults(store, 'alerts')).map((row) => ({
    alert: {
      key: row.alert_key as string,
      alert_type: row.alert_type as Alert['alert_type'],
      severity: row.severity as Alert['severity'],
      provider_id: row.provider_id as string,
      period: row.period as string,
      message: row.message as string,
      first_raised_at: row.first_raised_at as Date,
    },
    notified_at: (row.notified_at as Date | null) ?? null,
  }));
}

export interface RaiseAlertsResult {
  /** Alerts whose keys were never raised before this run. */
  raised: Alert[];
  /** Alerts raised by earlier runs. */
  known: number;
  /** Every alert handed to the notifier: the raised ones, and any an interrupted run left unsent. */
  notified: Alert[];
}

export async function raiseAlerts(
  store: ObjectStore,
  notifier: Notifier,
  options: { asOf: Date; method: MethodConfig; now: Clock },
): Promise<RaiseAlertsResult> {
  const results = await readStoredResults(store);
  if (results.scorecards.length === 0) throw new NoResultsError();
  const inputs = await loadScoringInputs(store);
  const existing = await readStoredAlerts(store);
  const raised = newAlerts(
    evaluateAlerts(inputs, results, options),
    new Set(existing.map((a) => a.alert.key)),
    options.asOf,
  );
  const stored = [...existing, ...raised.map((alert) => ({ alert, notified_at: null }))];
  await storeAlerts(store, stored, raised);

  const pending = stored.filter((a) => a.notified_at === null).map((a) => a.alert);
  await notifier.notify(pending);
  const notifiedAt = options.now();
  const sent = new Set(pending.map((a) => a.key));
  await storeAlerts(
    store,
    stored.map((a) => (sent.has(a.alert.key) ? { ...a, notified_at: notifiedAt } : a)),
    pending,
  );
  return { raised, known: existing.length, notified: pending };
}

/** Rewrites the alerts partition of each month that `changed` touches, with every alert of that month. */
async function storeAlerts(store: ObjectStore, all: StoredAlert[], changed: Alert[]): Promise<void> {
  const touched = new Set(changed.map((a) => a.period));
  const byPeriod = new Map<string, Row[]>();
  for (const { alert, notified_at } of all) {
    if (!touched.has(alert.period)) continue;
    const rows = byPeriod.get(alert.period) ?? [];
    rows.push({ ...alert, alert_key: alert.key, notified_at });
    byPeriod.set(alert.period, rows);
  }
  for (const [period, rows] of byPeriod) await writePartition(store, 'alerts', period, rows);
}
