// Synthesizes the carescore app once per test file (bundling takes seconds) into a temporary
// cloud assembly, and reads what synthesis reported.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll } from 'vitest';
import { createCarescoreApp } from '../../infra/carescore-app.ts';
import type { CarescoreStack } from '../../infra/carescore-stack.ts';

export interface SynthesizedApp {
  app: App;
  stack: CarescoreStack;
  template: Template;
  /** The cloud assembly directory. */
  outdir: string;
  /** Deletes the assembly. */
  remove(): void;
}

function synthesizeCarescore(context: Record<string, unknown> = {}): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'carescore-cdk-'));
  const { app, stack } = createCarescoreApp({ outdir, context });
  app.synth();
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    outdir,
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/**
 * Synthesizes the app once for the calling test file (in beforeAll) and removes the assembly after
 * it; call the returned function inside tests or hooks.
 */
export function useSynthesizedCarescore(): () => SynthesizedApp {
  let synthesized: SynthesizedApp | undefined;
  beforeAll(() => {
    synthesized = synthesizeCarescore();
  }, 300_000);
  afterAll(() => synthesized?.remove());
  return () => {
    if (!synthesized) throw new Error('The app is synthesized in beforeAll: use it inside a test.');
    return synthesized;
  };
}

/** A resource of the synthesized template, as JSON. */
export interface TemplateResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template JSON; the assertions on it are the type check.
  Properties: Record<string, any>;
  DeletionPolicy?: string;
  DependsOn?: string[];
}

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, TemplateResource> {
  return template.findResources(type) as Record<string, TemplateResource>;
}

export interface ValidationFinding {
  plugin: string;
  rule: string;
  severity: string;
  paths: string[];
}

/** Every finding left in the assembly's validation report (acknowledged ones are not in it). */
export function validationFindings(outdir: string): ValidationFinding[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((v) => ({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      severity: v.severity,
      paths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
}
