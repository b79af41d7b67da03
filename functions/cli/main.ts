// The carescore command. Errors are one clear sentence on stderr; stack traces only with --debug.
// A command's module is imported only when that command runs: between them they load DuckDB, the
// Parquet codec, exceljs and zod, which --help and the other commands need not wait for.
import { limitSettings } from '../domain/formats/limit-settings.ts';
import type { Output } from './args.ts';
import { UsageError, UserFacingError } from './errors.ts';

type Command = (argv: string[], io: Output) => Promise<number>;

const commands: Record<string, { load: () => Promise<Command>; summary: string }> = {
  demo: {
    load: async () => (await import('./commands/demo.ts')).demoCommand,
    summary: 'demo                   a sample county: generate, ingest, score, alerts, report',
  },
  ingest: {
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
    summary: 'ingest FILE… [--type T] [--provider ID] [--received-at ISO] | --manifest FILE.csv',
  },
  validate: {
    load: async () => (await import('./commands/validate.ts')).validateCommand,
    summary: 'validate FILE --type T [--provider ID]   dry run, stores nothing',
  },
  template: {
    load: async () => (await import('./commands/template.ts')).templateCommand,
    summary: 'template --type T [--format csv|xlsx|json-schema] [--out FILE]',
  },
  score: {
    load: async () => (await import('./commands/score.ts')).scoreCommand,
    summary: 'score [--period YYYY-MM]… [--as-of ISO]',
  },
  alerts: {
    load: async () => (await import('./commands/alerts.ts')).alertsCommand,
    summary: 'alerts [--as-of ISO] [--format table|json]',
  },
  query: {
    load: async () => (await import('./commands/query.ts')).queryCommand,
    summary: 'query SQL [--format table|csv|json]   SQL over the views',
  },
  report: {
    load: async () => (await import('./commands/report.ts')).reportCommand,
    summary: 'report --period YYYY-MM --out FILE.html',
  },
  generate: {
    load: async () => (await import('./commands/generate.ts')).generateCommand,
    summary: 'generate --out DIR [--providers N] [--months N] [--seed N]',
  },
  audit: {
    load: async () => (await import('./commands/audit.ts')).auditCommand,
    summary: 'audit [--format table|json]   checks that nothing received was lost',
  },
};

export function usage(): string {
  return [
    'carescore: scorecards and risk for home-care commissioning',
    '',
    'Usage: carescore <command> [options]   (every command takes --lake DIR, default ./.carescore)',
    ...Object.values(commands).map((c) => `  ${c.summary}`),
    '',
    'ingest and validate also take limits (defaults in config/ingest-limits.json):',
    `  ${limitSettings.map((s) => `[--${s.flag} N]`).join(' ')}`,
  ].join('\n');
}

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: string[], io: Output = consoleOutput): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`carescore: unknown command "${name}". Run carescore --help for the list.`);
    return 2;
  }
  try {
    const run = await command.load();
    return await run(rest, io);
  } catch (error) {
    if (debug) io.err((error as Error)?.stack ?? String(error));
    if (error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')) {
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
