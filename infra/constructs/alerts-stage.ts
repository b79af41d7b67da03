// Every morning the alerts Lambda evaluates the stored results, records new alerts under
// results/alerts (so none is raised twice) and publishes them to a topic commissioners subscribe to.
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alertsMessageGroup } from '../../functions/aws/events/scheduled-alerts-event.ts';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { keys } from '../../functions/lake/keys.ts';
import { lakePrefixes } from '../lake-prefixes.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';

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
  /** Scheduler → this one-group FIFO queue → the alerts Lambda: one run at a time. */
  readonly queue: DeadLetteredQueue;
  private alarm?: cloudwatchActions.SnsAction;

  constructor(scope: Construct, id: string, props: AlertsStageProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'carescore alerts',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alertEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));

    const alertsTimeout = Duration.seconds(functionTimeoutSeconds.alerts);
    // One run at a time: two overlapping runs could each find the same alert new and send it twice.
    // A one-group FIFO queue serialises them without reserved concurrency (which fails to deploy
    // where the account's concurrency quota is 10), and its content-based de-duplication drops a
    // second delivery of the same scheduled run.
    this.queue = new DeadLetteredQueue(this, 'AlertsQueue', {
      encryptionKey: props.encryptionKey,
      fifo: true,
      visibilityTimeout: alertsTimeout.plus(Duration.minutes(2)),
      maxReceiveCount: 3,
      alarmAction: this.alarmAction(),
    });
    this.alertsFunction = new CarescoreFunction(this, 'Alerts', {
      entry: handlerEntry('alerts'),
      description: 'Raises new alerts from the stored results and publishes them to the alerts topic.',
      timeout: alertsTimeout,
      memorySize: 1024,
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

    this.alertsFunction.addEventSource(new SqsEventSource(this.queue.queue, { batchSize: 1 }));

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler put the daily alerts run on its queue',
    });
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: 'Raise alerts each morning, UK time, before the working day starts.',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '7',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new ExactSqsSendMessage(this.queue.queue, props.encryptionKey, {
        messageGroupId: alertsMessageGroup,
        // The scheduled time makes each day's message distinct, and a repeated delivery of the
        // same run identical (so de-duplicated).
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 2,
        role: schedulerRole,
      }),
    });
  }

  /**
   * Sends an alarm to the alerts topic. CloudWatch needs the topic policy and the topic's key to
   * allow it; grantPublish adds both.
   */
  alarmAction(): cloudwatchActions.SnsAction {
    if (this.alarm) return this.alarm;
    this.topic.grantPublish(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.alarm = new cloudwatchActions.SnsAction(this.topic);
    return this.alarm;
  }
}

/**
 * Scheduler's SQS target, granting its role exactly what sending to a queue encrypted with `key`
 * needs (CDK's grant adds Encrypt, ReEncrypt* and GenerateDataKey*, wildcard actions this app
 * refuses).
 */
class ExactSqsSendMessage extends schedulerTargets.SqsSendMessage {
  constructor(
    private readonly targetQueue: sqs.IQueue,
    private readonly key: kms.IKey,
    props: schedulerTargets.SqsSendMessageProps,
  ) {
    super(targetQueue, props);
  }

  protected override addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.targetQueue.queueArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
