import { describe, expect, it } from 'vitest';
import { bytesSource, detectFormat, openRecords } from '../../../functions/domain/formats/index.ts';
import { utf8 } from './helpers.ts';

describe('detectFormat', () => {
  it('uses magic bytes first, then the extension', () => {
    expect(detectFormat('x.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(detectFormat('x.csv', utf8('\uFEFF  [{"a":1}]'))).toBe('json');
    expect(detectFormat('x.txt', utf8('\n{"a":1}'))).toBe('json');
    expect(detectFormat('x.CSV', utf8('a,b'))).toBe('csv');
    expect(detectFormat('x.xlsx', utf8(''))).toBe('xlsx');
    expect(detectFormat('x.bin', utf8('a,b'))).toBeNull();
  });

  it('lets openRecords fall back to CSV for unknown names', async () => {
    const reader = await openRecords(bytesSource('upload', utf8('a,b\n1,2\n')), {});
    expect(reader.format).toBe('csv');
  });
});
