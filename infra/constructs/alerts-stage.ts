// Every morning the alerts Lambda evaluates the stored results, records new alerts under
// results/alerts (so none is raised twice) and publishes them to a topic commissioners subscribe to.
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { keys } from '../../functions/lake/keys.ts';
import { lakePrefixes } from '../lake-prefixes.ts';
import { acknowledgeWildcardResource } from '../nag-findings.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';

export interface AlertsStageProps {
  readonly lakeBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** Subscribed to the topic by e-mail. @default none */
  readonly alertEmail?: string;
  /** @default false */
  readonly destroyData?: boolean;
}

export class AlertsStage extends Construct {
  readonly topic: sns.Topic;
  readonly alertsFunction: CarescoreFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: AlertsStageProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'carescore alerts',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alertEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    this.alertsFunction = new CarescoreFunction(this, 'Alerts', {
      entry: handlerEntry('alerts'),
      description: 'Raises new alerts from the stored results and publishes them to the alerts topic.',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      // One run at a time: two overlapping runs could each find the same alert new and send it twice.
      reservedConcurrentExecutions: 1,
      environment: {
        [lambdaEnvironment.lakeBucket]: props.lakeBucket.bucketName,
        [lambdaEnvironment.alertTopicArn]: this.topic.topicArn,
      },
      destroyData: props.destroyData ?? false,
    });
    const role = this.alertsFunction.executionRole;
    grantObjectAccess(
      role,
      { bucket: props.lakeBucket, key: props.encryptionKey, label: 'lake' },
      {
        read: [lakePrefixes.results, lakePrefixes.curated, lakePrefixes.ledger, lakePrefixes.settings],
        // Only its own table: the alert keys already raised.
        write: [keys.resultsPrefix('alerts')],
        list: true,
      },
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
      }),
    );

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the alerts Lambda',
    });
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Raise alerts each morning, UK time, before the working day starts.',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '7',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new schedulerTargets.LambdaInvoke(this.alertsFunction, {
        retryAttempts: 2,
        role: schedulerRole,
      }),
    });
    acknowledgeWildcardResource(
      schedulerRole,
      `${this.alertsFunction.functionArn}:*`,
      'The schedule may invoke any version of the alerts function; CDK grants the function ARN and its version ARNs together.',
    );
  }

  /**
   * Sends an alarm to the alerts topic. CloudWatch needs the topic policy and the topic's key to
   * allow it; grantPublish adds both.
   */
  alarmAction(): cloudwatchActions.SnsAction {
    this.topic.grantPublish(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return new cloudwatchActions.SnsAction(this.topic);
  }
}
