import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { createCarescoreApp } from '../infra/carescore-app.ts';

const { app, stack } = createCarescoreApp({ outdir: mkdtempSync(join(tmpdir(), 'cdk-dump-')) });
app.synth();
writeFileSync('/tmp/aws-ops/template.json', JSON.stringify(Template.fromStack(stack).toJSON(), null, 1));
