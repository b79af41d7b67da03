// Submissions (v_submissions rows), each with its status and a link to its validation report.
import { dateTime, monthName } from '../format.ts';
import { href } from '../router.ts';
import type { SubmissionRow } from '../types.ts';
import { StatusTag } from './page.tsx';
import { Cell, numeric, Row, Table } from './table.tsx';

export function SubmissionsTable({ rows, providerId }: { rows: SubmissionRow[]; providerId: string }) {
  if (rows.length === 0) return <p class="govuk-body">No submissions.</p>;
  return (
    <Table
      scroll="Submissions (table)"
      data-testid="submissions"
      caption="Submissions, newest first"
      captionHidden
      columns={[
        'File',
        'Type',
        'Month',
        'Received',
        'Status',
        numeric('Rows accepted'),
        numeric('Rows rejected'),
      ]}
    >
      {rows.map((r) => (
        <Row key={r.submission_id} data-testid="submission-row" data-submission-id={r.submission_id}>
          <Cell>
            <a class="govuk-link" href={href('providers', providerId, 'submissions', r.submission_id)}>
              <span class="govuk-visually-hidden">Report for </span>
              {r.file_name ?? r.submission_id}
            </a>
          </Cell>
          <Cell>{r.input_type}</Cell>
          <Cell nowrap>{r.period ? monthName(r.period) : '—'}</Cell>
          <Cell nowrap>{dateTime(r.received_at)}</Cell>
          <Cell>
            <StatusTag status={r.status} />
          </Cell>
          <Cell numeric>{r.rows_accepted}</Cell>
          <Cell numeric>{r.rows_rejected}</Cell>
        </Row>
      ))}
    </Table>
  );
}
