// The web app on AWS as synthesized: web/dist behind CloudFront with origin access control (no
// public bucket, no OAI), HTTPS only, the SPA fallback and the strict headers policy; Cognito's
// managed login (domain, code flow only, callback URLs = the CloudFront URL); CORS from that
// origin only, on the API and on the landing bucket; config.json as the front end reads it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { WebApp, WebDistMissingError } from '../../infra/constructs/web-app.ts';
import { resourcesOf, type TemplateResource, useSynthesizedCarescore } from './synthesized-app.ts';

const carescore = useSynthesizedCarescore();

function only(type: string): TemplateResource & { id: string } {
  const found = Object.entries(resourcesOf(carescore().template, type));
  expect(found).toHaveLength(1);
  return { id: found[0]![0], ...found[0]![1] };
}

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  carescore().stack.getLogicalId(construct.node.defaultChild as never);

/** A Fn::Join of literal text and references, written out with ${Ref}/${Id.Attr} placeholders. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(joined).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `\${${ref}}`;
  const att = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (att) return `\${${att[0]}.${att[1]}}`;
  return JSON.stringify(value);
}

describe('the front end behind CloudFront', () => {
  it('serves the private web bucket through origin access control, never OAI or a public bucket', () => {
    const { stack } = carescore();
    const site = logicalId(stack.webApp.bucket);
    const distribution = only('AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.Origins).toHaveLength(1);
    const [origin] = distribution.Origins;
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [site, 'RegionalDomainName'] });
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(resourcesOf(carescore().template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    expect(only('AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const bucket = resourcesOf(carescore().template, 'AWS::S3::Bucket')[site]!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    // The only reader: CloudFront, for this distribution.
    const policy = Object.values(resourcesOf(carescore().template, 'AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === site,
    )!;
    const allows = policy.Properties.PolicyDocument.Statement.filter(
      (s: { Effect: string }) => s.Effect === 'Allow',
    );
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    expect(joined(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
      `:distribution/\${${only('AWS::CloudFront::Distribution').id}}`,
    );
  });

  it('redirects to HTTPS, serves index.html at / and for paths the app routes, and logs access', () => {
    const distribution = only('AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({
        ErrorCode: code,
        ResponseCode: 200,
        ResponsePagePath: '/index.html',
        ErrorCachingMinTTL: 0,
      })),
    );
    expect(distribution.Logging.Bucket).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WebCdnLogs/), 'RegionalDomainName'],
    });
    // CloudFront's standard logs are delivered with an ACL, so that bucket alone lets ACLs apply.
    const logs = resourcesOf(carescore().template, 'AWS::S3::Bucket')[
      distribution.Logging.Bucket['Fn::GetAtt'][0]
    ]!;
    expect(logs.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    expect(
      resourcesOf(carescore().template, 'AWS::S3::Bucket')[logicalId(carescore().stack.webApp.bucket)]!
        .Properties.OwnershipControls.Rules,
    ).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
  });

  it('sends the strict headers: CSP with only the AWS origins the page talks to, HSTS, nosniff, DENY, no referrer', () => {
    const policy = only('AWS::CloudFront::ResponseHeadersPolicy');
    const distribution = only('AWS::CloudFront::Distribution').Properties.DistributionConfig;
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policy.id });
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = joined(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    const region = `\${AWS::Region}`;
    const login = `https://carescore-\${AWS::AccountId}.auth.${region}.amazoncognito.com`;
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self'",
      'font-src': "'self'",
      'connect-src': [
        "'self'",
        `https://*.execute-api.${region}.amazonaws.com`,
        login,
        `https://cognito-idp.${region}.amazonaws.com`,
        `https://*.s3.${region}.amazonaws.com`,
      ].join(' '),
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': `'self' ${login}`,
      'frame-ancestors': "'none'",
    });
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31536000,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('deploys web/dist with config.json naming the API, the managed login and the client', () => {
    const { stack } = carescore();
    const deployment = only('Custom::CDKBucketDeployment').Properties;
    expect(deployment.DestinationBucketName).toEqual({ Ref: logicalId(stack.webApp.bucket) });
    expect(deployment.DistributionId).toEqual({ Ref: only('AWS::CloudFront::Distribution').id });
    expect(deployment.SourceObjectKeys).toHaveLength(2);
    // Source.jsonData's markers: the tokens the deploy writes into config.json.
    const markers = Object.values(deployment.SourceMarkers[1] as Record<string, unknown>).map(joined);
    const { providerUpload } = stack;
    expect(markers).toEqual(
      expect.arrayContaining([
        `\${${logicalId(providerUpload.api)}.ApiEndpoint}`,
        `\${${logicalId(providerUpload.userPool)}}`,
        `\${${logicalId(providerUpload.client)}}`,
        `\${${only('AWS::CloudFront::Distribution').id}.DomainName}`,
      ]),
    );
  });

  it('refuses to synthesize without a built front end, in one sentence', () => {
    const missing = mkdtempSync(join(tmpdir(), 'carescore-no-dist-'));
    try {
      const stack = new Stack(new App(), 'T');
      const accessLogsBucket = new s3.Bucket(stack, 'Logs');
      expect(
        () =>
          new WebApp(stack, 'Web', {
            accessLogsBucket,
            connectSources: [],
            formActions: [],
            distDir: missing,
          }),
      ).toThrow(WebDistMissingError);
      expect(
        () =>
          new WebApp(stack, 'Web2', {
            accessLogsBucket,
            connectSources: [],
            formActions: [],
            distDir: missing,
          }),
      ).toThrow(
        /^The web app is not built \(.*index\.html is missing\): run npm run build, then synth again\.$/,
      );
    } finally {
      rmSync(missing, { recursive: true, force: true });
    }
  });
});

describe('sign-in: Cognito managed login', () => {
  it('has a managed login (version 2) domain with Cognito-provided branding', () => {
    const domain = only('AWS::Cognito::UserPoolDomain').Properties;
    expect(joined(domain.Domain)).toBe(`carescore-\${AWS::AccountId}`);
    expect(domain.ManagedLoginVersion).toBe(2);
    expect(only('AWS::Cognito::ManagedLoginBranding').Properties).toMatchObject({
      UseCognitoProvidedValues: true,
      ClientId: { Ref: logicalId(carescore().stack.providerUpload.client) },
    });
  });

  it('lets the public client use the authorization code flow only, back to the CloudFront URL', () => {
    const client = only('AWS::Cognito::UserPoolClient').Properties;
    const cdnUrl = `https://\${${only('AWS::CloudFront::Distribution').id}.DomainName}/`;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.CallbackURLs.map(joined)).toEqual([cdnUrl]);
    expect(client.LogoutURLs.map(joined)).toEqual([cdnUrl]);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.GenerateSecret).toBe(false);
  });
});

describe('CORS: the CloudFront origin only', () => {
  const cdnOrigin = () => `https://\${${only('AWS::CloudFront::Distribution').id}.DomainName}`;

  it('on the HTTP API (API Gateway answers preflights)', () => {
    const cors = only('AWS::ApiGatewayV2::Api').Properties.CorsConfiguration;
    expect(cors.AllowOrigins.map(joined)).toEqual([cdnOrigin()]);
    expect(cors.AllowHeaders).toEqual(['authorization', 'content-type']);
    expect(cors.AllowMethods).toEqual(['GET', 'POST']);
    expect(cors.AllowCredentials).toBeUndefined();
  });

  it('with a stage throttle that leaves room for pages making several calls at once', () => {
    const stage = only('AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it("on the landing bucket, for the browser's presigned POST", () => {
    const landing = resourcesOf(carescore().template, 'AWS::S3::Bucket')[
      logicalId(carescore().stack.landingBucket)
    ]!;
    const rules = landing.Properties.CorsConfiguration.CorsRules;
    expect(rules).toHaveLength(1);
    expect(rules[0].AllowedMethods).toEqual(['POST']);
    expect(rules[0].AllowedOrigins.map(joined)).toEqual([cdnOrigin()]);
    // No other bucket answers a browser.
    const others = Object.entries(resourcesOf(carescore().template, 'AWS::S3::Bucket')).filter(
      ([id, b]) => id !== logicalId(carescore().stack.landingBucket) && b.Properties.CorsConfiguration,
    );
    expect(others).toEqual([]);
  });
});
