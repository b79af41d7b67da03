// A work queue that never loses a message silently: what fails maxReceiveCount times moves to a
// dead-letter queue, and an alarm goes off as soon as that queue holds anything.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetteredQueueProps {
  /** The customer key both queues are encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** How long a received message stays hidden; at least 6 × the consumer's timeout (AWS's advice for Lambda). */
  readonly visibilityTimeout: Duration;
  /** Receives before a message is dead-lettered. */
  readonly maxReceiveCount: number;
  /**
   * A FIFO queue (and FIFO dead-letter queue) de-duplicating by content: with one message group,
   * its consumer handles one message at a time, in order. @default false
   */
  readonly fifo?: boolean;
  /** Where the alarm is sent. @default none (the alarm is visible in CloudWatch only) */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

export class DeadLetteredQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetteredQueueProps) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey };
    const ordering = props.fifo ? { fifo: true, contentBasedDeduplication: true } : {};
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      ...encryption,
      ...ordering,
      enforceSSL: true,
      // The longest SQS allows: time to find out why a message failed and redrive it.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      ...ordering,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
      alarmDescription: `Messages in ${this.node.path} failed ${props.maxReceiveCount} times and wait in its dead-letter queue.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction) this.deadLetterAlarm.addAlarmAction(props.alarmAction);
  }
}
