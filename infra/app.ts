// `npx cdk synth` / `npx cdk deploy` entry point (cdk.json "app").
import { createCarescoreApp } from './carescore-app.ts';

createCarescoreApp().app.synth();
