// No silent wrong answer, and a clear word at every step: a path that is not a lake, a folder where a
// file belongs (or the reverse), help for every command, and validate's exit code like a linter's.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { runCli as run } from '../helpers/run-cli.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'carescore-trust-'));

/** One line on stderr, not an internal error and no stack trace. */
function expectOneSentence(result: { err: string }, start: RegExp) {
  expect(result.err).toMatch(start);
  expect(result.err.split('\n')).toHaveLength(1);
  expect(result.err).not.toContain('internal error');
}

describe('a lake that is not there, or is not a lake', () => {
  const reading = (lake: string, out: string): [string, string[]][] => [
    ['query', ['query', 'SELECT * FROM v_high_risk_providers', '--lake', lake]],
    ['report', ['report', '--period', '2025-12', '--out', out, '--lake', lake]],
    ['score', ['score', '--lake', lake]],
    ['alerts', ['alerts', '--lake', lake]],
    ['audit', ['audit', '--lake', lake]],
  ];

  it('is an error naming the path, exit 1, for every command that reads one', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a-file'), 'not a lake');
    await mkdir(join(dir, 'photos'));
    await writeFile(join(dir, 'photos', 'cat.jpg'), '');
    const cases: [string, string][] = [
      [join(dir, 'no-such-lake'), 'no such directory'],
      [join(dir, 'a-file'), 'it is a file, not a directory'],
      [join(dir, 'photos'), "the directory holds none of a lake's folders (landing/, raw/, ledger/"],
    ];
    for (const [lake, why] of cases) {
      for (const [name, args] of reading(lake, join(dir, 'report.html'))) {
        const result = await run(args);
        expect(result, `${name} --lake ${lake}`).toMatchObject({ code: 1, out: '' });
        expectOneSentence(result, new RegExp(`^carescore ${name}: There is no lake at `));
        expect(result.err).toContain(`There is no lake at ${lake}: ${why}`);
      }
    }
  });

  it('a real lake with nothing in it yet has nothing to score', async () => {
    const lake = await tempDir();
    await mkdir(join(lake, 'ledger'));
    expect(await run(['score', '--lake', lake])).toMatchObject({
      code: 0,
      out: 'Nothing to score yet: load a provider register and at least one monthly return first.',
    });
  });
});

describe('paths in the wrong place', () => {
  it('a folder given as a file is one sentence, exit 2', async () => {
    const dir = await tempDir();
    for (const command of ['ingest', 'validate']) {
      const result = await run([command, dir, '--type', 'clusters', '--lake', join(dir, 'lake')]);
      expect(result.code).toBe(2);
      expectOneSentence(result, new RegExp(`^carescore ${command}: ${dir} is a folder, not a file; `));
    }
  });

  it('--out into a missing folder or onto a folder is one sentence, exit 2', async () => {
    const dir = await tempDir();
    const lake = join(dir, 'lake');
    await mkdir(join(lake, 'ledger'), { recursive: true });
    await writeFile(join(dir, 'a-file'), '');
    const missing = join(dir, 'no-such-folder', 'report.html');
    const cases: [string[], RegExp][] = [
      [
        ['report', '--period', '2025-12', '--out', missing, '--lake', lake],
        /^carescore report: --out .* the folder .*no-such-folder does not exist; /,
      ],
      [
        ['report', '--period', '2025-12', '--out', dir, '--lake', lake],
        /^carescore report: --out .* is a folder; /,
      ],
      [
        ['template', '--type', 'clusters', '--out', missing],
        /^carescore template: --out .* does not exist; /,
      ],
      [['template', '--type', 'clusters', '--out', dir], /^carescore template: --out .* is a folder; /],
      [['generate', '--out', join(dir, 'a-file')], /^carescore generate: --out .* is not a folder /],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expectOneSentence(result, message);
    }
  });

  it('--lake onto a file is one sentence, exit 1, for the commands that create a lake too', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a-file');
    await writeFile(file, 'keep me');
    await writeFile(join(dir, 'c.csv'), 'cluster_id,cluster_name,district,ccg,lot_area\n');
    for (const [args, lake] of [
      [['ingest', join(dir, 'c.csv'), '--type', 'clusters'], file],
      [['ingest', join(dir, 'c.csv'), '--type', 'clusters'], join(file, 'lake')],
      [['demo', '--providers', '2', '--months', '1'], file],
      [['validate', join(dir, 'c.csv'), '--type', 'clusters'], file],
    ] as const) {
      const result = await run([...args, '--lake', lake]);
      expect(result.code, `${args[0]} --lake ${lake}`).toBe(1);
      expectOneSentence(result, new RegExp(`^carescore ${args[0]}: --lake .* not a folder; `));
    }
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });
});

describe('help, version and suggestions', () => {
  it('every command has --help with its options, their defaults and an example', async () => {
    const expected: Record<string, string[]> = {
      demo: ['--lake <dir>', 'default: "carescore-demo"', '--providers <n>', 'default: "80"'],
      ingest: [
        '[files...]',
        '--type <type>',
        '--provider <id>',
        '--received-at <iso>',
        '--manifest',
        '--max-rows <n>',
      ],
      validate: ['<file>', '--type <type>', '--provider <id>', '--max-file-mb <n>'],
      template: [
        '--type <type>',
        '--format <format>',
        'choices: "csv", "xlsx", "json-schema"',
        '--out <file>',
      ],
      score: ['--period <month>', '--as-of <iso>'],
      alerts: ['--as-of <iso>', '--format <format>', 'default: "table"'],
      query: ['<sql>', 'choices: "table", "csv", "json"'],
      report: ['--period <month>', '--out <file.html>'],
      generate: ['--out <dir>', '--seed <n>', '--end <month>', 'default: "2025-12"'],
      audit: ['--format <format>', '--lake <dir>'],
    };
    for (const [name, parts] of Object.entries(expected)) {
      for (const args of [
        [name, '--help'],
        ['help', name],
      ]) {
        const help = await run(args);
        expect(help, args.join(' ')).toMatchObject({ code: 0, err: '' });
        expect(help.out).toContain(`Usage: carescore ${name} [options]`);
        expect(help.out).toMatch(new RegExp(`Examples?:\\n {2}\\$ carescore ${name}`));
        // The help is wrapped to the terminal's width.
        for (const part of parts) expect(help.out.replace(/\s+/g, ' '), `${name}: ${part}`).toContain(part);
      }
    }
  });

  it('--version prints the package version; the usage lists the input types', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, out: version, err: '' });
    const usage = await run(['--help']);
    expect(usage.out).toContain(
      'Input types (--type): monthly-return, self-assessment, provider-register, clusters, cqc-locations, sanctions, offers, commissioned-hours, intelligence',
    );
  });

  it('an unknown option or command suggests the nearest one, exit 2', async () => {
    const option = await run(['score', '--lak', 'x']);
    expect(option).toMatchObject({
      code: 2,
      err: "carescore score: unknown option '--lak'. Did you mean --lake? Run carescore score --help for its options.",
    });
    expect(await run(['qurey', 'SELECT 1'])).toMatchObject({
      code: 2,
      err: 'carescore: unknown command "qurey". Did you mean query? Run carescore --help for the list.',
    });
    const format = await run(['query', 'SELECT 1', '--format', 'xml']);
    expect(format).toMatchObject({ code: 2, err: 'carescore query: --format must be table, csv or json.' });
  });
});

describe('validate exits like a linter', () => {
  it('0 when the file would be accepted, 1 when rejected in whole or part, 2 without --provider', async () => {
    const dir = await tempDir();
    const lake = join(dir, 'lake');
    await writeFile(join(dir, 'register.csv'), registerCsv);
    expect(
      (await run(['ingest', join(dir, 'register.csv'), '--type', 'provider-register', '--lake', lake])).code,
    ).toBe(0);
    const files = {
      good: `${monthlyHeader}\n${monthlyRow()}\n`,
      part: `${monthlyHeader}\n${monthlyRow()}\n${monthlyRow({ service_code: 'XX' })}\n`,
      bad: `${monthlyHeader}\n${monthlyRow({ service_code: 'XX' })}\n`,
    };
    const codes: Record<string, number[]> = {};
    for (const [name, body] of Object.entries(files)) {
      await writeFile(join(dir, `${name}.csv`), body);
      const args = [
        'validate',
        join(dir, `${name}.csv`),
        '--type',
        'monthly-return',
        '--provider',
        'P001',
        '--lake',
        lake,
      ];
      codes[name] = [(await run(args)).code, (await run([...args, '--format', 'json'])).code];
    }
    expect(codes).toEqual({ good: [0, 0], part: [1, 1], bad: [1, 1] });

    const noProvider = await run([
      'validate',
      join(dir, 'good.csv'),
      '--type',
      'monthly-return',
      '--lake',
      lake,
    ]);
    expect(noProvider).toMatchObject({ code: 2, out: '' });
    expectOneSentence(
      noProvider,
      /^carescore validate: A monthly-return file is sent by a provider: name the provider with --provider ID/,
    );
  });
});
