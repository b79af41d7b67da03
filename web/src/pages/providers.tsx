// Every provider's latest scorecard (v_scorecard_latest), each opening its provider page.
import { Failure, Loading, Page, RatingTag } from '../components/page.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { monthName, score } from '../format.ts';
import { href } from '../router.ts';
import type { ScorecardRow } from '../types.ts';
import { useApi } from '../use-api.ts';

export function Providers() {
  const { data, error } = useApi<{ providers: ScorecardRow[] }>('/api/providers');
  return (
    <Page title="Providers" caption="Commissioner">
      {error ? (
        <Failure error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <TableScroll label={'Providers (table)'}>
          <table class="govuk-table" data-testid="providers">
            <caption class="govuk-table__caption govuk-visually-hidden">
              Each provider's latest scorecard
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  Provider
                </th>
                <th scope="col" class="govuk-table__header">
                  Month
                </th>
                <th scope="col" class="govuk-table__header">
                  Overall
                </th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  Score
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {data.providers.map((p) => (
                <tr key={p.provider_id} class="govuk-table__row">
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={href('providers', p.provider_id)}>
                      {p.provider_name ?? p.provider_id}
                    </a>{' '}
                    ({p.provider_id})
                  </td>
                  <td class="govuk-table__cell">{monthName(p.period)}</td>
                  <td class="govuk-table__cell">
                    <RatingTag rating={p.overall_rating} />
                  </td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{score(p.overall_score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Page>
  );
}
