// The submission ledger: one JSON record per committed submission. A submission exists once its
// record does, so listing the ledger is how every reader tells committed data from a half-done ingest.
import { keys } from './keys.ts';
import type { ObjectStore } from './object-store.ts';

/** The submission id a ledger key names, or null for a key that is not a ledger record. */
export function submissionIdOfLedgerKey(key: string): string | null {
  return /^ledger\/submissions\/([^/]+)\.json$/.exec(key)?.[1] ?? null;
}

export async function committedSubmissionIds(store: ObjectStore): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const object of await store.list(keys.ledgerPrefix)) {
    const id = submissionIdOfLedgerKey(object.key);
    if (id) ids.add(id);
  }
  return ids;
}

/** The ids among `ids` that have committed: one lookup each, cheaper than listing a large ledger. */
export async function committedAmong(store: ObjectStore, ids: readonly string[]): Promise<string[]> {
  const found = await Promise.all(ids.map((id) => store.head(keys.ledger(id))));
  return ids.filter((_, i) => found[i] !== null);
}
