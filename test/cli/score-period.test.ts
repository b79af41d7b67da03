// carescore score --period: a month after the latest return month is a usage error (exit 2).
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

it('refuses score --period after the latest return month, naming that month, and leaves no partition', async () => {
  const lake = await mkdtemp(join(tmpdir(), 'carescore-score-'));
  const dir = await mkdtemp(join(tmpdir(), 'carescore-score-in-'));
  await writeFile(join(dir, 'register.csv'), registerCsv);
  await writeFile(join(dir, 'mr.csv'), `${monthlyHeader}\n${monthlyRow()}\n`);
  const at = ['--received-at', '2025-02-10T10:00:00Z', '--lake', lake];
  expect((await run(['ingest', join(dir, 'register.csv'), '--type', 'provider-register', ...at])).code).toBe(
    0,
  );
  expect(
    (await run(['ingest', join(dir, 'mr.csv'), '--type', 'monthly-return', '--provider', 'P001', ...at]))
      .code,
  ).toBe(0);
  const refused = await run([
    'score',
    '--period',
    '2099-12',
    '--as-of',
    '2025-03-01T00:00:00Z',
    '--lake',
    lake,
  ]);
  expect(refused).toMatchObject({
    code: 2,
    err: "carescore score: --period 2099-12 is after the latest month with an accepted monthly return (2025-01), so every provider would be Not scored. Ask for 2025-01 or earlier, or load that month's returns first.",
  });
  const tables = await readdir(join(lake, 'results')).catch(() => []);
  expect(tables).toEqual([]);
  const scored = await run([
    'score',
    '--period',
    '2025-01',
    '--as-of',
    '2025-03-01T00:00:00Z',
    '--lake',
    lake,
  ]);
  expect(scored.code).toBe(0);
});
