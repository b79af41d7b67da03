import { describe, expect, it } from 'vitest';
import { CqcHistory } from '../../../functions/domain/method/cqc-history.ts';
import type { CqcRatingRow } from '../../../functions/domain/method/inputs.ts';
import { cqc } from './builders.ts';

describe('CQC history (§8)', () => {
  const rows: CqcRatingRow[] = [
    cqc({ report_date: '2023-01-01', rating: 'Good' }),
    cqc({ report_date: '2024-05-31', rating: 'Inadequate' }),
    // not one of the four words: neither rates nor erases
    cqc({ report_date: '2024-06-01', rating: 'Not rated' as CqcRatingRow['rating'] }),
    cqc({ location_id: 'L9', report_date: '2020-01-01', rating: 'Inadequate' }),
    cqc({
      location_id: 'L2',
      report_date: '2024-06-01',
      rating: 'requires IMPROVEMENT' as CqcRatingRow['rating'],
    }),
  ];
  const history = new CqcHistory(rows, new Set(['L1', 'L2']));
  it('uses the latest report dated on or before the date', () => {
    expect(history.ratingOn('L1', '2024-05-30')).toBe('Good');
    expect(history.ratingOn('L1', '2024-05-31')).toBe('Inadequate');
    expect(history.ratingOn('L1', '2024-06-30')).toBe('Inadequate');
    expect(history.ratingOn('L1', '2022-12-31')).toBeNull();
  });
  it('matches rating words in any case and ignores locations not in the register', () => {
    expect(history.ratingOn('L2', '2024-06-30')).toBe('Requires improvement');
    expect(history.ratingOn('L9', '2024-06-30')).toBeNull();
  });
  it('worst over branches; unrated branches are skipped', () => {
    expect(history.worstOn(['L1', 'L2'], '2024-05-30')).toBe('Good');
    expect(history.worstOn(['L1', 'L2'], '2024-06-30')).toBe('Inadequate');
    expect(history.worstOn(['L2', 'L9'], '2024-05-30')).toBeNull();
  });
});
