// The score queue and the score Lambda: ingest says which months it touched, and the scorer
// recomputes them from curated/ and the ledger into results/, one run at a time.
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { lakePrefixes } from '../lake-prefixes.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';

export interface ScoringStageProps {
  readonly lakeBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** Where the dead-letter alarm goes. @default none */
  readonly alarmAction?: cloudwatch.IAlarmAction;
  /** @default false */
  readonly destroyData?: boolean;
}

const scoreTimeout = Duration.seconds(functionTimeoutSeconds.score);

export class ScoringStage extends Construct {
  readonly queue: DeadLetteredQueue;
  readonly scoreFunction: CarescoreFunction;

  constructor(scope: Construct, id: string, props: ScoringStageProps) {
    super(scope, id);
    this.queue = new DeadLetteredQueue(this, 'ScoreQueue', {
      encryptionKey: props.encryptionKey,
      // FIFO with one message group (the ingest Lambda sends every request in it): Lambda hands the
      // scorer one batch at a time, so two runs never overlap, with no reserved concurrency (which
      // fails to deploy where the account's concurrency quota is 10). Nothing is throttled, so a
      // receive is a real attempt: three, each held no longer than the function can run.
      fifo: true,
      visibilityTimeout: scoreTimeout.plus(Duration.minutes(2)),
      maxReceiveCount: 3,
      ...(props.alarmAction ? { alarmAction: props.alarmAction } : {}),
    });
    this.scoreFunction = new CarescoreFunction(this, 'Score', {
      entry: handlerEntry('score'),
      description: 'Scores the months ingest touched: curated/ and ledger/ in, results/ out.',
      timeout: scoreTimeout,
      memorySize: 2048,
      environment: {
        [lambdaEnvironment.lakeBucket]: props.lakeBucket.bucketName,
        [lambdaEnvironment.deadLetterQueueUrl]: this.queue.deadLetterQueue.queueUrl,
      },
      destroyData: props.destroyData ?? false,
    });
    grantObjectAccess(
      this.scoreFunction.executionRole,
      { bucket: props.lakeBucket, key: props.encryptionKey, label: 'lake' },
      {
        read: [lakePrefixes.curated, lakePrefixes.ledger, lakePrefixes.settings],
        write: [lakePrefixes.results],
        list: true,
      },
    );
    // A malformed request goes to the DLQ at once: the encrypted queue needs the key too.
    this.scoreFunction.executionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.queue.deadLetterQueue.queueArn],
      }),
    );
    this.scoreFunction.executionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
      }),
    );
    this.scoreFunction.addEventSource(
      new SqsEventSource(this.queue.queue, {
        // The requests waiting when a run starts become one run over all the months they name (a
        // FIFO queue takes no batching window).
        batchSize: 10,
        reportBatchItemFailures: true,
      }),
    );
  }
}
