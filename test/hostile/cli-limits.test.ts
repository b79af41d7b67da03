// The limits from the command line: --max-file-mb, --max-rows, … on ingest and validate, run
// through the real CLI entry; a bad value is a usage error naming the flag.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

let dir: string;
let lake: string;
const file = (name: string) => join(dir, name);
const threeRows = [monthlyHeader, ...['HC', 'SIS', 'ECS'].map((s) => monthlyRow({ service_code: s }))].join(
  '\n',
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carescore-limits-'));
  lake = join(dir, 'lake');
  await writeFile(file('register.csv'), registerCsv);
  await writeFile(file('three.csv'), `${threeRows}\n`);
  await writeFile(file('long.csv'), `${monthlyHeader}\n${monthlyRow({ branch_id: 'b'.repeat(2048) })}\n`);
  await writeFile(file('deep.json'), `[${JSON.stringify({ provider_id: [[[['P001']]]] })}]`);
  await writeFile(file('wide.csv'), `${monthlyHeader},x1,x2\n${monthlyRow()},1,2\n`);
  expect(
    (await run(['ingest', file('register.csv'), '--type', 'provider-register', '--lake', lake])).code,
  ).toBe(0);
});

const ingestArgs = (name: string, ...flags: string[]) => [
  'ingest',
  file(name),
  '--type',
  'monthly-return',
  '--provider',
  'P001',
  '--received-at',
  '2025-02-10T10:00:00Z',
  '--lake',
  lake,
  ...flags,
];

describe('limit flags on carescore ingest and validate', () => {
  it('validate --max-rows 2: three rows are over the limit, and the message names it', async () => {
    const r = await run([
      'validate',
      file('three.csv'),
      '--type',
      'monthly-return',
      '--provider',
      'P001',
      '--lake',
      lake,
      '--max-rows',
      '2',
    ]);
    expect(r.code).toBe(1); // the file would be rejected: validate exits like a linter
    expect(r.out).toContain('rejected (dry run, nothing stored)');
    expect(r.out).toContain(
      'error: file: The file has more than 2 data rows, the most one file may have (line 4); split it into smaller files.',
    );
    // Without the flag the file is fine: the flag, not the file, set the limit.
    const ok = await run([
      'validate',
      file('three.csv'),
      '--type',
      'monthly-return',
      '--provider',
      'P001',
      '--lake',
      lake,
    ]);
    expect(ok.out).toContain(
      ': accepted (dry run, nothing stored): 3 rows read, 3 would be accepted, 0 rejected',
    );
  });

  it('validate --max-field-kb 1 rejects a 2 KB value, naming 1 KB', async () => {
    const r = await run([
      'validate',
      file('long.csv'),
      '--type',
      'monthly-return',
      '--provider',
      'P001',
      '--lake',
      lake,
      '--max-field-kb',
      '1',
    ]);
    expect(r.out).toContain(
      'error: file: A value on line 2 is longer than 1 KB, the most one value may hold',
    );
  });

  it('ingest --max-field-kb 1 rejects a 2 KB value; the outcome line says why', async () => {
    await writeFile(file('long2.csv'), `${monthlyHeader}\n${monthlyRow({ branch_id: 'c'.repeat(2048) })}\n`);
    const r = await run(ingestArgs('long2.csv', '--max-field-kb', '1'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/long2\.csv: sub_[0-9a-f]{24} {2}rejected {2}0 accepted, 0 rejected {2}report \S+/);
    expect(r.out).toContain('A value on line 2 is longer than 1 KB, the most one value may hold');
  });

  it('ingest --max-file-mb 0.0001 (104 bytes) rejects a larger file by its size', async () => {
    const r = await run(ingestArgs('long.csv', '--max-file-mb', '0.0001'));
    expect(r.out).toContain('  rejected  ');
    expect(r.out).toMatch(
      /The file is 2,[\d]{3} bytes, larger than the limit of 104 bytes; split it into smaller files\.$/,
    );
  });

  it('ingest --max-json-depth 3 and --max-columns 21 apply to their files', async () => {
    const deep = await run(ingestArgs('deep.json', '--max-json-depth', '3'));
    expect(deep.out).toContain('The JSON on line 1 is nested more than 3 levels deep, the most allowed.');
    const wide = await run(ingestArgs('wide.csv', '--max-columns', '21'));
    expect(wide.out).toContain('Line 1 has more than 21 values, the most columns a file may have.');
  });

  it('bad values are usage errors (exit 2) naming the flag and what it must be', async () => {
    const cases: [string[], string][] = [
      [
        ['--max-rows', 'lots'],
        'carescore ingest: --max-rows must be a whole number of 1 or more; got "lots".',
      ],
      [['--max-rows', '2.5'], 'carescore ingest: --max-rows must be a whole number of 1 or more; got "2.5".'],
      [['--max-file-mb=-1'], 'carescore ingest: --max-file-mb must be a number greater than 0; got "-1".'],
      [['--max-field-kb', ''], 'carescore ingest: --max-field-kb must be a number greater than 0; got "".'],
    ];
    for (const [flags, message] of cases) {
      expect(await run(ingestArgs('three.csv', ...flags))).toMatchObject({ code: 2, err: message });
    }
    const missing = await run(ingestArgs('three.csv', '--max-rows'));
    expect(missing.code).toBe(2);
    expect(missing.err).not.toMatch(/\n\s+at /);
    const v = await run([
      'validate',
      file('three.csv'),
      '--type',
      'monthly-return',
      '--max-xlsx-sheet-mb',
      '0',
    ]);
    expect(v).toMatchObject({
      code: 2,
      err: 'carescore validate: --max-xlsx-sheet-mb must be a number greater than 0; got "0".',
    });
  });
});
