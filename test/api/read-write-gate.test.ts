// Reads and writes of the lake through the API never overlap (functions/api/read-write-gate.ts).
import { describe, expect, it } from 'vitest';
import { ReadWriteGate } from '../../functions/api/read-write-gate.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ReadWriteGate', () => {
  it('holds a write until the reads in flight end, and reads that come during a write until it ends', async () => {
    const gate = new ReadWriteGate();
    const events: string[] = [];
    let finishRead!: () => void;
    const firstRead = gate.reading(async () => {
      events.push('read 1 starts');
      await new Promise<void>((resolve) => {
        finishRead = resolve;
      });
      events.push('read 1 ends');
    });
    await tick();
    const write = gate.writing(async () => {
      events.push('write starts');
      await tick();
      events.push('write ends');
      return 'written';
    });
    await tick();
    const secondRead = gate.reading(async () => {
      events.push('read 2');
    });
    await tick();
    expect(events).toEqual(['read 1 starts']);
    finishRead();
    expect(await write).toBe('written');
    await Promise.all([firstRead, secondRead]);
    expect(events).toEqual(['read 1 starts', 'read 1 ends', 'write starts', 'write ends', 'read 2']);
  });

  it('lets reads run together, and opens again after a failed write', async () => {
    const gate = new ReadWriteGate();
    let together = 0;
    let most = 0;
    const read = () =>
      gate.reading(async () => {
        together += 1;
        most = Math.max(most, together);
        await tick();
        together -= 1;
      });
    await Promise.all([read(), read(), read()]);
    expect(most).toBe(3);
    await expect(gate.writing(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await expect(gate.reading(async () => 'after')).resolves.toBe('after');
  });
});
