// Lambda bundles: each function's asset as the stack builds it (same CarescoreFunction, same
// bundling options), its zipped size as the CDK CLI would upload it, and the time a fresh Node
// process takes to import its index.mjs (a cold start's init, less the runtime's own boot).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { lambdaEnvironment } from '../functions/aws/lambda-environment.ts';
import { bundleLambda } from '../infra/bundling/lambda-bundling.ts';
import { createCarescoreApp } from '../infra/carescore-app.ts';
import { CarescoreFunction } from '../infra/constructs/carescore-function.ts';
import { median, table } from './measure.ts';

const importRuns = 9;
const MB = 1024 * 1024;

// Stand-ins for the deployed values: handlers read them per invocation, but a module may check them.
const placeholderEnvironment: Record<keyof typeof lambdaEnvironment, string> = {
  lakeBucket: 'bench-lake',
  landingBucket: 'bench-landing',
  scoreQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/bench-score.fifo',
  ingestQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/bench-ingest.fifo',
  deadLetterQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/123456789012/bench-dead-letters.fifo',
  alertTopicArn: 'arn:aws:sns:eu-west-2:123456789012:bench-alerts',
  athenaWorkGroup: 'bench-workgroup',
  glueDatabase: 'carescore',
  uploadMaxBytes: String(100 * MB),
};

export async function benchLambdas(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'carescore-bench-lambdas-'));
  try {
    const { app, stack } = createCarescoreApp({ outdir });
    const bundles: { name: string; dir: string }[] = [];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_REGION: 'eu-west-2',
      ...Object.fromEntries(
        Object.entries(lambdaEnvironment).map(([key, name]) => [
          name,
          placeholderEnvironment[key as keyof typeof lambdaEnvironment],
        ]),
      ),
    };
    for (const fn of stack.node.findAll().filter((c) => c instanceof CarescoreFunction)) {
      const asset = fn.node.findChild('Code') as Asset;
      const dir = join(app.outdir, asset.assetPath);
      bundles.push({ name: fn.node.path, dir });
    }
    // Baselines, measured the same way in the same run: an empty module (the loader alone, and how
    // loaded the machine is), a bundle holding only the S3 client, which every data Lambda needs,
    // and one holding the S3 client and the Parquet codec, which the ingest, score and alerts
    // Lambdas need: the floor under those three.
    const empty = join(outdir, 'baseline-empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'index.mjs'), 'export const handler = async () => {};\n');
    bundles.push({ name: 'baseline: empty module', dir: empty });
    for (const [name, fixture] of [
      ['baseline: S3 client only', 's3-client-handler.ts'],
      ['baseline: S3 client + Parquet codec', 's3-parquet-handler.ts'],
    ] as const) {
      const dir = join(outdir, fixture.replace('.ts', ''));
      bundleLambda(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), dir);
      bundles.push({ name, dir });
    }
    const importTimes = measureImports(
      bundles.map((b) => join(b.dir, 'index.mjs')),
      env,
    );
    const rows = bundles.map(({ name, dir }, k) => {
      const files = filesIn(dir);
      return [name, zippedBytes(dir, files) / MB, files.length, median(importTimes[k]!)];
    });
    return [
      'Lambda bundles: zipped asset (deflate, as the CDK CLI zips it) and cold import of index.mjs in a fresh Node process',
      `(median of ${importRuns}, the bundles taken in turn so that a busy moment falls on all of them; Node ${process.versions.node} here, 22 in Lambda)`,
      table(['function', 'zipped MB', 'files', 'import ms'], rows),
      'Targets: under 2 MB zipped and under 200 ms to import.',
    ].join('\n');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Import times of each entry, in rounds: one import of every entry per round. */
function measureImports(entries: string[], env: NodeJS.ProcessEnv): number[][] {
  const times = entries.map((): number[] => []);
  for (let round = 0; round < importRuns; round++) {
    entries.forEach((entry, k) => {
      times[k]!.push(importMilliseconds(entry, env));
    });
  }
  return times;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** The size of a zip of these files: each entry's deflated data plus its local and central headers. */
function zippedBytes(dir: string, files: string[]): number {
  const endOfCentralDirectory = 22;
  return files.reduce((total, path) => {
    const name = Buffer.byteLength(relative(dir, path));
    return total + 30 + name + deflateRawSync(readFileSync(path)).length + 46 + name;
  }, endOfCentralDirectory);
}

function importMilliseconds(entry: string, env: NodeJS.ProcessEnv): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(entry).href)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  if (child.status !== 0)
    throw new Error(`importing ${entry} failed: ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return Number(child.stdout);
}
