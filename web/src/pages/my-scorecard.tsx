// My scorecard: the provider's latest complete month (or the month asked for), every area and KPI in
// words, and its history.
import { ScorecardHistory } from '../components/history.tsx';
import { MonthPicker } from '../components/month-picker.tsx';
import { Failure, Loading, Page } from '../components/page.tsx';
import { ScorecardMonth } from '../components/scorecard-month.tsx';
import { monthName } from '../format.ts';
import { href } from '../router.ts';
import type { ProviderDetail, ProviderMonth, Session } from '../types.ts';
import { useApi } from '../use-api.ts';

/** The month to show: the one asked for, else the latest complete month the provider was scored in, else its latest. */
export function defaultMonth(
  asked: string | null,
  scored: string[],
  latestComplete: string | null,
): string | null {
  if (asked && scored.includes(asked)) return asked;
  const sorted = [...scored].sort();
  if (latestComplete && sorted.includes(latestComplete)) return latestComplete;
  return sorted.at(-1) ?? null;
}

export function MyScorecard({
  providerId,
  session,
  query,
}: {
  providerId: string;
  session: Session;
  query: URLSearchParams;
}) {
  const base = `/api/providers/${encodeURIComponent(providerId)}`;
  const { data: detail, error } = useApi<ProviderDetail>(base);
  const period = detail
    ? defaultMonth(
        query.get('period'),
        detail.scorecards.map((s) => s.period),
        session.latest_complete,
      )
    : null;
  const { data: month, error: monthError } = useApi<ProviderMonth>(
    period ? `${base}/months/${period}` : null,
  );
  const title = period ? `My scorecard for ${monthName(period)}` : 'My scorecard';
  if (error)
    return (
      <Page title="My scorecard">
        <Failure error={error} />
      </Page>
    );
  if (!detail)
    return (
      <Page title="My scorecard">
        <Loading />
      </Page>
    );
  if (!period)
    return (
      <Page title="My scorecard">
        <p class="govuk-body">No month has been scored for {providerId} yet.</p>
      </Page>
    );
  return (
    <Page title={title} caption={`Provider ${providerId} – ${detail.provider.provider_name}`}>
      <MonthPicker
        months={detail.scorecards.map((s) => s.period)}
        current={period}
        to={(p) => href('scorecard', { period: p })}
      />
      {monthError ? (
        <Failure error={monthError} />
      ) : !month ? (
        <Loading />
      ) : (
        <ScorecardMonth month={month} providerId={providerId} />
      )}
      <h2 class="govuk-heading-m">History</h2>
      <ScorecardHistory
        scorecards={detail.scorecards}
        risk={detail.risk}
        monthHref={(p) => href('scorecard', { period: p })}
      />
    </Page>
  );
}
