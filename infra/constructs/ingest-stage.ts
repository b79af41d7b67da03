// Uploads to the landing bucket become ingest work: S3 "Object Created" events go through
// EventBridge to a queue, and the ingest Lambda validates each file into the lake and tells the
// score queue which months it touched.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { arrivalGroup } from '../../functions/aws/events/ingest-groups.ts';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { lakePrefixes, landingPrefix } from '../lake-prefixes.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';
import { EncryptedSqsTarget } from './sqs-rule-target.ts';

export interface IngestStageProps {
  /** Must send its object events to EventBridge. */
  readonly landingBucket: s3.IBucket;
  readonly lakeBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** The queue the ingest Lambda tells which months it touched. */
  readonly scoreQueue: sqs.IQueue;
  /** Where the dead-letter alarm goes. @default none */
  readonly alarmAction?: cloudwatch.IAlarmAction;
  /** @default false */
  readonly destroyData?: boolean;
}

const ingestTimeout = Duration.seconds(functionTimeoutSeconds.ingest);

export class IngestStage extends Construct {
  readonly queue: DeadLetteredQueue;
  readonly ingestFunction: CarescoreFunction;
  readonly landingRule: events.Rule;
  /** The rule's ARN, from its fixed name: what the queue and key policies let EventBridge act for. */
  readonly landingRuleArn: string;
  /** Landing events EventBridge could not deliver to the ingest queue after a day of retries. */
  readonly undeliveredEvents: sqs.Queue;
  readonly undeliveredAlarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: IngestStageProps) {
    super(scope, id);
    this.queue = new DeadLetteredQueue(this, 'IngestQueue', {
      encryptionKey: props.encryptionKey,
      // Hidden only as long as the function can run (plus 2 minutes): a transient failure holds its
      // message group 12 minutes per retry, and after 3 receives goes to the DLQ. (AWS's 6 × advice
      // covers throttled standard-queue pollers; ingest has no reserved concurrency to throttle it.)
      visibilityTimeout: ingestTimeout.plus(Duration.minutes(2)),
      maxReceiveCount: 3,
      // FIFO: every event arrives in one group, in order; the Lambda ingests council feeds there
      // (so a register is in before any return that arrived after it) and forwards each provider's
      // files to that provider's own group, so one provider's failing file holds back only its own
      // later files (functions/aws/events/ingest-groups.ts). Files of different providers are
      // ingested concurrently: each submission is stored by itself and tables are rebuilt from
      // committed ones. A record that can never succeed goes to the DLQ at once, not after retries.
      fifo: true,
      ...(props.alarmAction ? { alarmAction: props.alarmAction } : {}),
    });
    this.undeliveredEvents = new sqs.Queue(this, 'UndeliveredEvents', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.undeliveredEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is a dead-letter queue: the landing rule’s target DLQ, where EventBridge puts events it could not deliver (cdk-nag only recognises queues named in another queue’s redrive policy).',
    });
    const stack = Stack.of(this);
    const ruleName = `${stack.stackName}-landing-object-created`;
    this.landingRuleArn = stack.formatArn({ service: 'events', resource: 'rule', resourceName: ruleName });
    this.landingRule = new events.Rule(this, 'LandingObjectCreated', {
      ruleName,
      description: 'Files uploaded under landing/ go to the ingest queue.',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.landingBucket.bucketName] },
          object: { key: events.Match.prefix(landingPrefix) },
        },
      },
      targets: [
        new EncryptedSqsTarget(this.queue.queue, {
          encryptionKey: props.encryptionKey,
          deadLetterQueue: this.undeliveredEvents,
          ruleArn: this.landingRuleArn,
          messageGroupId: arrivalGroup,
        }),
      ],
    });
    // No upload lost in silence: a failed delivery (a key or queue policy that refuses EventBridge,
    // say) alarms at once, and an event that ends in the dead-letter queue alarms too.
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const failedInvocations = new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensionsMap: { RuleName: this.landingRule.ruleName },
      ...fiveMinutes,
    });
    this.undeliveredAlarms = [
      new cloudwatch.Alarm(this, 'LandingDeliveryFailedAlarm', {
        alarmDescription: 'EventBridge failed to deliver a landing upload event to the ingest queue.',
        metric: failedInvocations,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'UndeliveredEventsAlarm', {
        alarmDescription:
          'Landing upload events EventBridge could not deliver wait in the undelivered-events queue: re-send them to the ingest queue.',
        metric: this.undeliveredEvents.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    if (props.alarmAction)
      for (const alarm of this.undeliveredAlarms) alarm.addAlarmAction(props.alarmAction);

    this.ingestFunction = new CarescoreFunction(this, 'Ingest', {
      entry: handlerEntry('ingest'),
      description: 'Validates and normalises each uploaded file into the lake (idempotent by SHA-256).',
      timeout: ingestTimeout,
      memorySize: 2048,
      environment: {
        [lambdaEnvironment.lakeBucket]: props.lakeBucket.bucketName,
        [lambdaEnvironment.scoreQueueUrl]: props.scoreQueue.queueUrl,
        [lambdaEnvironment.ingestQueueUrl]: this.queue.queue.queueUrl,
        [lambdaEnvironment.deadLetterQueueUrl]: this.queue.deadLetterQueue.queueUrl,
      },
      destroyData: props.destroyData ?? false,
    });
    const role = this.ingestFunction.executionRole;
    grantObjectAccess(
      role,
      { bucket: props.landingBucket, key: props.encryptionKey, label: 'landing' },
      // The handler reads the exact version the event names, so a re-upload cannot swap the bytes.
      { read: [landingPrefix], readVersions: [landingPrefix] },
    );
    const { raw, ledger, quarantine, reports, curated, settings } = lakePrefixes;
    grantObjectAccess(
      role,
      { bucket: props.lakeBucket, key: props.encryptionKey, label: 'lake' },
      {
        // The ledger says whether these bytes came before; curated/ and reports/ are merged into;
        // settings/ holds the council's go-live month, before which returns are rejected.
        read: [ledger, reports, curated, settings],
        write: [raw, ledger, quarantine, reports, curated],
        // Superseded curated files are removed when a table is rebuilt; a retry of an interrupted
        // ingest removes the quarantine file the earlier attempt left, if the retry rejects no rows.
        delete: [curated, quarantine],
        list: true,
      },
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        // Score requests; provider files forwarded to their own group; permanent failures.
        resources: [
          props.scoreQueue.queueArn,
          this.queue.queue.queueArn,
          this.queue.deadLetterQueue.queueArn,
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
      }),
    );
    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue.queue, {
        // One upload per invocation: a file can take minutes and most of the memory.
        batchSize: 1,
        reportBatchItemFailures: true,
      }),
    );
  }
}
