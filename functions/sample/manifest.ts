// The back-load manifest for `carescore ingest --manifest` (CONTRACTS §5): council feeds first,
// then every provider file in the order it was received.

import { isoZ } from './calendar.ts';
import { csvText } from './csv-text.ts';
import type { GeneratedFile } from './types.ts';

const MANIFEST_COLUMNS = ['file', 'type', 'provider', 'received_at'] as const;

/** Council feeds first (the register must exist before returns are checked), then by receipt. */
export function receiptOrder(files: readonly GeneratedFile[]): GeneratedFile[] {
  const rank = (f: GeneratedFile) => (f.provider === 'council' ? 0 : 1);
  return [...files].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.receivedAt.getTime() - b.receivedAt.getTime() ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

export function manifestCsv(files: readonly GeneratedFile[]): string {
  return csvText(
    MANIFEST_COLUMNS,
    files.map((f) => [f.path, f.type, f.provider, isoZ(f.receivedAt)]),
  );
}
