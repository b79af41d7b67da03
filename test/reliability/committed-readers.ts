// What readers may see while an ingest is unfinished: committed submissions only, each one whole.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import type { ScoringInputs } from '../../functions/domain/method/inputs.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { isMerged, readCurated } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { committedSubmissionIds } from '../../functions/lake/ledger.ts';
import { getJson } from '../../functions/lake/object-store.ts';
import { loadScoringInputs } from '../../functions/lake/scoring-inputs.ts';
import { submissionIdFor } from '../../functions/lake/submission-id.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';

/** The id of `content` sent by `sender` as `type`. */
export function submissionIdOf(content: string, type: string, sender: string): string {
  return submissionIdFor(type, sender, createHash('sha256').update(content).digest('hex'));
}

export async function expectReadersSeeOnlyCommitted(
  store: MemoryObjectStore,
  expected: { submissionId: string; before: ScoringInputs; after: ScoringInputs },
): Promise<void> {
  const committed = await committedSubmissionIds(store);
  // Scoring sees the lake before the ingest or after it, never part of it.
  const whichState = committed.has(expected.submissionId) ? 'after' : 'before';
  expect(await loadScoringInputs(store), `scoring inputs should be the ${whichState} state`).toEqual(
    expected[whichState],
  );
  // The ledger (v_submissions) lists only submissions whose every file exists.
  for (const id of committed) {
    const record = (await getJson<Submission>(store, keys.ledger(id)))!;
    const files = [record.raw_key, record.report_json_key, record.report_html_key, record.quarantine_key];
    for (const key of files) if (key) expect(await store.head(key), `${id} points to ${key}`).not.toBeNull();
  }
  // The council-feed tables the views read hold rows of committed submissions only.
  for (const contract of Object.values(contracts).filter(isMerged)) {
    for (const row of await readCurated(store, contract)) {
      expect(
        committed.has(row.submission_id as string),
        `${contract.table} row of an uncommitted submission`,
      ).toBe(true);
    }
  }
}
