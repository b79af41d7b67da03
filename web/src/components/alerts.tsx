// The month's alerts: acknowledge one, or withdraw it with a reason (kept with the alert).
import { useState } from 'preact/hooks';
import { ApiError, postJson } from '../api.ts';
import { dateTime } from '../format.ts';
import { href } from '../router.ts';
import type { AlertRow } from '../types.ts';
import { Tag } from './page.tsx';
import { Table } from './table.tsx';

const severityColours: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'grey',
};

export function AlertsTable({ alerts, onChange }: { alerts: AlertRow[]; onChange: () => void }) {
  if (alerts.length === 0) return <p class="govuk-body">No alerts.</p>;
  return (
    <Table
      scroll="Alerts (table)"
      data-testid="alerts"
      caption="Alerts"
      captionSize="s"
      captionHidden
      columns={['Severity', 'Provider', 'Alert', 'Raised', 'Action']}
    >
      {alerts.map((a) => (
        <AlertRowView key={a.alert_key} alert={a} onChange={onChange} />
      ))}
    </Table>
  );
}

function AlertRowView({ alert, onChange }: { alert: AlertRow; onChange: () => void }) {
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `withdraw-${alert.alert_key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  async function act(path: string, body: unknown) {
    setBusy(true);
    setError(null);
    try {
      await postJson(path, body);
      setWithdrawing(false);
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const key = encodeURIComponent(alert.alert_key);
  const withdrawn = Boolean(alert.withdrawn_at);
  return (
    <tr class="govuk-table__row" data-testid="alert-row" data-alert-key={alert.alert_key}>
      <td class="govuk-table__cell">
        <Tag text={alert.severity} colour={severityColours[alert.severity] ?? 'grey'} />
      </td>
      <td class="govuk-table__cell">
        <a class="govuk-link" href={href('providers', alert.provider_id)}>
          {alert.provider_name ?? alert.provider_id}
        </a>
      </td>
      <td class="govuk-table__cell">
        {alert.message}
        {withdrawn ? (
          <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-testid="alert-withdrawn">
            <Tag text="Withdrawn" colour="grey" /> {dateTime(alert.withdrawn_at)}: {alert.withdrawn_reason}
          </p>
        ) : alert.acknowledged_at ? (
          <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
            <Tag text="Acknowledged" colour="blue" /> {dateTime(alert.acknowledged_at)}
          </p>
        ) : null}
      </td>
      <td class="govuk-table__cell cs-nowrap">{dateTime(alert.first_raised_at)}</td>
      <td class="govuk-table__cell">
        {withdrawn ? null : withdrawing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) {
                setError('Enter why the alert is withdrawn, for the record.');
                return;
              }
              void act(`/api/alerts/${key}/withdraw`, { reason: reason.trim() });
            }}
          >
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label govuk-label--s" for={id}>
                Why withdraw it?
              </label>
              {error ? (
                <p class="govuk-error-message" id={`${id}-error`}>
                  <span class="govuk-visually-hidden">Error:</span> {error}
                </p>
              ) : null}
              <textarea
                class={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
                id={id}
                name="reason"
                rows={3}
                value={reason}
                aria-describedby={error ? `${id}-error` : undefined}
                onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
              />
            </div>
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button govuk-button--warning" disabled={busy}>
                Withdraw alert
              </button>
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => setWithdrawing(false)}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div class="govuk-button-group">
            {alert.acknowledged_at ? null : (
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                disabled={busy}
                onClick={() => void act(`/api/alerts/${key}/acknowledge`, {})}
              >
                Acknowledge
                <span class="govuk-visually-hidden">
                  {' '}
                  alert for {alert.provider_name ?? alert.provider_id}
                </span>
              </button>
            )}
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => setWithdrawing(true)}
            >
              Withdraw
              <span class="govuk-visually-hidden"> alert for {alert.provider_name ?? alert.provider_id}</span>
            </button>
            {error ? (
              <p class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
          </div>
        )}
      </td>
    </tr>
  );
}
