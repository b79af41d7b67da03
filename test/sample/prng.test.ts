import { describe, expect, it } from 'vitest';
import { csvField, csvText, decimal2, encodeWindows1252 } from '../../functions/sample/csv-text.ts';
import { Rng } from '../../functions/sample/prng.ts';

describe('Rng', () => {
  it('repeats for a seed and differs between seeds and labels', () => {
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(draw(new Rng(1))).toEqual(draw(new Rng(1)));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2)));
    expect(draw(Rng.derive(1, 'a'))).not.toEqual(draw(Rng.derive(1, 'b')));
  });

  it('keeps draws in range', () => {
    const r = new Rng(7);
    for (let i = 0; i < 2_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = r.int(2, 4);
      expect(k >= 2 && k <= 4).toBe(true);
      const n = r.int(0, 200);
      const b = r.binomial(n, r.next());
      expect(b >= 0 && b <= n).toBe(true);
      expect(r.poisson(r.uniform(0, 50))).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('csv-text', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(true)).toBe('yes');
    expect(csvField(null)).toBe('');
    expect(csvText(['a', 'b'], [[1, 'x,y']])).toBe('a,b\n1,"x,y"\n');
  });

  it('writes hours with at most 2 decimal places', () => {
    expect([12.3 + 0.000000001, 100, 0, 7.005, 10.1].map(decimal2)).toEqual([
      '12.3',
      '100',
      '0',
      '7.01',
      '10.1',
    ]);
  });

  it('encodes Windows-1252, including the 0x80–0x9F block', () => {
    expect([...encodeWindows1252('£é€’—')]).toEqual([0xa3, 0xe9, 0x80, 0x92, 0x97]);
    expect(() => encodeWindows1252('🙂')).toThrow();
  });
});
