// Ingest writes a submission's quarantine and reports at once (each waits on the disk or network
// while the next starts), all before its ledger record, which is still written last and alone.
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../../functions/lake/object-store.ts';
import { ingestText, lakeWithRegister, monthlyHeader, monthlyRow } from '../../helpers/ingest.ts';

/** Records, for each write, the keys still being written when it started. */
function watched(inner: ObjectStore) {
  const inFlight = new Set<string>();
  const started: { key: string; alongside: string[] }[] = [];
  const track = async <T>(key: string, write: () => Promise<T>): Promise<T> => {
    started.push({ key, alongside: [...inFlight] });
    inFlight.add(key);
    try {
      // A write that takes a moment, as a disk or S3 does.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await write();
    } finally {
      inFlight.delete(key);
    }
  };
  const store: ObjectStore = {
    get: (key) => inner.get(key),
    getStream: (key) => inner.getStream(key),
    head: (key) => inner.head(key),
    list: (prefix) => inner.list(prefix),
    copyIn: (key, source) => track(key, () => inner.copyIn(key, source)),
    put: (key, body) => track(key, () => inner.put(key, body)),
    putStream: (key, body) => track(key, () => inner.putStream(key, body)),
    delete: (key) => track(key, () => inner.delete(key)),
  };
  return { store, started };
}

describe('ingest writes', () => {
  it('puts the quarantine and both reports at once, then the ledger record alone', async () => {
    const { store, started } = watched(await lakeWithRegister());
    const csv = `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ calls_missed: -1 })}\n`;
    const { submission } = await ingestText(store, 'r.csv', csv, 'monthly-return', 'P001');
    expect(submission.rows_rejected).toBe(1);
    const at = (key: string) => started.find((s) => s.key === key)!;
    const html = at(submission.report_html_key);
    expect(html.alongside).toEqual(
      expect.arrayContaining([submission.quarantine_key, submission.report_json_key]),
    );
    const ledger = started.at(-1)!;
    expect(ledger.key).toBe(`ledger/submissions/${submission.submission_id}.json`);
    expect(ledger.alongside).toEqual([]);
  });
});
