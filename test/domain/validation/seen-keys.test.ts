import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../../functions/domain/validation/seen-keys.ts';

describe('keys met so far in a file', () => {
  it('says a key is new exactly when its parts, as text, have not been met together', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(40), fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.nat(3), fc.constant('1'))),
          {
            maxLength: 300,
          },
        ),
        (rows) => {
          // Column 0 comes with ids (as a string column's dictionary ids), the others as values.
          const keys = new SeenKeys([0, 1, 2], [true, false, false]);
          const reference = new Set<string>();
          for (const [id, letter, part] of rows) {
            const text = `${id}\u0000${letter}\u0000${String(part)}`;
            const isNew = !reference.has(text);
            reference.add(text);
            expect(keys.add([`p${id}`, letter, part], Int32Array.of(id, -1, -1))).toBe(isNew);
          }
        },
      ),
    );
  });

  it('keeps every key as the table grows well past its first size', () => {
    const keys = new SeenKeys([0, 1], [true, true]);
    const ids = new Int32Array(2);
    const newOnPass = [0, 0];
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < 50_000; i++) {
        ids[0] = i % 7;
        ids[1] = i;
        if (keys.add([], ids)) newOnPass[pass]!++;
      }
    }
    expect(newOnPass).toEqual([50_000, 0]);
  });
});
