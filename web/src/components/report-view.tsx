// A submission's validation report, as ingest wrote it: status, rows, every problem, notices.
import type { ComponentChildren } from 'preact';
import { dateTime, monthName } from '../format.ts';
import type { SubmissionReport } from '../types.ts';
import { StatusTag } from './page.tsx';
import { ProblemSummary, ProblemTable } from './problems.tsx';

export function ReportView({ report }: { report: SubmissionReport }) {
  const s = report.submission as unknown as Record<string, unknown>;
  const text = (k: string) => (s[k] === null || s[k] === undefined ? '—' : String(s[k]));
  return (
    <div data-testid="report">
      <dl class="govuk-summary-list">
        <Row label="Status">
          <span data-testid="report-status" data-status={text('status')}>
            <StatusTag status={text('status')} />
          </span>
        </Row>
        <Row label="File">{text('file_name')}</Row>
        <Row label="Type">{text('input_type')}</Row>
        {s.period ? <Row label="Month">{monthName(text('period'))}</Row> : null}
        <Row label="Received">{dateTime(text('received_at'))}</Row>
        <Row label="Rows read">{text('rows_read')}</Row>
        <Row label="Rows accepted">{text('rows_accepted')}</Row>
        <Row label="Rows rejected">{text('rows_rejected')}</Row>
        <Row label="Submission id">{text('submission_id')}</Row>
      </dl>
      {report.notices?.length ? (
        <div class="govuk-inset-text">
          {report.notices.map((n) => (
            <p key={n} class="govuk-body">
              {n}
            </p>
          ))}
        </div>
      ) : null}
      <ProblemSummary
        problems={report.problems}
        title="Rows that were not accepted"
        idPrefix="report-problem"
      />
      <ProblemTable
        problems={report.problems}
        idPrefix="report-problem"
        caption={`Problems (${report.problems_total})`}
      />
      {report.problems_total > report.problems_listed ? (
        <p class="govuk-body">
          The first {report.problems_listed} of {report.problems_total} problems are listed.
        </p>
      ) : null}
    </div>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
