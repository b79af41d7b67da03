// The cdk-nag check itself: a stack with a non-compliant resource must fail synthesis and leave the
// finding in the report the carescore tests read, for errors and warnings alike. Without this, an
// empty report could just mean the rules never ran.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, describe, expect, it } from 'vitest';
import { acknowledgeWildcardResource, wildcardResourceFinding } from '../../infra/nag-findings.ts';
import { validationFindings } from './synthesized-app.ts';

const outdirs: string[] = [];
afterEach(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function checkedStack(): { app: App; stack: Stack; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'carescore-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Checked');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, outdir };
}

const strongPasswords = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
};

describe('the cdk-nag AwsSolutions check', () => {
  it('fails synthesis on a bare bucket and reports each error', () => {
    const { app, stack, outdir } = checkedStack();
    new s3.Bucket(stack, 'Bare');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    const rules = validationFindings(outdir).map((f) => f.rule);
    expect(rules).toContain('AwsSolutions-S1'); // no server access logs
    expect(rules).toContain('AwsSolutions-S10'); // TLS not enforced
  });

  it('fails synthesis on a warning too (a user pool without MFA)', () => {
    const { app, stack, outdir } = checkedStack();
    new cognito.UserPool(stack, 'Pool', {
      passwordPolicy: strongPasswords,
      featurePlan: cognito.FeaturePlan.PLUS,
    });
    expect(() => app.synth()).toThrow(/AwsSolutions-COG2/);
    expect(validationFindings(outdir)).toEqual([
      expect.objectContaining({
        rule: 'AwsSolutions-COG2',
        severity: 'warning',
        paths: ['Checked/Pool/Resource'],
      }),
    ]);
  });

  it('passes once the finding is acknowledged, and the report is then empty', () => {
    const { app, stack, outdir } = checkedStack();
    const pool = new cognito.UserPool(stack, 'Pool', {
      passwordPolicy: strongPasswords,
      featurePlan: cognito.FeaturePlan.PLUS,
    });
    Validations.of(pool).acknowledge({ id: 'AwsSolutions-COG2', reason: 'Test pool without users.' });
    app.synth();
    expect(validationFindings(outdir)).toEqual([]);
  });

  it('names wildcard findings the way cdk-nag does, so acknowledgements match', () => {
    const { stack } = checkedStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const logicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(wildcardResourceFinding(stack, bucket.arnForObjects('raw/*'))).toBe(
      `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/raw/*]`,
    );
    expect(() => acknowledgeWildcardResource(stack, bucket.arnForObjects('raw/*'), 'why')).not.toThrow();
  });
});
