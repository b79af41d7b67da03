// The carescore command. Errors are one clear sentence on stderr; stack traces only with --debug.
import { limitOptions, type Output, UsageError, UserFacingError } from './args.ts';
import { alertsCommand } from './commands/alerts.ts';
import { auditCommand } from './commands/audit.ts';
import { demoCommand } from './commands/demo.ts';
import { generateCommand } from './commands/generate.ts';
import { ingestCommand } from './commands/ingest.ts';
import { queryCommand } from './commands/query.ts';
import { reportCommand } from './commands/report.ts';
import { scoreCommand } from './commands/score.ts';
import { templateCommand } from './commands/template.ts';
import { validateCommand } from './commands/validate.ts';

type Command = (argv: string[], io: Output) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  demo: {
    run: demoCommand,
    summary: 'demo                   a sample county: generate, ingest, score, alerts, report',
  },
  ingest: {
    run: ingestCommand,
    summary: 'ingest FILE… [--type T] [--provider ID] [--received-at ISO] | --manifest FILE.csv',
  },
  validate: {
    run: validateCommand,
    summary: 'validate FILE --type T [--provider ID]   dry run, stores nothing',
  },
  template: {
    run: templateCommand,
    summary: 'template --type T [--format csv|xlsx|json-schema] [--out FILE]',
  },
  score: { run: scoreCommand, summary: 'score [--period YYYY-MM]… [--as-of ISO]' },
  alerts: { run: alertsCommand, summary: 'alerts [--as-of ISO] [--format table|json]' },
  query: { run: queryCommand, summary: 'query SQL [--format table|csv|json]   SQL over the views' },
  report: { run: reportCommand, summary: 'report --period YYYY-MM --out FILE.html' },
  generate: { run: generateCommand, summary: 'generate --out DIR [--providers N] [--months N] [--seed N]' },
  audit: {
    run: auditCommand,
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
    `  ${Object.keys(limitOptions)
      .map((flag) => `[--${flag} N]`)
      .join(' ')}`,
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
    return await command.run(rest, io);
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
