// The whole AWS deployment (DESIGN §3): buckets under one customer key, ingest and scoring queues,
// the Glue/Athena catalog with its views, daily alerts, and the provider upload API.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { AlertsStage } from './constructs/alerts-stage.ts';
import { Catalog } from './constructs/catalog.ts';
import { IngestStage } from './constructs/ingest-stage.ts';
import { ProviderUpload } from './constructs/provider-upload.ts';
import { ScoringStage } from './constructs/scoring-stage.ts';
import { SecureBucket } from './constructs/secure-bucket.ts';
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
    this.providerUpload = new ProviderUpload(this, 'ProviderUpload', {
      landingBucket: this.landingBucket,
      lakeBucket: this.lakeBucket,
      encryptionKey,
      uploadMaxMb: settings.uploadMaxMb,
      ...(settings.sesFromEmail && settings.sesRegion
        ? { sesEmail: { fromEmail: settings.sesFromEmail, sesRegion: settings.sesRegion } }
        : {}),
      destroyData,
    });

    this.commissionerQueryPolicy = new iam.ManagedPolicy(this, 'CommissionerQuery', {
      description: 'Attach to commissioners’ roles: query the carescore views in Athena.',
    });
    this.catalog.grantQuery(this.commissionerQueryPolicy);

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
