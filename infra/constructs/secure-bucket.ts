// A bucket with the settings DESIGN §3 asks of every carescore bucket, so none can be forgotten:
// no public access, TLS 1.2+ only, encrypted, ACLs off, and kept on `cdk destroy` unless the
// deployment says its data may go.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /**
   * The customer key for SSE-KMS.
   * @default S3-managed keys: S3 cannot deliver server access logs into an SSE-KMS bucket, so the
   * access-log bucket alone goes without the customer key.
   */
  readonly encryptionKey?: kms.IKey;
  /** Keep every version of every object. @default false */
  readonly versioned?: boolean;
  /** Where S3 writes this bucket's server access logs. @default none (only for the log bucket itself) */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /** Delete current objects this many days after they are written. @default never */
  readonly expireAfterDays?: number;
  /** Send every object event to EventBridge. @default false */
  readonly eventBridgeEnabled?: boolean;
  /** `cdk destroy` empties and deletes the bucket. @default false (the bucket is retained) */
  readonly destroyData?: boolean;
  /**
   * Lets the bucket owner's ACLs apply: only for CloudFront's standard logs, which are delivered
   * with an ACL. @default ACLs off (bucket owner enforced)
   */
  readonly aclsForCloudFrontLogs?: boolean;
}

// Old versions of rewritten objects (curated tables, results partitions) are kept this long.
const noncurrentVersionDays = 90;

export class SecureBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: props.aclsForCloudFrontLogs
        ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
        : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(props.encryptionKey
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      versioned: props.versioned ?? false,
      ...(props.serverAccessLogsBucket
        ? { serverAccessLogsBucket: props.serverAccessLogsBucket, serverAccessLogsPrefix: `${id}/` }
        : {}),
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          ...(props.expireAfterDays ? { expiration: Duration.days(props.expireAfterDays) } : {}),
          ...(props.versioned ? { noncurrentVersionExpiration: Duration.days(noncurrentVersionDays) } : {}),
        },
      ],
      removalPolicy: props.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      autoDeleteObjects: props.destroyData ?? false,
    });
    if (props.eventBridgeEnabled) {
      // The native CloudFormation property, not the L2 `eventBridgeEnabled` flag: that one deploys a
      // Python custom resource to set the same thing.
      const cfnBucket = this.node.defaultChild as s3.CfnBucket;
      cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    }
  }
}
