// What's due: the provider's calendar of monthly returns and quarterly self-assessments, with due
// dates and what happened to each, and the blank templates to download.
import { useState } from 'preact/hooks';
import { remoteMode, saveFromApi } from '../api.ts';
import { Failure, Loading, Page, StatusTag } from '../components/page.tsx';
import { Cell, Row, Table } from '../components/table.tsx';
import { dateTime, monthName } from '../format.ts';
import type { ComplianceRow } from '../types.ts';
import { useApi } from '../use-api.ts';

const templates = [
  { type: 'monthly-return', name: 'Monthly return' },
  { type: 'self-assessment', name: 'Quarterly self-assessment' },
];

export function WhatsDue({ providerId }: { providerId: string }) {
  const { data, error } = useApi<{ due: ComplianceRow[] }>(
    `/api/providers/${encodeURIComponent(providerId)}/due`,
  );
  const [saveError, setSaveError] = useState<Error | null>(null);
  // On AWS the link cannot carry the sign-in: the template is fetched with it instead.
  const save = (e: MouseEvent, file: string) => {
    if (!remoteMode()) return;
    e.preventDefault();
    setSaveError(null);
    saveFromApi(`/api/templates/${file}`, file).catch((error: Error) => setSaveError(error));
  };
  return (
    <Page title="What's due" caption={`Provider ${providerId}`}>
      <h2 class="govuk-heading-m">Blank templates</h2>
      {saveError ? <Failure error={saveError} /> : null}
      <ul class="govuk-list" data-testid="templates">
        {templates.map((t) => (
          <li key={t.type}>
            {t.name}:{' '}
            <a
              class="govuk-link"
              href={`/api/templates/${t.type}.csv`}
              download
              onClick={(e) => save(e, `${t.type}.csv`)}
            >
              CSV<span class="govuk-visually-hidden"> template for the {t.name.toLowerCase()}</span>
            </a>
            {', '}
            <a
              class="govuk-link"
              href={`/api/templates/${t.type}.xlsx`}
              download
              onClick={(e) => save(e, `${t.type}.xlsx`)}
            >
              Excel (XLSX)<span class="govuk-visually-hidden"> template for the {t.name.toLowerCase()}</span>
            </a>
          </li>
        ))}
      </ul>
      <h2 class="govuk-heading-m">Returns by month</h2>
      {error ? <Failure error={error} /> : !data ? <Loading /> : <DueTable rows={data.due} />}
    </Page>
  );
}

function DueTable({ rows }: { rows: ComplianceRow[] }) {
  if (rows.length === 0) return <p class="govuk-body">Nothing is due yet.</p>;
  const sorted = [...rows].sort(
    (a, b) => b.period.localeCompare(a.period) || a.return_type.localeCompare(b.return_type),
  );
  return (
    <Table
      scroll="Returns due (table)"
      data-testid="due"
      caption="Returns due, newest first"
      captionHidden
      columns={['Month', 'Return', 'Due by', 'Received', 'Status']}
    >
      {sorted.map((r) => (
        <Row key={`${r.period}-${r.return_type}`} data-testid="due-row">
          <Cell nowrap>{monthName(r.period)}</Cell>
          <Cell>{r.return_type === 'self-assessment' ? 'Self-assessment (quarter)' : 'Monthly return'}</Cell>
          <Cell nowrap>{dateTime(r.due_at)}</Cell>
          <Cell nowrap>
            {dateTime(r.received_at)}
            {r.days_late ? ` (${r.days_late} ${r.days_late === 1 ? 'day' : 'days'} late)` : ''}
          </Cell>
          <Cell>
            <StatusTag status={r.status} />
          </Cell>
        </Row>
      ))}
    </Table>
  );
}
