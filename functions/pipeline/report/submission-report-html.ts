// The submission report as a page for whoever sent the file (the JSON report is built in the
// domain, by buildReport; this is its HTML rendering, which ingest stores beside it).

import type { Submission } from '../../domain/submission.ts';
import type { SubmissionReport } from '../../domain/validation/submission-report.ts';
import { escapeHtml, page } from './html.ts';

const statusWords: Record<Submission['status'], { text: string; css: string }> = {
  accepted: { text: 'Accepted', css: 'ok' },
  accepted_with_warnings: { text: 'Accepted with warnings', css: 'warn' },
  partially_accepted: { text: 'Partly accepted: some rows were rejected', css: 'warn' },
  rejected: { text: 'Rejected', css: 'bad' },
};

export function reportHtml(report: SubmissionReport): string {
  const s = report.submission;
  const status = statusWords[s.status];
  const next =
    s.status === 'accepted'
      ? 'Nothing to do: every row was accepted.'
      : s.status === 'accepted_with_warnings'
        ? 'Every row was accepted. Please read the warnings below and correct your next return if needed.'
        : s.status === 'partially_accepted'
          ? 'The rows listed below were not accepted. Correct them and send the whole return again: the later file replaces this one.'
          : 'Nothing from this file was accepted. Correct the problems below and send the file again.';
  const fileError = s.file_error ? `<p class="badge bad">${escapeHtml(s.file_error.message)}</p>` : '';
  const rows = report.problems
    .map(
      (p) =>
        `<tr><td>${p.severity === 'error' ? '<span class="badge bad">error</span>' : '<span class="badge warn">warning</span>'}</td><td>${escapeHtml(p.row ?? '')}</td><td>${escapeHtml(p.column ?? '')}</td><td><code>${escapeHtml(p.value ?? '')}</code></td><td>${escapeHtml(p.message)}</td></tr>`,
    )
    .join('\n');
  const more =
    report.problems_total > report.problems_listed
      ? `<p class="muted">Showing the first ${report.problems_listed} of ${report.problems_total} problems. Counts by column:</p><ul>${report.problems_by_column
          .map((c) => `<li>${escapeHtml(c.column)} (${escapeHtml(c.severity)}): ${c.count}</li>`)
          .join('')}</ul>`
      : '';
  const notices = report.notices?.length
    ? `<h2>Please note</h2>\n${report.notices.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}\n`
    : '';
  const body = `<h1>Validation report</h1>
<p class="muted">carescore · submission ${escapeHtml(s.submission_id)}</p>
<p><span class="badge ${status.css}">${escapeHtml(status.text)}</span></p>
${fileError}
<p>${escapeHtml(next)}</p>
<dl>
<dt>File</dt><dd>${escapeHtml(s.file_name)}</dd>
<dt>Type</dt><dd>${escapeHtml(s.input_type)}</dd>
<dt>Sent by</dt><dd>${escapeHtml(s.provider_id)}</dd>
<dt>Received</dt><dd>${escapeHtml(s.received_at)}</dd>
<dt>Period</dt><dd>${escapeHtml(s.period || '–')}</dd>
<dt>Rows read</dt><dd>${s.rows_read}</dd>
<dt>Rows accepted</dt><dd>${s.rows_accepted}</dd>
<dt>Rows rejected</dt><dd>${s.rows_rejected}</dd>
<dt>SHA-256</dt><dd><code>${escapeHtml(s.sha256)}</code></dd>
</dl>
${notices}<h2>Problems (${report.problems_total})</h2>
${report.problems_total === 0 ? '<p>None.</p>' : `<table><thead><tr><th>Kind</th><th>Row</th><th>Column</th><th>Value</th><th>What to do</th></tr></thead><tbody>${rows}</tbody></table>${more}`}
`;
  return page(`Validation report ${s.file_name}`, body);
}
