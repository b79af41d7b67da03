// The CLI run in this process, its output captured: a command's exit code and what it printed.
import { main } from '../../functions/cli/main.ts';

/** Each line printed to standard output and to standard error, in order. */
export async function runCliLines(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** What was printed to standard output and to standard error, as text. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await runCliLines(args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
