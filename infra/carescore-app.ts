// Builds the carescore CDK app: the one stack, checked by cdk-nag's AWS Solutions rules at synth.
// The CLI (infra/app.ts), the tests and the bundle benchmark all build it here, so they agree.
import { readFileSync } from 'node:fs';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CarescoreStack } from './carescore-stack.ts';
import { settingsFrom } from './settings.ts';

const cdkJson = new URL('../cdk.json', import.meta.url);

export interface CarescoreAppOptions {
  /** Context on top of cdk.json's, as `-c name=value` would give. @default none */
  readonly context?: Record<string, unknown>;
  /** Where the cloud assembly is written. @default the CLI's choice, or a temporary directory */
  readonly outdir?: string;
}

export function createCarescoreApp(options: CarescoreAppOptions = {}): { app: App; stack: CarescoreStack } {
  // The CLI passes cdk.json's context itself; tests and benchmarks build the app in-process, so
  // it is read here too (the CLI's values, `-c` included, take precedence over these).
  const fileContext = (JSON.parse(readFileSync(cdkJson, 'utf8')) as { context: Record<string, unknown> })
    .context;
  const props: AppProps = {
    context: { ...fileContext, ...options.context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  };
  const app = new App(props);
  const stack = new CarescoreStack(app, 'Carescore', {
    description: 'carescore: home-care scorecards for commissioners (ingest, score, views, alerts, uploads)',
    settings: settingsFrom(app.node),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
