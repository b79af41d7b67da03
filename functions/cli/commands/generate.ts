// carescore generate --out DIR [--providers N] [--months N] [--seed N] [--end YYYY-MM]
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isPeriod } from '../../domain/period.ts';
import type { GeneratedCounty } from '../../sample/index.ts';
import { generateCounty } from '../../sample/index.ts';
import { type Invocation, type Output, UsageError } from '../args.ts';

export async function generateCommand(
  { values }: Invocation<{ out?: string; providers: string; months: string; seed: string; end: string }>,
  io: Output,
): Promise<number> {
  if (!values.out) throw new UsageError('Say where to write the sample files with --out DIR.');
  const providers = wholeNumber(values.providers, '--providers', 1, 20_000);
  const months = wholeNumber(values.months, '--months', 1, 120);
  const seed = wholeNumber(values.seed, '--seed', 0, 2 ** 31);
  if (!isPeriod(values.end)) throw new UsageError('--end must be a month written YYYY-MM.');
  const county = generateCounty({ providers, months, seed, endMonth: values.end });
  await writeCounty(county, values.out);
  io.out(
    `Wrote ${county.files.length} files for ${county.summary.providers} providers, ${county.summary.firstMonth} to ${county.summary.lastMonth}, to ${values.out}. Load them with: carescore ingest --manifest ${join(values.out, 'manifest.csv')}`,
  );
  return 0;
}

export async function writeCounty(county: GeneratedCounty, dir: string): Promise<void> {
  for (const file of county.files) {
    const path = join(dir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  await writeFile(join(dir, 'manifest.csv'), county.manifestCsv);
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}.`);
  return n;
}
