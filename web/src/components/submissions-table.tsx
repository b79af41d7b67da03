// Submissions (v_submissions rows), each with its status and a link to its validation report.
import { dateTime, monthName } from '../format.ts';
import { href } from '../router.ts';
import type { SubmissionRow } from '../types.ts';
import { StatusTag } from './page.tsx';
import { TableScroll } from './table-scroll.tsx';

export function SubmissionsTable({ rows, providerId }: { rows: SubmissionRow[]; providerId: string }) {
  if (rows.length === 0) return <p class="govuk-body">No submissions.</p>;
  return (
    <TableScroll label={'Submissions (table)'}>
      <table class="govuk-table" data-testid="submissions">
        <caption class="govuk-table__caption govuk-visually-hidden">Submissions, newest first</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              File
            </th>
            <th scope="col" class="govuk-table__header">
              Type
            </th>
            <th scope="col" class="govuk-table__header">
              Month
            </th>
            <th scope="col" class="govuk-table__header">
              Received
            </th>
            <th scope="col" class="govuk-table__header">
              Status
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Rows accepted
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Rows rejected
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {rows.map((r) => (
            <tr
              key={r.submission_id}
              class="govuk-table__row"
              data-testid="submission-row"
              data-submission-id={r.submission_id}
            >
              <td class="govuk-table__cell">
                <a class="govuk-link" href={href('providers', providerId, 'submissions', r.submission_id)}>
                  <span class="govuk-visually-hidden">Report for </span>
                  {r.file_name ?? r.submission_id}
                </a>
              </td>
              <td class="govuk-table__cell">{r.input_type}</td>
              <td class="govuk-table__cell cs-nowrap">{r.period ? monthName(r.period) : '—'}</td>
              <td class="govuk-table__cell cs-nowrap">{dateTime(r.received_at)}</td>
              <td class="govuk-table__cell">
                <StatusTag status={r.status} />
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{r.rows_accepted}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{r.rows_rejected}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
