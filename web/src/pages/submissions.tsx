// My submissions: every file sent, its status and its report (a provider sees only its own).
import { Failure, Loading, Page } from '../components/page.tsx';
import { ReportView } from '../components/report-view.tsx';
import { SubmissionsTable } from '../components/submissions-table.tsx';
import type { SubmissionReport, SubmissionRow } from '../types.ts';
import { useApi } from '../use-api.ts';

export function Submissions({ providerId }: { providerId: string }) {
  const { data, error } = useApi<{ submissions: SubmissionRow[] }>(
    `/api/providers/${encodeURIComponent(providerId)}/submissions`,
  );
  return (
    <Page title="My submissions" caption={`Provider ${providerId}`}>
      {error ? (
        <Failure error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        <SubmissionsTable rows={data.submissions} providerId={providerId} />
      )}
    </Page>
  );
}

export function Report({
  providerId,
  submissionId,
  back,
}: {
  providerId: string;
  submissionId: string;
  back: string;
}) {
  const { data, error } = useApi<SubmissionReport>(
    `/api/providers/${encodeURIComponent(providerId)}/submissions/${encodeURIComponent(submissionId)}/report`,
  );
  return (
    <Page title="Validation report" caption={`Provider ${providerId}, submission ${submissionId}`}>
      <a class="govuk-back-link" href={back}>
        Back
      </a>
      {error ? <Failure error={error} /> : !data ? <Loading /> : <ReportView report={data} />}
    </Page>
  );
}
