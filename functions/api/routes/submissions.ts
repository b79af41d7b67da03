// A provider's returns: what it sent, each file's validation report, what is due; and the upload.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { contracts, inputTypes, isInputType } from '../../domain/contracts/index.ts';
import { bytesSource, resolveLimits } from '../../domain/formats/index.ts';
import { keys } from '../../lake/keys.ts';
import { getJson } from '../../lake/object-store.ts';
import type { ApiDeps } from '../deps.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import { type ApiEnv, ownProviderId } from '../identity.ts';
import { where } from '../query.ts';
import { literal, providerIdParam, submissionIdParam } from '../sql.ts';

/** What POST /api/submissions answers where the runtime does not ingest (on AWS). */
export const uploadsElsewhere =
  "On AWS, send files through POST /uploads (a presigned upload into the landing bucket); the report then appears under the provider's submissions.";

export function submissionRoutes(
  deps: ApiDeps,
  writing: <T>(write: () => Promise<T>) => Promise<T>,
): Hono<ApiEnv> {
  const q = (sql: string) => deps.queries.query(sql);
  const maxBytes = deps.maxUploadBytes ?? resolveLimits(undefined).maxBytes;
  // MB and KB are binary, as in config/ingest-limits.json.
  const limit =
    maxBytes >= 1048576
      ? `${Math.round((maxBytes / 1048576) * 10) / 10} MB`
      : `${Math.ceil(maxBytes / 1024)} KB`;
  return new Hono<ApiEnv>()
    .get('/providers/:id/submissions', async (c) => {
      const id = ownProviderId(c);
      return c.json({
        submissions: await q(
          `SELECT * FROM v_submissions ${where('provider_id', id)} ORDER BY received_at DESC`,
        ),
      });
    })
    .get('/providers/:id/submissions/:submission_id/report', async (c) => {
      const id = ownProviderId(c);
      const submissionId = submissionIdParam(c.req.param('submission_id'));
      const theirs = await q(
        `SELECT submission_id FROM v_submissions ${where('provider_id', id)} AND submission_id = ${literal(submissionId)}`,
      );
      if (theirs.length === 0) throw notFound(`Provider ${id} has sent no submission ${submissionId}.`);
      const report = await getJson<unknown>(deps.store, keys.reportJson(id, submissionId));
      if (report === null) throw notFound(`The report of ${submissionId} is not in the lake.`);
      return c.json(report as object);
    })
    .get('/providers/:id/due', async (c) => {
      const id = ownProviderId(c);
      return c.json({
        due: await q(
          `SELECT return_type, period, due_at, received_at, status, days_late, submission_id FROM v_submission_compliance ${where('provider_id', id)} ORDER BY period DESC, return_type`,
        ),
      });
    })
    .post(
      '/submissions',
      // Refused from its Content-Length, or as soon as the body passes the limit: never read whole.
      bodyLimit({
        maxSize: maxBytes + 64 * 1024,
        onError: () => {
          throw new ApiError(
            413,
            `The file is larger than the ${limit} a file may be; split it into smaller files and send each.`,
          );
        },
      }),
      async (c) => {
        const ingest = deps.ingest;
        if (!ingest) throw new ApiError(405, uploadsElsewhere);
        const identity = c.get('identity');
        const form = await c.req.parseBody().catch(() => {
          throw badRequest('Send the file as a multipart form with the fields file and type.');
        });
        const file = form.file;
        const type = typeof form.type === 'string' ? form.type : '';
        if (!(file instanceof File)) throw badRequest('Choose a file to send (the form field file).');
        if (!isInputType(type))
          throw badRequest(`Say what the file is: type must be one of ${inputTypes.join(', ')}.`);
        if (file.size > maxBytes)
          throw new ApiError(
            413,
            `${file.name} is larger than the ${limit} a file may be; split it into smaller files and send each.`,
          );
        const owner = contracts[type].owner;
        let submitter: string;
        if (identity.role === 'provider') {
          if (owner !== 'provider') throw forbidden(`Only the council can send ${type} files.`);
          if (typeof form.provider_id === 'string' && form.provider_id !== identity.provider_id)
            throw forbidden(
              `You are signed in as provider ${identity.provider_id}, so you can only send its own returns.`,
            );
          submitter = identity.provider_id;
        } else if (owner === 'council') {
          submitter = 'council';
        } else {
          // A commissioner may send a provider's return for it (one e-mailed in), naming the provider.
          if (typeof form.provider_id !== 'string' || form.provider_id === '')
            throw badRequest(`A ${type} file is a provider's: give the provider_id it is from.`);
          submitter = providerIdParam(form.provider_id);
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        const result = await writing(() =>
          ingest({
            source: bytesSource(file.name || 'upload', bytes),
            type,
            submitter,
            receivedAt: deps.now(),
          }),
        );
        return c.json({
          submission_id: result.submission.submission_id,
          status: result.submission.status,
          already_received: result.alreadyReceived,
          report: result.report,
        });
      },
    );
}
