import { describe, expect, it } from 'vitest';
import type { AcceptedBatch } from '../../../functions/domain/validation/accepted-rows.ts';
import { AcceptedRows, blockRows } from '../../../functions/domain/validation/accepted-rows.ts';

/** Row i: its period alternates between two months, its name repeats, its count is null now and then. */
function rowAt(i: number): { period: string; name: string; count: number | null } {
  return { period: i % 3 === 0 ? '2025-05' : '2025-06', name: `n${i % 10}`, count: i % 5 === 0 ? null : i };
}

function filled(rows: number): AcceptedRows {
  const accepted = new AcceptedRows(['name', 'count'], ['string', 'int']);
  const ids = new Int32Array(2);
  for (let i = 0; i < rows; i++) {
    const row = rowAt(i);
    ids[0] = accepted.stringId(0, row.name);
    accepted.add(i + 2, [row.name, row.count], ids, row.period);
  }
  return accepted;
}

/** Each batch's rows back as plain values, from its vectors and the dictionary's UTF-8 bytes. */
function rowsOf(
  batches: Iterable<AcceptedBatch>,
): { rowNumber: number; name: string; count: number | null }[] {
  const out = [];
  const decoder = new TextDecoder();
  for (const batch of batches) {
    const names = batch.vectors.name!;
    const counts = batch.vectors.count!;
    if (names.type !== 'string' || counts.type !== 'int') throw new Error('unexpected vector types');
    expect(batch.length).toBeLessThanOrEqual(blockRows);
    for (let k = 0; k < batch.length; k++) {
      const id = names.ids[k]!;
      out.push({
        rowNumber: batch.rowNumbers[k]!,
        name: decoder.decode(
          names.dictionary.utf8.subarray(names.dictionary.start(id), names.dictionary.end(id)),
        ),
        count: counts.nulls?.[k] ? null : counts.values[k]!,
      });
    }
  }
  return out;
}

describe('accepted rows, kept in blocks', () => {
  const rows = 2 * blockRows + 123;
  const accepted = filled(rows);
  const expected = Array.from({ length: rows }, (_, i) => ({ rowNumber: i + 2, ...rowAt(i) }));
  const without = ({ period: _, ...rest }: (typeof expected)[number]) => rest;

  it('gives every row back, in order, in batches no larger than a block', () => {
    expect(accepted.length).toBe(rows);
    expect(rowsOf(accepted.batches(null))).toEqual(expected.map(without));
  });

  it('gives each period its own rows, gathered across blocks', () => {
    const byPeriod = accepted.indicesByPeriod();
    expect([...byPeriod.keys()]).toEqual(['2025-05', '2025-06']);
    for (const [period, indices] of byPeriod) {
      expect(rowsOf(accepted.batches(indices))).toEqual(
        expected.filter((r) => r.period === period).map(without),
      );
    }
  });
});
