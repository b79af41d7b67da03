// `npx cdk synth` / `npx cdk deploy` entry point (cdk.json "app").
import { createCarescoreApp } from './carescore-app.ts';
import { WebDistMissingError } from './constructs/web-app.ts';
import { InvalidSettingError } from './settings.ts';

try {
  createCarescoreApp().app.synth();
} catch (error) {
  // What the person running cdk can fix says so in one sentence; anything else keeps its stack.
  if (!(error instanceof WebDistMissingError || error instanceof InvalidSettingError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
