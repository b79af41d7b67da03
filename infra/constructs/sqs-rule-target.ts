// An EventBridge rule target for an SQS queue encrypted with a customer key, granted in the form
// AWS documents for SQS targets ("Using resource-based policies for Amazon EventBridge": the queue
// policy allows events.amazonaws.com on condition ArnEquals aws:SourceArn = the rule's ARN), with
// the same condition on the key's statement. CDK's SqsQueue target conditions an encrypted queue on
// aws:SourceAccount instead, a form AWS does not document for this case. Events EventBridge cannot
// deliver after its retries go to a standard dead-letter queue (EventBridge accepts no FIFO DLQ),
// granted the same way.
import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

export interface EncryptedSqsTargetProps {
  /** The key both queues are encrypted with. */
  readonly encryptionKey: kms.IKey;
  /** Where undeliverable events go: a standard queue encrypted with the same key. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * The rule's ARN, formatted from its name rather than referenced: the key's policy cannot refer to
   * a rule whose pattern names a bucket encrypted with that key (a circular dependency).
   */
  readonly ruleArn: string;
  /** For a FIFO target queue. */
  readonly messageGroupId?: string;
}

/** EventBridge retries a failed delivery for up to a day (its default), then dead-letters it. */
const retryAttempts = 185;
const maxEventAge = Duration.hours(24);

export class EncryptedSqsTarget implements events.IRuleTarget {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly props: EncryptedSqsTargetProps,
  ) {}

  bind(_rule: events.IRule): events.RuleTargetConfig {
    const fromThisRule = { ArnEquals: { 'aws:SourceArn': this.props.ruleArn } };
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    for (const queue of [this.queue, this.props.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [eventBridge],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: fromThisRule,
        }),
      );
    }
    this.props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [eventBridge],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisRule,
      }),
    );
    return {
      arn: this.queue.queueArn,
      targetResource: this.queue,
      deadLetterConfig: { arn: this.props.deadLetterQueue.queueArn },
      retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: maxEventAge.toSeconds() },
      ...(this.props.messageGroupId ? { sqsParameters: { messageGroupId: this.props.messageGroupId } } : {}),
    };
  }
}
