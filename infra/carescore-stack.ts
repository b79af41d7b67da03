// The whole AWS deployment (DESIGN §3): buckets under one customer key, ingest and scoring queues,
// the Glue/Athena catalog with its views, daily alerts, and the provider upload API.
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { AlertsStage } from './constructs/alerts-stage.ts';
import { Catalog } from './constructs/catalog.ts';
import { IngestStage } from './constructs/ingest-stage.ts';
import { ProviderUpload } from './constructs/provider-upload.ts';
import { ScoringStage } from './constructs/scoring-stage.ts';
import { SecureBucket } from './constructs/secure-bucket.ts';
import { WebApi } from './constructs/web-api.ts';
import { WebApp } from './constructs/web-app.ts';
import type { CarescoreSettings } from './settings.ts';

export interface CarescoreStackProps extends StackProps {
  readonly settings: CarescoreSettings;
}

export class CarescoreStack extends Stack {
  readonly encryptionKey: kms.Key;
  readonly landingBucket: SecureBucket;
  readonly lakeBucket: SecureBucket;
  readonly queryResultsBucket: SecureBucket;
  readonly accessLogsBucket: SecureBucket;
  readonly ingest: IngestStage;
  readonly scoring: ScoringStage;
  readonly catalog: Catalog;
  readonly alerts: AlertsStage;
  readonly providerUpload: ProviderUpload;
  readonly webApp: WebApp;
  readonly webApi: WebApi;
  readonly commissionerQueryPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CarescoreStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { destroyData } = settings;

    this.encryptionKey = new kms.Key(this, 'DataKey', {
      description: 'carescore: encrypts the buckets, queues and alerts topic',
      enableKeyRotation: true,
      removalPolicy: destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const encryptionKey = this.encryptionKey;

    this.accessLogsBucket = new SecureBucket(this, 'AccessLogs', { expireAfterDays: 365, destroyData });
    const serverAccessLogsBucket = this.accessLogsBucket;
    this.landingBucket = new SecureBucket(this, 'Landing', {
      encryptionKey,
      versioned: true,
      serverAccessLogsBucket,
      eventBridgeEnabled: true,
      destroyData,
    });
    this.lakeBucket = new SecureBucket(this, 'Lake', {
      encryptionKey,
      versioned: true,
      serverAccessLogsBucket,
      destroyData,
    });
    this.queryResultsBucket = new SecureBucket(this, 'QueryResults', {
      encryptionKey,
      serverAccessLogsBucket,
      // Query results are a cache of the lake: a month is plenty to download one.
      expireAfterDays: 30,
      destroyData,
    });

    this.alerts = new AlertsStage(this, 'Alerts', {
      lakeBucket: this.lakeBucket,
      encryptionKey,
      ...(settings.alertEmail ? { alertEmail: settings.alertEmail } : {}),
      destroyData,
    });
    // Dead letters mean an upload or a scoring run failed three times: commissioners hear of it
    // on the same topic as provider alerts.
    const alarmAction = this.alerts.alarmAction();
    this.scoring = new ScoringStage(this, 'Scoring', {
      lakeBucket: this.lakeBucket,
      encryptionKey,
      alarmAction,
      destroyData,
    });
    this.ingest = new IngestStage(this, 'Ingest', {
      landingBucket: this.landingBucket,
      lakeBucket: this.lakeBucket,
      encryptionKey,
      scoreQueue: this.scoring.queue.queue,
      alarmAction,
      destroyData,
    });
    this.catalog = new Catalog(this, 'Catalog', {
      databaseName: settings.glueDatabase,
      lakeBucket: this.lakeBucket,
      queryResultsBucket: this.queryResultsBucket,
      encryptionKey,
      bytesScannedCutoffMb: settings.bytesScannedCutoffMb,
      destroyData,
    });
    // The web app. Its headers policy cannot name the API's or the landing bucket's exact host:
    // both allow CORS from the distribution, which would then depend on them and they on it (a
    // cycle CloudFormation refuses), so their region's hosts are named instead.
    const region = Stack.of(this).region;
    const authDomainPrefix = settings.authDomainPrefix ?? `carescore-${Aws.ACCOUNT_ID}`;
    const loginDomain = `https://${authDomainPrefix}.auth.${region}.amazoncognito.com`;
    const identityProvider = `https://cognito-idp.${region}.amazonaws.com`;
    this.webApp = new WebApp(this, 'Web', {
      accessLogsBucket: this.accessLogsBucket,
      connectSources: [
        `https://*.execute-api.${region}.amazonaws.com`,
        loginDomain,
        identityProvider,
        `https://*.s3.${region}.amazonaws.com`,
      ],
      formActions: [loginDomain],
      destroyData,
    });
    // The browser's presigned POST goes straight to the landing bucket, from the app's origin only.
    this.landingBucket.addCorsRule({
      allowedMethods: [s3.HttpMethods.POST],
      allowedOrigins: [this.webApp.origin],
      maxAge: Duration.hours(1).toSeconds(),
    });

    this.providerUpload = new ProviderUpload(this, 'ProviderUpload', {
      landingBucket: this.landingBucket,
      lakeBucket: this.lakeBucket,
      encryptionKey,
      uploadMaxMb: settings.uploadMaxMb,
      ...(settings.sesFromEmail && settings.sesRegion
        ? { sesEmail: { fromEmail: settings.sesFromEmail, sesRegion: settings.sesRegion } }
        : {}),
      destroyData,
      web: {
        origin: this.webApp.origin,
        callbackUrls: [this.webApp.url, ...(settings.extraCallbackUrl ? [settings.extraCallbackUrl] : [])],
        authDomainPrefix,
      },
    });
    this.webApi = new WebApi(this, 'WebApi', {
      api: this.providerUpload.api,
      authorizer: this.providerUpload.authorizer,
      lakeBucket: this.lakeBucket,
      encryptionKey,
      catalog: this.catalog,
      destroyData,
    });
    // What the front end reads at start (/config.json) to find the API and the sign-in.
    this.webApp.publish({
      mode: 'aws',
      apiUrl: `${this.providerUpload.api.apiEndpoint}/`,
      auth: {
        authority: `${identityProvider}/${this.providerUpload.userPool.userPoolId}`,
        domain: this.providerUpload.loginDomainUrl,
        clientId: this.providerUpload.client.userPoolClientId,
        redirectUri: this.webApp.url,
        logoutUri: this.webApp.url,
        scopes: ['openid', 'email', 'profile'],
      },
    });

    this.commissionerQueryPolicy = new iam.ManagedPolicy(this, 'CommissionerQuery', {
      description: 'Attach to commissioners’ roles: query the carescore views in Athena.',
    });
    this.catalog.grantQuery(this.commissionerQueryPolicy);

    new CfnOutput(this, 'WebAppUrl', { value: this.webApp.url });
    new CfnOutput(this, 'UploadApiUrl', { value: this.providerUpload.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.providerUpload.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.providerUpload.client.userPoolClientId });
    new CfnOutput(this, 'AthenaWorkGroup', { value: this.catalog.workGroup.ref });
    new CfnOutput(this, 'GlueDatabase', { value: this.catalog.databaseName });
    new CfnOutput(this, 'CommissionerQueryPolicyArn', {
      value: this.commissionerQueryPolicy.managedPolicyArn,
    });
    new CfnOutput(this, 'AlertTopicArn', { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'LandingBucketName', { value: this.landingBucket.bucketName });
    new CfnOutput(this, 'LakeBucketName', { value: this.lakeBucket.bucketName });
  }
}
