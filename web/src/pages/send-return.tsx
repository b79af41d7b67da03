// Send a return: the provider drops or chooses a file; it is validated here, in the browser, with
// the very domain code ingest runs (functions/domain), and every problem is listed by row, column
// and value before anything is sent. Then it is sent: locally the server ingests it and answers with
// the validation report; on AWS it goes by presigned POST to the landing bucket and the page polls
// for the report (web/src/upload.ts).
import { useRef, useState } from 'preact/hooks';
import type { Problem } from '../../../functions/domain/index.ts';
import { ApiError, postForm, remoteMode } from '../api.ts';
import { Failure, Loading, Page } from '../components/page.tsx';
import { ProblemSummary, ProblemTable } from '../components/problems.tsx';
import { ReportView } from '../components/report-view.tsx';
import { href } from '../router.ts';
import type { ProviderDetail, SubmitAnswer } from '../types.ts';
import { type UploadStage, uploadToAws } from '../upload.ts';
import { useApi } from '../use-api.ts';

type ReturnType = 'monthly-return' | 'self-assessment';
const typeNames: Record<ReturnType, string> = {
  'monthly-return': 'Monthly return (KPIs for a month)',
  'self-assessment': 'Quarterly self-assessment',
};

interface Checked {
  file: File;
  type: ReturnType;
  problems: Problem[];
  accepted: number;
  rejected: number;
  fileError: string | null;
}

export function SendReturn({ providerId }: { providerId: string }) {
  const { data: detail, error } = useApi<ProviderDetail>(`/api/providers/${encodeURIComponent(providerId)}`);
  const [type, setType] = useState<ReturnType>('monthly-return');
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<SubmitAnswer | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [stage, setStage] = useState<UploadStage | null>(null);
  /** On AWS: the file was received but its report did not come in time (its name). */
  const [received, setReceived] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  if (error)
    return (
      <Page title="Send a return">
        <Failure error={error} />
      </Page>
    );
  if (!detail)
    return (
      <Page title="Send a return">
        <Loading />
      </Page>
    );

  const branches = [...new Set((detail.provider.branches ?? []).map((b) => b.branch_id))];

  async function check(file: File) {
    setChecking(true);
    setChecked(null);
    setSent(null);
    setSendError(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // The domain (contracts, readers, zod) is loaded when the first file is checked.
      const { bytesSource, contracts, providerDirectory, validateFile } = await import(
        '../../../functions/domain/index.ts'
      );
      const result = await validateFile(
        contracts[type],
        { source: bytesSource(file.name, bytes), submitter: providerId, receivedAt: new Date() },
        providerDirectory(
          branches.map(() => providerId),
          branches,
        ),
      );
      const outcome = result.validator?.outcome;
      setChecked({
        file,
        type,
        problems: result.problems,
        accepted: outcome?.accepted.length ?? 0,
        rejected: outcome?.rejected.length ?? 0,
        fileError: result.fileError?.message ?? null,
      });
    } catch (e) {
      setChecked({
        file,
        type,
        problems: [],
        accepted: 0,
        rejected: 0,
        fileError: `The file could not be read: ${String(e)}`,
      });
    } finally {
      setChecking(false);
    }
  }

  async function send() {
    if (!checked) return;
    setSending(true);
    setSendError(null);
    if (remoteMode()) {
      try {
        const outcome = await uploadToAws({
          file: checked.file,
          type: checked.type,
          providerId,
          onStage: setStage,
        });
        if (outcome.kind === 'report')
          setSent({
            submission_id: outcome.submissionId,
            status: outcome.report.submission.status,
            report: outcome.report,
          });
        else setReceived(checked.file.name);
      } catch (e) {
        setSendError((e as Error).message);
      } finally {
        setSending(false);
        setStage(null);
      }
      return;
    }
    const form = new FormData();
    form.set('file', checked.file, checked.file.name);
    form.set('type', checked.type);
    try {
      setSent(await postForm<SubmitAnswer>('/api/submissions', form));
    } catch (e) {
      setSendError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSending(false);
    }
  }

  const errors = checked?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = checked?.problems.filter((p) => p.severity === 'warning').length ?? 0;

  if (received)
    return (
      <Page title="Return sent" caption={`Provider ${providerId}`}>
        <div class="govuk-inset-text" data-testid="received">
          {received} was received. Its report is not ready yet: it will appear under My submissions in a few
          minutes.
        </div>
        <p class="govuk-body">
          <a class="govuk-link" href={href('submissions')}>
            See all my submissions
          </a>
        </p>
      </Page>
    );

  if (sent)
    return (
      <Page title="Return sent" caption={`Provider ${providerId}`}>
        <div
          class="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          data-testid="sent"
        >
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title">Success</h2>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">
              {checked?.file.name} was received and checked: {sent.report.submission.rows_accepted} rows
              accepted, {sent.report.submission.rows_rejected} rejected.
            </p>
          </div>
        </div>
        <h2 class="govuk-heading-m">Validation report</h2>
        <ReportView report={sent.report} />
        <ul class="govuk-list">
          <li>
            <a class="govuk-link" href={href('scorecard')} data-testid="to-scorecard">
              See my scorecard
            </a>
          </li>
          <li>
            <a class="govuk-link" href={href('submissions')}>
              See all my submissions
            </a>
          </li>
          <li>
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => {
                setSent(null);
                setChecked(null);
              }}
            >
              Send another file
            </button>
          </li>
        </ul>
      </Page>
    );

  return (
    <Page title="Send a return" caption={`Provider ${providerId} – ${detail.provider.provider_name}`}>
      {checked && (errors > 0 || checked.fileError) ? (
        <ProblemSummary
          problems={checked.problems}
          title={`There ${errors === 1 ? 'is a problem' : 'are problems'} with ${checked.file.name}`}
          idPrefix="problem"
        />
      ) : null}
      <p class="govuk-body">
        Choose the return, then drop the file here or choose it. It is checked in this browser first, with the
        same rules the council applies, so you can fix any mistakes before you send it. Blank templates are on{' '}
        <a class="govuk-link" href={href('due')}>
          What's due
        </a>
        .
      </p>
      <div class="govuk-form-group">
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Which return is it?</legend>
          <div class="govuk-radios" data-module="govuk-radios">
            {(Object.keys(typeNames) as ReturnType[]).map((t) => (
              <div class="govuk-radios__item" key={t}>
                <input
                  class="govuk-radios__input"
                  id={`type-${t}`}
                  name="type"
                  type="radio"
                  value={t}
                  checked={type === t}
                  onChange={() => {
                    setType(t);
                    setChecked(null);
                  }}
                />
                <label class="govuk-label govuk-radios__label" for={`type-${t}`}>
                  {typeNames[t]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the file input inside is the accessible way to choose the file. */}
      <div
        class={`cs-drop-zone${dragging ? ' cs-drop-zone--active' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer?.files[0];
          if (file) void check(file);
        }}
      >
        <div class="govuk-form-group govuk-!-margin-bottom-0">
          <label class="govuk-label govuk-label--s" for="file">
            Drop the file here, or choose it (CSV, XLSX or JSON)
          </label>
          <input
            class="govuk-file-upload"
            id="file"
            name="file"
            type="file"
            ref={input}
            accept=".csv,.xlsx,.json,.jsonl,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void check(file);
            }}
          />
        </div>
      </div>
      {checking ? <Loading /> : null}
      {checked ? (
        <div data-testid="checked" data-errors={errors} data-warnings={warnings}>
          <h2 class="govuk-heading-m">Checked in your browser: {checked.file.name}</h2>
          {checked.fileError ? (
            <p class="govuk-body">The whole file would be rejected: {checked.fileError}</p>
          ) : (
            <p class="govuk-body" data-testid="check-counts">
              {checked.accepted} {checked.accepted === 1 ? 'row' : 'rows'} would be accepted and{' '}
              {checked.rejected} rejected
              {warnings > 0 ? `, with ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''}.
            </p>
          )}
          <ProblemTable problems={checked.problems} idPrefix="problem" caption="What to fix" />
          {errors > 0 || checked.fileError ? (
            <p class="govuk-body">
              Fix these in your file and drop or choose it again. You can still send it as it is: rows with
              errors will be rejected.
            </p>
          ) : (
            <p class="govuk-body">No errors found. Send it to the council.</p>
          )}
          {sendError ? (
            <div class="govuk-error-summary" data-testid="send-error">
              <div role="alert">
                <h2 class="govuk-error-summary__title">The file was not sent</h2>
                <div class="govuk-error-summary__body">
                  <p class="govuk-body">{sendError}</p>
                </div>
              </div>
            </div>
          ) : null}
          <p class="govuk-body" role="status" data-testid="upload-progress">
            {stage === 'sending' ? 'Sending…' : stage === 'checking' ? 'Checking your file…' : ''}
          </p>
          <button
            type="button"
            class={`govuk-button${errors > 0 || checked.fileError ? ' govuk-button--secondary' : ''}`}
            disabled={sending}
            data-testid="send"
            onClick={() => void send()}
          >
            {errors > 0 || checked.fileError ? 'Send it anyway' : 'Send the return'}
          </button>
        </div>
      ) : null}
    </Page>
  );
}
