// The web app's front end on AWS: web/dist (the same build `carescore serve` serves) in a private
// bucket that only CloudFront reads (origin access control), HTTPS only, with the security headers
// the local server sends; and config.json beside it, which tells the front end where the API and
// the sign-in are (the contract in the README's "Deploy to AWS").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag-findings.ts';
import { SecureBucket } from './secure-bucket.ts';

/** The front end's build, made by `npm run build` (which `npm ci` runs). */
const webDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export class WebDistMissingError extends Error {
  override name = 'WebDistMissingError';
  constructor(dir: string) {
    super(
      `The web app is not built (${join(dir, 'index.html')} is missing): run npm run build, then synth again.`,
    );
  }
}

export interface WebAppProps {
  readonly accessLogsBucket: s3.IBucket;
  /** Origins the page may fetch from besides its own (the API, sign-in, the landing bucket). */
  readonly connectSources: readonly string[];
  /** Origins the page may send a form to besides its own (the managed login). */
  readonly formActions: readonly string[];
  /** @default web/dist */
  readonly distDir?: string;
  readonly destroyData?: boolean;
}

/** The strict policy of functions/api/security.ts, with the AWS origins the page talks to. */
function contentSecurityPolicy(connect: readonly string[], formAction: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    ['connect-src', "'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    ['form-action', "'self'", ...formAction].join(' '),
    "frame-ancestors 'none'",
  ].join('; ');
}

export class WebApp extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: cloudfront.Distribution;
  /** https://<distribution domain>/ */
  readonly url: string;
  /** https://<distribution domain> (no slash), for CORS. */
  readonly origin: string;
  private readonly distDir: string;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    this.distDir = props.distDir ?? webDistDir;
    if (!existsSync(join(this.distDir, 'index.html'))) throw new WebDistMissingError(this.distDir);
    const destroyData = props.destroyData ?? false;

    this.bucket = new SecureBucket(this, 'Site', {
      serverAccessLogsBucket: props.accessLogsBucket,
      destroyData,
    });
    // CloudFront's standard logs arrive with an ACL, which the other buckets do not allow.
    const logs = new SecureBucket(this, 'CdnLogs', {
      serverAccessLogsBucket: props.accessLogsBucket,
      expireAfterDays: 365,
      aclsForCloudFrontLogs: true,
      destroyData,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'carescore: the strict headers the local server sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectSources, props.formActions),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Cross-Origin-Resource-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'carescore web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // The page routes in the browser: a path S3 does not have (403 without ListBucket) is the app.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America and Europe: a council's users are in the UK.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
    this.origin = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: providers and commissioners sign in from wherever they work; every API call needs a Cognito sign-in with MFA.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL: the distribution serves static files only; the API is behind API Gateway throttling and a Cognito JWT authorizer. A council can attach its own web ACL.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate is used (no custom domain to hold a certificate), and CloudFront then allows TLSv1 for viewers; a council adding its own domain sets TLSv1.2_2021 with it.',
      },
    );
  }

  /**
   * Deploys the front end and its config.json (the values are tokens, resolved at deploy), and
   * clears CloudFront's cache of them after each deploy.
   */
  publish(config: Record<string, unknown>): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, 'Publish', {
      sources: [s3deploy.Source.asset(this.distDir), s3deploy.Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    acknowledgeDeploymentFunction(deployment, this.bucket);
    return deployment;
  }

  /** The region's host for a service, e.g. https://cognito-idp.<region>.amazonaws.com */
  static regionalHost(scope: Construct, service: string): string {
    return `https://${service}.${Stack.of(scope).region}.amazonaws.com`;
  }
}

/**
 * The findings on CDK's own BucketDeployment function (one per stack, shared by its deployments),
 * each with why it stands: it runs only during a deploy, and its code and role are CDK's.
 */
function acknowledgeDeploymentFunction(deployment: s3deploy.BucketDeployment, bucket: s3.IBucket): void {
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error("CDK's BucketDeployment function was not found in the stack.");
  const wildcardActions = ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'];
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-L1',
      reason:
        "CDK's BucketDeployment function runs on the Python runtime its aws-cdk-lib version pins; it runs only while a deploy copies the front end. It moves with aws-cdk-lib upgrades.",
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's BucketDeployment function role: the managed policy lets it write its own logs; it cannot be replaced without replacing CDK's construct.",
    },
    ...wildcardActions.map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `CDK's BucketDeployment grants ${action} to copy the front-end asset from the CDK assets bucket into the web bucket and prune old files; only those two buckets are its resources.`,
    })),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "CDK's BucketDeployment invalidates the CloudFront cache after a deploy (cloudfront:CreateInvalidation, GetInvalidation), which IAM grants on * only when the distribution's ARN is not given to the construct.",
    },
  );
  acknowledgeWildcardResource(
    handler,
    bucket.arnForObjects('*'),
    "CDK's BucketDeployment writes and prunes the front end's files in the web bucket, under any key the build makes.",
  );
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    reason:
      "CDK's BucketDeployment reads the front end's asset zip from the CDK bootstrap assets bucket, whose keys are asset hashes.",
  });
}
