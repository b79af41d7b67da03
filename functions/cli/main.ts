// The carescore command, parsed by commander from the declarations below: usage, each command's
// --help (options, defaults, an example), --version and suggestions for a mistyped option or command
// all come from them. Errors are one clear sentence on stderr; stack traces only with --debug.
// A command's module is imported only when that command runs: between them they load DuckDB, the
// Parquet codec, exceljs and zod, which --help and the other commands need not wait for.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { inputTypes } from '../domain/contracts/contract.ts';
import { limitSettings } from '../domain/formats/limit-settings.ts';
import { InvalidPeriodError, isPeriod } from '../domain/period.ts';
import type { Invocation, Output, Values } from './args.ts';
import { OutputClosedError, UsageError, UserFacingError } from './errors.ts';
import type { LakeUse, OutUse } from './paths.ts';

type Run = (invocation: Invocation<never>, io: Output) => Promise<number>;

interface OptionSpec {
  flags: string;
  help: string;
  default?: string;
  /** May be given more than once; the values are collected in order. */
  repeat?: boolean;
  /** The values allowed; any other is a usage error, before the command runs. */
  choices?: string[];
  /** A month, YYYY-MM; anything else is a usage error, before the command runs. */
  month?: boolean;
  hidden?: boolean;
}

interface CommandSpec {
  load: () => Promise<Run>;
  about: string;
  /** The operands, as commander writes them: '<file>', '[files...]'. */
  operands?: string;
  /** More operands than declared reach the command, which says what it wants. */
  extraOperands?: boolean;
  options: OptionSpec[];
  /** What the command does with --lake; a reading command is refused anything that is not a lake. */
  lake?: LakeUse;
  /** What --out names, checked before the command runs. */
  out?: OutUse;
  examples: string[];
}

const lakeOption = (use: LakeUse): OptionSpec => ({
  flags: '--lake <dir>',
  help: use === 'read' ? 'the lake to read' : 'the lake (created when missing)',
  default: '.carescore',
});
/** Accepted, for scripts that pass --lake to every command, but not used. */
const unusedLake: OptionSpec = { flags: '--lake <dir>', help: 'not used', hidden: true };
const typeOption: OptionSpec = { flags: '--type <type>', help: `the input type: ${inputTypes.join(', ')}` };
const limitOptions: OptionSpec[] = limitSettings.map((s) => ({
  flags: `--${s.flag} <n>`,
  help: `override ${s.key} of config/ingest-limits.json for this run`,
}));
/** --format: the first choice is the default. */
const format = (choices: string[]): OptionSpec => ({
  flags: '--format <format>',
  help: 'how to write the output',
  default: choices[0]!,
  choices,
});
const asOfOption: OptionSpec = {
  flags: '--as-of <iso>',
  help: 'the moment to act as of, London time when no offset is given (default: now)',
};

const commands: Record<string, CommandSpec> = {
  demo: {
    load: async () => (await import('./commands/demo.ts')).demoCommand,
    about: 'a sample county: generate, ingest, score, alerts, report',
    lake: 'write',
    options: [
      // Its own folder, so demo data never mixes with a council's lake (./.carescore).
      {
        ...lakeOption('write'),
        help: 'the demo lake (replaced by the next demo)',
        default: 'carescore-demo',
      },
      { flags: '--providers <n>', help: 'how many providers', default: '80' },
      { flags: '--months <n>', help: 'how many months', default: '12' },
      { flags: '--seed <n>', help: 'the random seed', default: '1' },
    ],
    examples: ['carescore demo --lake ./demo-lake'],
  },
  ingest: {
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
    about: 'stores files and gives each an outcome, one line each',
    operands: '[files...]',
    lake: 'write',
    options: [
      lakeOption('write'),
      { ...typeOption, help: `${typeOption.help} (inferred under landing/<provider>/<type>/)` },
      {
        flags: '--provider <id>',
        help: 'the provider sending the files (omit, or council, for council feeds)',
      },
      { flags: '--received-at <iso>', help: 'when the files were received, if not now (back-loading)' },
      {
        flags: '--manifest <file.csv>',
        help: 'many files: a CSV with columns file,type,provider,received_at',
      },
      ...limitOptions,
    ],
    examples: [
      'carescore ingest march.csv --type monthly-return --provider P001',
      'carescore ingest --manifest samples/manifest.csv',
    ],
  },
  validate: {
    load: async () => (await import('./commands/validate.ts')).validateCommand,
    about:
      'dry run: the validation report, nothing stored; exit 1 when the file would be rejected in whole or part',
    operands: '<file>',
    extraOperands: true,
    lake: 'write',
    options: [
      { ...lakeOption('write'), help: 'the lake whose provider register is checked against' },
      typeOption,
      { flags: '--provider <id>', help: 'the provider sending the file (needed for provider returns)' },
      format(['text', 'json']),
      ...limitOptions,
    ],
    examples: ['carescore validate march.csv --type monthly-return --provider P001'],
  },
  template: {
    load: async () => (await import('./commands/template.ts')).templateCommand,
    about: 'the blank template or JSON Schema for an input type',
    out: 'file',
    options: [
      typeOption,
      format(['csv', 'xlsx', 'json-schema']),
      { flags: '--out <file>', help: 'where to write it (default: standard output)' },
      unusedLake,
    ],
    examples: ['carescore template --type monthly-return --format xlsx --out monthly-return.xlsx'],
  },
  score: {
    load: async () => (await import('./commands/score.ts')).scoreCommand,
    about: 'scores every registered provider for every month with data (or the months given)',
    lake: 'read',
    options: [
      lakeOption('read'),
      {
        flags: '--period <month>',
        help: 'a month YYYY-MM to score; repeat for more',
        repeat: true,
        month: true,
      },
      asOfOption,
    ],
    examples: ['carescore score', 'carescore score --period 2025-11 --period 2025-12'],
  },
  compare: {
    load: async () => (await import('./commands/compare.ts')).compareCommand,
    about: 'scores the lake in memory under another method file and lists what would change',
    lake: 'read',
    options: [
      lakeOption('read'),
      { flags: '--method <file>', help: 'the method JSON file to compare with the current method' },
      {
        flags: '--period <month>',
        help: 'a month YYYY-MM to compare; repeat for more (default: every scoreable month)',
        repeat: true,
        month: true,
      },
      asOfOption,
      format(['table', 'json']),
    ],
    examples: [
      'carescore compare --method config/method-v2-example.json',
      'carescore compare --method my-method.json --period 2025-12 --format json',
    ],
  },
  alerts: {
    load: async () => (await import('./commands/alerts.ts')).alertsCommand,
    about: 'raises new alerts and prints them, or withdraws one (kept on record)',
    lake: 'read',
    options: [
      lakeOption('read'),
      asOfOption,
      format(['table', 'json']),
      { flags: '--withdraw <key>', help: 'withdraw the alert with this key (see v_alerts.alert_key)' },
      { flags: '--reason <text>', help: 'why it is withdrawn (required with --withdraw)' },
    ],
    examples: [
      'carescore alerts --format json',
      'carescore alerts --withdraw "RISK_CRITICAL|P020|2025-12" --reason "Raised on a corrected return"',
    ],
  },
  query: {
    load: async () => (await import('./commands/query.ts')).queryCommand,
    about: 'SQL over the views',
    operands: '<sql>',
    extraOperands: true,
    lake: 'read',
    options: [lakeOption('read'), format(['table', 'csv', 'json'])],
    examples: ['carescore query "SELECT * FROM v_high_risk_providers"'],
  },
  report: {
    load: async () => (await import('./commands/report.ts')).reportCommand,
    about: "the commissioners' report for a month, as one HTML page",
    lake: 'read',
    out: 'file',
    options: [
      lakeOption('read'),
      {
        flags: '--period <month>',
        help: 'the month, YYYY-MM (default: the latest complete month)',
        month: true,
      },
      {
        flags: '--out <file.html>',
        help: 'where to write the page (default: ./carescore-report-<month>.html)',
      },
    ],
    examples: ['carescore report', 'carescore report --period 2025-12 --out report-2025-12.html'],
  },
  generate: {
    load: async () => (await import('./commands/generate.ts')).generateCommand,
    about: 'writes sample input files and their manifest',
    out: 'dir',
    options: [
      { flags: '--out <dir>', help: 'the folder to write to (created when missing)' },
      { flags: '--providers <n>', help: 'how many providers', default: '80' },
      { flags: '--months <n>', help: 'how many months', default: '12' },
      { flags: '--seed <n>', help: 'the random seed', default: '1' },
      { flags: '--end <month>', help: 'the last month, YYYY-MM', default: '2025-12' },
      unusedLake,
    ],
    examples: ['carescore generate --out samples --providers 20'],
  },
  serve: {
    load: async () => (await import('./commands/serve.ts')).serveCommand,
    about: 'the web app over the lake, on this machine (no sign-in: a switch picks the role)',
    lake: 'read',
    options: [
      lakeOption('read'),
      { flags: '--port <n>', help: 'the port to listen on (0 picks a free one)', default: '8080' },
      { flags: '--host <address>', help: 'the address to listen on', default: '127.0.0.1' },
      {
        flags: '--compare-method <file>',
        help: 'a second method JSON file the method page compares the current method with',
      },
    ],
    examples: [
      'carescore serve',
      'carescore serve --lake ./demo-lake --port 8081',
      'carescore serve --compare-method config/method-v2-example.json',
    ],
  },
  compact: {
    load: async () => (await import('./commands/compact.ts')).compactCommand,
    about: "folds each month's provider returns into one file per table (ingest --manifest does it too)",
    lake: 'read',
    options: [lakeOption('read')],
    examples: ['carescore compact'],
  },
  audit: {
    load: async () => (await import('./commands/audit.ts')).auditCommand,
    about: 'checks that nothing received was lost (exit 1 when anything was)',
    lake: 'read',
    options: [lakeOption('read'), format(['table', 'json'])],
    examples: ['carescore audit'],
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

/** The program: `whenRun` receives each command's exit code. */
function program(io: Output, whenRun: (code: number) => void): Command {
  const root = new Command('carescore')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
      // main() words commander's errors as the CLI's other errors.
      outputError: () => {},
    })
    .configureHelp({ showGlobalOptions: true })
    .version(version(), '-V, --version', 'print the version')
    .option('--debug', 'print the stack trace of an error')
    .addHelpText('before', 'carescore: scorecards and risk for home-care commissioning\n')
    .addHelpText(
      'after',
      [
        '',
        `Input types (--type): ${inputTypes.join(', ')}`,
        'ingest and validate also take limits (defaults in config/ingest-limits.json):',
        `  ${limitSettings.map((s) => `[--${s.flag} N]`).join(' ')}`,
        'Every command that uses a lake takes --lake DIR (default ./.carescore).',
        'Run carescore <command> --help for its options, their defaults and an example.',
      ].join('\n'),
    );
  for (const [name, spec] of Object.entries(commands)) {
    const command = root.command(name).description(spec.about);
    if (spec.operands) command.argument(spec.operands);
    if (spec.extraOperands) command.allowExcessArguments();
    for (const o of spec.options) {
      const option = new Option(o.flags, o.help);
      if (o.default !== undefined) option.default(o.default);
      if (o.choices) option.choices(o.choices);
      const flag = o.flags.split(' ')[0]!;
      // Bad values are usage errors in the commands' own words, before any lake is looked at.
      const check = (value: string): string => {
        if (o.choices && !o.choices.includes(value))
          throw new UsageError(`${flag} must be ${anyOf(o.choices)}.`);
        if (o.month && !isPeriod(value))
          throw new UsageError(`${flag} ${new InvalidPeriodError(value).message}`);
        return value;
      };
      option.argParser((value: string, earlier: unknown) =>
        o.repeat ? [...((earlier as string[] | undefined) ?? []), check(value)] : check(value),
      );
      if (o.hidden) option.hideHelp();
      command.addOption(option);
    }
    command.addHelpText(
      'after',
      `\nExample${spec.examples.length > 1 ? 's' : ''}:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`,
    );
    command.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      const values = valuesOf(self);
      const paths = await import('./paths.ts');
      if (spec.lake && typeof values.lake === 'string') await paths.checkLake(values.lake, spec.lake);
      if (spec.out && typeof values.out === 'string') await paths.checkOut(values.out, spec.out);
      const run = await spec.load();
      whenRun(await run({ values, positionals: self.args } as Invocation<never>, io));
    });
  }
  return root;
}

/** The options by their flag's name (`as-of`, not commander's `asOf`), as the commands read them. */
function valuesOf(command: Command): Values {
  const opts = command.opts();
  const values: Values = {};
  for (const option of command.options) {
    const value = opts[option.attributeName()];
    if (option.long && value !== undefined) values[option.long.slice(2)] = value as string | string[];
  }
  return values;
}

/** Lines given to stdout and not yet written, and how many could not be (the reader had gone). */
const stdoutWrites = new Set<Promise<void>>();
let stdoutLost = 0;

const consoleOutput: Output = {
  out: (line) => {
    if (process.stdout.destroyed) {
      stdoutLost += 1;
      return;
    }
    const written: Promise<void> = new Promise((resolve) => {
      process.stdout.write(`${line}\n`, (error) => {
        if (error) stdoutLost += 1;
        stdoutWrites.delete(written);
        resolve();
      });
    });
    stdoutWrites.add(written);
  },
  flush: async () => {
    await Promise.all(stdoutWrites);
    if (stdoutLost > 0) throw new OutputClosedError(stdoutLost);
  },
  err: (line) => {
    if (!process.stderr.destroyed) process.stderr.write(`${line}\n`);
  },
};

/**
 * `carescore query … | head`: once the reader has gone, the rest of the output is dropped and the
 * command finishes its work quietly (a lake write is never cut short), instead of a stack trace.
 */
function quietWhenReaderCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        stream.destroy();
        return;
      }
      throw error;
    });
  }
}

export async function main(argv: string[], io: Output = consoleOutput): Promise<number> {
  if (io === consoleOutput) quietWhenReaderCloses();
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0] && Object.hasOwn(commands, args[0]) ? args[0] : undefined;
  let code = 0;
  const root = program(io, (c) => {
    code = c;
  });
  if (args.length === 0) {
    root.outputHelp();
    return 2;
  }
  try {
    await root.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderError(error, args[0]!, name, io);
    if (debug) io.err((error as Error)?.stack ?? String(error));
    if (error instanceof UsageError) {
      io.err(`carescore ${name}: ${(error as Error).message}`);
      return 2;
    }
    if (error instanceof UserFacingError) {
      io.err(`carescore ${name}: ${error.message}`);
      return 1;
    }
    io.err(
      `carescore ${name}: internal error: ${(error as Error)?.message ?? String(error)}. Run again with --debug for details.`,
    );
    return 1;
  }
}

/** Help and --version (exit 0), or a usage error in the CLI's words (exit 2). */
function commanderError(error: CommanderError, first: string, name: string | undefined, io: Output): number {
  if (error.exitCode === 0) return 0;
  const [message = '', hint] = error.message.replace(/^error: /, '').split('\n');
  const suggestion = hint ? ` ${hint.replace(/^\((.*)\)$/, '$1')}` : '';
  if (error.code === 'commander.unknownCommand') {
    io.err(`carescore: unknown command "${first}".${suggestion} Run carescore --help for the list.`);
  } else if (name) {
    io.err(
      `carescore ${name}: ${sentence(message)}${suggestion} Run carescore ${name} --help for its options.`,
    );
  } else {
    io.err(`carescore: ${sentence(message)}${suggestion} Run carescore --help for the list.`);
  }
  return 2;
}

/** 'a or b', 'a, b or c'. */
function anyOf(choices: string[]): string {
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
