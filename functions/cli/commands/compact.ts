// carescore compact [--lake DIR]: folds each month's committed provider returns into one file per
// table (lake/compaction.ts), so readers open a few files instead of one per submission.
import { type CompactedPeriod, compactLake } from '../../lake/compaction.ts';
import type { ObjectStore } from '../../lake/object-store.ts';
import { type Invocation, type Output, openLake } from '../args.ts';

export async function compactCommand({ values }: Invocation<{ lake: string }>, io: Output): Promise<number> {
  io.out(await compactAndSay(openLake(values.lake)));
  return 0;
}

/** Compacts the lake; one line saying what it did. */
export async function compactAndSay(store: ObjectStore): Promise<string> {
  return compactionLine(await compactLake(store));
}

export function compactionLine(done: readonly CompactedPeriod[]): string {
  if (done.length === 0)
    return 'Nothing to compact: every month of each provider-return table is in one file.';
  const files = done.reduce((n, d) => n + d.files, 0);
  const tables = [...new Set(done.map((d) => d.table))]
    .map((t) => `${t} ${done.filter((d) => d.table === t).length}`)
    .join(', ');
  return `Compacted ${files} files into ${done.length}, one per table and month (${tables} months).`;
}
