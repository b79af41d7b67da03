// Cognito's e-mail: its own sender (about 50 a day) by default, SES from a verified address when the
// sesFromEmail and sesRegion context values are given.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ProviderUpload, type ProviderUploadProps } from '../../infra/constructs/provider-upload.ts';

function userPoolEmail(extra: Partial<ProviderUploadProps>): unknown {
  const stack = new Stack(new App(), 'T');
  const encryptionKey = new kms.Key(stack, 'Key');
  new ProviderUpload(stack, 'Upload', {
    landingBucket: new s3.Bucket(stack, 'Landing'),
    lakeBucket: new s3.Bucket(stack, 'Lake'),
    encryptionKey,
    uploadMaxMb: 10,
    web: { origin: 'https://app.example', callbackUrls: ['https://app.example/'], authDomainPrefix: 'test' },
    ...extra,
  });
  const [pool] = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'));
  return (pool as { Properties: { EmailConfiguration?: unknown } }).Properties.EmailConfiguration;
}

describe('Cognito e-mail', () => {
  it('goes through SES from the verified address when one is given', () => {
    const email = userPoolEmail({
      sesEmail: { fromEmail: 'no-reply@council.example', sesRegion: 'eu-west-2' },
    });
    expect(email).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'carescore <no-reply@council.example>',
      SourceArn: {
        'Fn::Join': ['', expect.arrayContaining([':ses:eu-west-2:', ':identity/no-reply@council.example'])],
      },
    });
  });

  it("uses Cognito's own sender otherwise", () => {
    expect(userPoolEmail({})).toBeUndefined();
  });
});
