// Every provider's latest scorecard (v_scorecard_latest), each opening its provider page.
import { Failure, Loading, Page, RatingTag } from '../components/page.tsx';
import { Cell, numeric, Row, Table } from '../components/table.tsx';
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
        <Table
          scroll="Providers (table)"
          data-testid="providers"
          caption="Each provider's latest scorecard"
          captionHidden
          columns={['Provider', 'Month', 'Overall', numeric('Score')]}
        >
          {data.providers.map((p) => (
            <Row key={p.provider_id}>
              <Cell>
                <a class="govuk-link" href={href('providers', p.provider_id)}>
                  {p.provider_name ?? p.provider_id}
                </a>{' '}
                ({p.provider_id})
              </Cell>
              <Cell>{monthName(p.period)}</Cell>
              <Cell>
                <RatingTag rating={p.overall_rating} />
              </Cell>
              <Cell numeric>{score(p.overall_score)}</Cell>
            </Row>
          ))}
        </Table>
      )}
    </Page>
  );
}
