// Problems found in a file (the domain's Problem: row, column, value, message), as a GOV.UK error
// summary that links to each row of the table below it.
import type { Problem } from '../../../functions/domain/index.ts';
import { Cell, Row, Table } from './table.tsx';

const maxInSummary = 10;

export function ProblemSummary({
  problems,
  title,
  idPrefix,
}: {
  problems: Problem[];
  title: string;
  idPrefix: string;
}) {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return null;
  return (
    <div
      class="govuk-error-summary"
      data-module="govuk-error-summary"
      data-testid="error-summary"
      tabIndex={-1}
    >
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.slice(0, maxInSummary).map((p, k) => (
              <li key={k}>
                <a href={`#${idPrefix}-${problems.indexOf(p)}`}>
                  {p.row !== null ? `Row ${p.row}` : 'The file'}
                  {p.column ? `, ${p.column}` : ''}: {p.message}
                </a>
              </li>
            ))}
          </ul>
          {errors.length > maxInSummary ? (
            <p class="govuk-body">and {errors.length - maxInSummary} more in the table below.</p>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function ProblemTable({
  problems,
  idPrefix,
  caption,
}: {
  problems: Problem[];
  idPrefix: string;
  caption: string;
}) {
  if (problems.length === 0) return null;
  return (
    <Table
      scroll={`${caption} (table)`}
      data-testid="problems"
      caption={caption}
      captionSize="m"
      columns={['Row', 'Column', 'Value', 'What to do']}
    >
      {problems.map((p, k) => (
        <Row
          key={k}
          id={`${idPrefix}-${k}`}
          tabIndex={-1}
          data-testid="problem-row"
          data-severity={p.severity}
        >
          <Cell>{p.row ?? 'whole file'}</Cell>
          <Cell>{p.column ?? '—'}</Cell>
          <Cell>{p.value ?? '—'}</Cell>
          <Cell>
            <strong class={`govuk-tag govuk-tag--${p.severity === 'error' ? 'red' : 'yellow'}`}>
              {p.severity === 'error' ? 'Error' : 'Warning'}
            </strong>{' '}
            {p.message}
          </Cell>
        </Row>
      ))}
    </Table>
  );
}
