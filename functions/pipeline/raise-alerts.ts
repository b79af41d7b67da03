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
//
// Each stored alert has a status: `pending` (stored, not yet taken by the notifier), `notified`,
// `backfilled` or `withdrawn`. A first run over a back-loaded history would otherwise send years of
// old alerts: on the first run (no alert stored yet, or only alerts first raised at this run's own
// as-of instant, i.e. a retry of the first run after a crash) an alert whose period is before the
// month preceding the as-of month is stored as `backfilled` and never sent. A commissioner can
// withdraw an alert (withdrawAlert): it stays on record with when and why, is never sent, and its
// key, still stored, is never raised again.
//
// Under `first_month: auto` the lake's first month is the earliest month of any accepted return, so
// a back-dated return moves it back and would expose years of months with no return. The first run
// records the lake's first month as it then stands (results/alerts/alerts-from.json, written before
// any alert is stored, so a retry reads what the interrupted run used) and no later run raises an
// alert from the scored months, or a missing return, for an earlier month. A go-live month the
// council pins (settings/lake.json) takes its place.

import { evaluateAlerts, newAlerts } from '../domain/method/alerts.ts';
import type { MethodConfig } from '../domain/method/config.ts';
import type { ScoringInputs } from '../domain/method/inputs.ts';
import { lakeFirstMonth, returnPeriodRange } from '../domain/method/periods.ts';
import type { Alert, ScoringResults } from '../domain/method/results.ts';
import { isPeriod } from '../domain/period.ts';
import { addMonths, londonMonth } from '../domain/time/london.ts';
import { keys } from '../lake/keys.ts';
import { getJson } from '../lake/object-store.ts';
import type { Row } from '../lake/parquet.ts';
import { type ResultsFilter, readResults, writePartition } from '../lake/results.ts';
import { loadScoringInputs } from '../lake/scoring-inputs.ts';
import type { Clock, NamedAlert, Notifier, ObjectStore } from './ports.ts';

export class NoResultsError extends Error {
  constructor() {
    super('There are no scoring results yet: score the lake first.');
    this.name = 'NoResultsError';
  }
}

type AlertStatus = 'pending' | 'notified' | 'backfilled' | 'withdrawn';

/** An alert as stored: notified_at stays null until the notifier has taken it. */
export interface StoredAlert {
  alert: Alert;
  status: AlertStatus;
  notified_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  /** When and by whom a commissioner acknowledged it (seen, being acted on); absent until then. */
  acknowledged_at?: Date | null;
  acknowledged_by?: string | null;
}

/** The stored alerts (of the months `filter` names, when given). */
export async function readAlerts(store: ObjectStore, filter?: ResultsFilter): Promise<Alert[]> {
  return (await readStoredAlerts(store, filter)).map((stored) => stored.alert);
}

export async function readStoredAlerts(store: ObjectStore, filter?: ResultsFilter): Promise<StoredAlert[]> {
  return (await readResults(store, 'alerts', filter)).map((row) => ({
    alert: {
      key: row.alert_key as string,
      alert_type: row.alert_type as Alert['alert_type'],
      severity: row.severity as Alert['severity'],
      provider_id: row.provider_id as string,
      period: row.period as string,
      message: row.message as string,
      first_raised_at: row.first_raised_at as Date,
    },
    // Alerts stored before statuses existed: pending until notified.
    status: (row.status as AlertStatus | null) ?? (row.notified_at ? 'notified' : 'pending'),
    notified_at: (row.notified_at as Date | null) ?? null,
    withdrawn_at: (row.withdrawn_at as Date | null) ?? null,
    withdrawn_reason: (row.withdrawn_reason as string | null) ?? null,
    acknowledged_at: (row.acknowledged_at as Date | null) ?? null,
    acknowledged_by: (row.acknowledged_by as string | null) ?? null,
  }));
}

export interface RaiseAlertsResult {
  /** Alerts whose keys were never raised before this run. */
  raised: Alert[];
  /** Of those, the ones a first run stored as backfilled: on record, not sent. */
  backfilled: Alert[];
  /** Alerts raised by earlier runs. */
  known: number;
  /** Every alert handed to the notifier: the raised ones, and any an interrupted run left unsent. */
  notified: NamedAlert[];
}

/**
 * The status a newly raised alert is stored with. On a first run, alerts for months before the
 * as-of month's predecessor are history: backfilled, not sent.
 */
function initialStatus(alert: Alert, firstRun: boolean, asOf: Date): AlertStatus {
  return firstRun && alert.period < addMonths(londonMonth(asOf), -1) ? 'backfilled' : 'pending';
}

/** What a run has stored, told before its alerts go to the notifier (the CLI prints it above them). */
export interface AlertsToSend {
  raised: Alert[];
  backfilled: Alert[];
  known: number;
  /** Alerts an earlier run stored but did not get delivered: sent now, with the new ones. */
  unsent: NamedAlert[];
}

export async function raiseAlerts(
  store: ObjectStore,
  notifier: Notifier,
  options: {
    asOf: Date;
    method: MethodConfig;
    now: Clock;
    /** Called once the new alerts are stored, before the notifier is given them. */
    beforeSending?: (run: AlertsToSend) => void;
  },
): Promise<RaiseAlertsResult> {
  const results = await alertResults(store, options.method);
  if (results.scorecards.length === 0) throw new NoResultsError();
  const inputs = await loadScoringInputs(store, { tables: alertInputs });
  const existing = await readStoredAlerts(store);
  const from = await alertsFrom(store, inputs, options.method);
  const raised = newAlerts(
    evaluateAlerts(inputs, results, { asOf: options.asOf, method: options.method, from }),
    new Set(existing.map((a) => a.alert.key)),
    options.asOf,
  );
  // A retry of the first run (its alerts all stamped with this as-of) is still the first run.
  const firstRun = existing.every((a) => a.alert.first_raised_at.getTime() === options.asOf.getTime());
  const stored: StoredAlert[] = [
    ...existing,
    ...raised.map((alert) => ({
      alert,
      status: initialStatus(alert, firstRun, options.asOf),
      notified_at: null,
      withdrawn_at: null,
      withdrawn_reason: null,
    })),
  ];
  await storeAlerts(store, stored, raised);

  const names = new Map(inputs.register.map((r) => [r.provider_id, r.provider_name]));
  const pending = stored
    .filter((a) => a.status === 'pending')
    .map((a) => ({ ...a.alert, provider_name: names.get(a.alert.provider_id) ?? '' }));
  const backfilled = stored.filter((a) => a.status === 'backfilled').map((a) => a.alert);
  const raisedKeys = new Set(raised.map((a) => a.key));
  const newlyBackfilled = backfilled.filter((a) => raisedKeys.has(a.key));
  options.beforeSending?.({
    raised,
    backfilled: newlyBackfilled,
    known: existing.length,
    unsent: pending.filter((a) => !raisedKeys.has(a.key)),
  });
  await notifier.notify(pending);
  const notifiedAt = options.now();
  const sent = new Set(pending.map((a) => a.key));
  await storeAlerts(
    store,
    stored.map((a) =>
      sent.has(a.alert.key) ? { ...a, status: 'notified' as const, notified_at: notifiedAt } : a,
    ),
    pending,
  );
  return {
    raised,
    backfilled: newlyBackfilled,
    known: existing.length,
    notified: pending,
  };
}

/**
 * The inputs METHODOLOGY §7's rules read (evaluateAlerts): who is registered, the returns (missing
 * ones), CQC ratings (downgrades) and sanctions (episodes, overdue plans). Offers, commissioned
 * hours, intelligence and self-assessments, a 1,600-provider county's largest tables, are not read.
 */
const alertInputs = ['register', 'monthlyReturns', 'cqcRatings', 'sanctions'] as const;

/**
 * The stored results the alert rules read: every month's scorecards and risk, and of the KPI
 * scores only the over-invoicing KPI's rows (OVER_INVOICING); area scores and compliance rows are
 * not read (alerts about returns come from the inputs).
 */
async function alertResults(store: ObjectStore, method: MethodConfig): Promise<ScoringResults> {
  const kpi = { column: 'kpi_id', values: new Set([method.alerts.OVER_INVOICING.kpi]) };
  const [scorecards, riskMatrix, kpiScores] = await Promise.all([
    readResults(store, 'scorecards'),
    readResults(store, 'risk_matrix'),
    readResults(store, 'kpi_scores', { where: kpi }),
  ]);
  return {
    method_version: (scorecards[0]?.method_version as string) ?? '',
    kpiScores: kpiScores as never,
    areaScores: [],
    scorecards: scorecards as never,
    riskMatrix: riskMatrix as never,
    submissionCompliance: [],
  };
}

/**
 * The first month alerts are raised for: the council's go-live month when it pins one, else the
 * lake's first month recorded at the first run (recorded now when this is it; none while the lake
 * holds no return).
 */
async function alertsFrom(
  store: ObjectStore,
  inputs: ScoringInputs,
  method: MethodConfig,
): Promise<string | null> {
  const setting = inputs.firstMonth ?? method.first_month;
  if (setting !== 'auto') return setting;
  const recorded = await getJson<{ first_month?: unknown }>(store, keys.alertsFrom);
  if (recorded !== null) {
    const month = recorded.first_month;
    if (typeof month !== 'string' || !isPeriod(month))
      throw new Error(
        `${keys.alertsFrom} has first_month ${JSON.stringify(month)}, which is not a month; write it as {"first_month": "YYYY-MM"}, the first month to raise alerts for.`,
      );
    return month;
  }
  const first = lakeFirstMonth(method, returnPeriodRange(inputs.monthlyReturns.map((r) => r.period)));
  if (first !== null) await store.put(keys.alertsFrom, `${JSON.stringify({ first_month: first })}\n`);
  return first;
}

export class UnknownAlertError extends Error {
  override name = 'UnknownAlertError';
  constructor(readonly key: string) {
    super(`No stored alert has the key '${key}': copy the key from v_alerts.alert_key.`);
  }
}

export class AlertAlreadyWithdrawnError extends Error {
  override name = 'AlertAlreadyWithdrawnError';
  constructor(
    readonly key: string,
    withdrawnAt: Date | null,
  ) {
    super(
      `The alert '${key}' was already withdrawn${withdrawnAt ? ` at ${withdrawnAt.toISOString()}` : ''}.`,
    );
  }
}

/**
 * A commissioner withdraws an alert: it is kept on record as withdrawn, with when and why, is
 * never sent (even if still pending) and, its key still stored, is never raised again.
 */
export async function withdrawAlert(
  store: ObjectStore,
  options: { key: string; reason: string; now: Clock },
): Promise<StoredAlert> {
  const reason = options.reason.trim();
  if (reason === '') throw new Error('A withdrawal needs a reason.');
  const all = await readStoredAlerts(store);
  const found = all.find((a) => a.alert.key === options.key);
  if (!found) throw new UnknownAlertError(options.key);
  if (found.status === 'withdrawn') throw new AlertAlreadyWithdrawnError(options.key, found.withdrawn_at);
  const withdrawn: StoredAlert = {
    ...found,
    status: 'withdrawn',
    withdrawn_at: options.now(),
    withdrawn_reason: reason,
  };
  await storeAlerts(
    store,
    all.map((a) => (a === found ? withdrawn : a)),
    [found.alert],
  );
  return withdrawn;
}

/**
 * A commissioner acknowledges an alert (seen, being acted on): when and by whom are kept on it.
 * Acknowledging it again changes nothing; the first acknowledgement stands.
 */
export async function acknowledgeAlert(
  store: ObjectStore,
  options: { key: string; by: string; now: Clock },
): Promise<StoredAlert> {
  const all = await readStoredAlerts(store);
  const found = all.find((a) => a.alert.key === options.key);
  if (!found) throw new UnknownAlertError(options.key);
  if (found.acknowledged_at) return found;
  const acknowledged: StoredAlert = { ...found, acknowledged_at: options.now(), acknowledged_by: options.by };
  await storeAlerts(
    store,
    all.map((a) => (a === found ? acknowledged : a)),
    [found.alert],
  );
  return acknowledged;
}

/** Rewrites the alerts partition of each month that `changed` touches, with every alert of that month. */
async function storeAlerts(store: ObjectStore, all: StoredAlert[], changed: Alert[]): Promise<void> {
  const touched = new Set(changed.map((a) => a.period));
  const byPeriod = new Map<string, Row[]>();
  for (const { alert, status, notified_at, withdrawn_at, withdrawn_reason, ...acknowledged } of all) {
    if (!touched.has(alert.period)) continue;
    const rows = byPeriod.get(alert.period) ?? [];
    rows.push({
      ...alert,
      alert_key: alert.key,
      status,
      notified_at,
      withdrawn_at,
      withdrawn_reason,
      acknowledged_at: acknowledged.acknowledged_at ?? null,
      acknowledged_by: acknowledged.acknowledged_by ?? null,
    });
    byPeriod.set(alert.period, rows);
  }
  for (const [period, rows] of byPeriod) await writePartition(store, 'alerts', period, rows);
}
