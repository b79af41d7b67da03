// An upload, as `carescore ingest` then `carescore score` would treat it: the file is ingested by
// the pipeline's ingest step, then the months its accepted rows touched are scored again (every
// month, for a feed without months such as a new register), so the scorecard shows it at once.
import type { MethodConfig } from '../domain/method/config.ts';
import { ingestFile } from '../pipeline/ingest/ingest-file.ts';
import type { Clock, ObjectStore } from '../pipeline/ports.ts';
import { scoreLake } from '../pipeline/score-lake.ts';
import type { UploadRequest, UploadResult } from './deps.ts';

export async function ingestAndScore(
  deps: { store: ObjectStore; method: MethodConfig; now: Clock },
  request: UploadRequest,
): Promise<UploadResult> {
  const result = await ingestFile(deps, request);
  const { submission } = result;
  if (submission.status !== 'rejected' && !result.alreadyReceived) {
    const periods = submission.period.split(',').filter((p) => p !== '');
    await scoreLake(deps.store, {
      asOf: deps.now(),
      method: deps.method,
      ...(periods.length > 0 ? { periods } : {}),
      afterLatestReturn: 'skip',
    });
  }
  return result;
}
