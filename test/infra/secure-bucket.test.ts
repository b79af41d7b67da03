// SecureBucket on its own: what `destroyData` changes, and the lifecycle it always sets.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { SecureBucket, type SecureBucketProps } from '../../infra/constructs/secure-bucket.ts';

function bucketTemplate(props: (stack: Stack) => SecureBucketProps): Template {
  const stack = new Stack(new App(), 'Test');
  new SecureBucket(stack, 'Data', props(stack));
  return Template.fromStack(stack);
}

describe('SecureBucket', () => {
  it('is retained on cdk destroy unless destroyData is set', () => {
    const kept = bucketTemplate(() => ({}));
    kept.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(Object.keys(kept.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);

    const destroyed = bucketTemplate(() => ({ destroyData: true }));
    destroyed.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    destroyed.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  it('expires old versions when versioned, and always clears abandoned multipart uploads', () => {
    const template = bucketTemplate((stack) => ({
      versioned: true,
      encryptionKey: new kms.Key(stack, 'Key'),
    }));
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            NoncurrentVersionExpiration: { NoncurrentDays: 90 },
            Status: 'Enabled',
          },
        ],
      },
    });
  });

  it('refuses TLS older than 1.2', () => {
    const template = bucketTemplate(() => ({}));
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy!.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
  });
});
