// The synthesized carescore stack: data protection, the ingest and scoring queues, the Lambdas'
// runtime, the alerts schedule, and a clean cdk-nag report.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import {
  resourcesOf,
  type TemplateResource,
  useSynthesizedCarescore,
  validationFindings,
} from './synthesized-app.ts';

const carescore = useSynthesizedCarescore();

function resources(type: string): Record<string, TemplateResource> {
  return resourcesOf(carescore().template, type);
}

function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  return carescore().stack.getLogicalId(construct.node.defaultChild as never);
}

describe('cdk-nag', () => {
  it('leaves no unacknowledged AwsSolutions finding (errors or warnings) and no template error', () => {
    expect(validationFindings(carescore().outdir)).toEqual([]);
  });
});

describe('buckets', () => {
  it("are six (four, and the web app's site and CloudFront logs), all blocking public access and kept on cdk destroy", () => {
    const buckets = Object.values(resources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(6);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('use SSE-KMS with the one customer key, except the access-log bucket S3 cannot log into with KMS', () => {
    const { stack } = carescore();
    for (const bucket of [stack.landingBucket, stack.lakeBucket, stack.queryResultsBucket]) {
      const props = resources('AWS::S3::Bucket')[logicalId(bucket)]!.Properties;
      expect(props.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        {
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack.encryptionKey), 'Arn'] },
          },
        },
      ]);
      expect(props.LoggingConfiguration.DestinationBucketName).toEqual({
        Ref: logicalId(stack.accessLogsBucket),
      });
    }
    const logs = resources('AWS::S3::Bucket')[logicalId(stack.accessLogsBucket)]!.Properties;
    expect(logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
  });

  it('version landing and lake, and expire Athena query results', () => {
    const { stack } = carescore();
    const props = (b: { node: { defaultChild?: unknown } }) =>
      resources('AWS::S3::Bucket')[logicalId(b)]!.Properties;
    expect(props(stack.landingBucket).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props(stack.lakeBucket).VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props(stack.queryResultsBucket).VersioningConfiguration).toBeUndefined();
    expect(props(stack.queryResultsBucket).LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' }),
    ]);
  });

  it('deny every request not made over TLS', () => {
    const policies = Object.values(resources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(6);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('send landing events to EventBridge natively, without a notifications custom resource', () => {
    const landing = resources('AWS::S3::Bucket')[logicalId(carescore().stack.landingBucket)]!.Properties;
    expect(landing.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(Object.keys(resources('Custom::S3BucketNotifications'))).toEqual([]);
  });

  it('are encrypted with a key that rotates', () => {
    carescore().template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('queues and alerts topic', () => {
  it('are KMS-encrypted and refuse requests without TLS', () => {
    const key = { 'Fn::GetAtt': [logicalId(carescore().stack.encryptionKey), 'Arn'] };
    const queues = Object.values(resources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(7);
    for (const queue of queues) expect(queue.Properties.KmsMasterKeyId).toEqual(key);
    const queuePolicies = Object.values(resources('AWS::SQS::QueuePolicy'));
    expect(queuePolicies).toHaveLength(7);
    for (const policy of queuePolicies)
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    carescore().template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: key });
    carescore().template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('route landing/ "Object Created" events to the FIFO ingest queue', () => {
    const { ingest } = carescore().stack;
    carescore().template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: logicalId(carescore().stack.landingBucket) }] },
          object: { key: [{ prefix: 'landing/' }] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(ingest.queue.queue), 'Arn'] },
          SqsParameters: { MessageGroupId: Match.anyValue() },
        }),
      ],
    });
    const queue = resources('AWS::SQS::Queue')[logicalId(ingest.queue.queue)]!.Properties;
    expect(queue.FifoQueue).toBe(true);
  });

  it('give the landing rule a dead-letter queue, and alarm on failed deliveries and on dead letters', () => {
    const { ingest, alerts } = carescore().stack;
    const rule = resources('AWS::Events::Rule')[logicalId(ingest.landingRule)]!.Properties;
    expect(rule.Targets[0].DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [logicalId(ingest.undeliveredEvents), 'Arn'] },
    });
    // EventBridge takes only a standard queue as a target's dead-letter queue.
    const dlq = resources('AWS::SQS::Queue')[logicalId(ingest.undeliveredEvents)]!.Properties;
    expect(dlq.FifoQueue).toBeUndefined();
    carescore().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: logicalId(ingest.landingRule) } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: logicalId(alerts.topic) }],
    });
    carescore().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(ingest.undeliveredEvents), 'QueueName'] } },
      ],
      AlarmActions: [{ Ref: logicalId(alerts.topic) }],
    });
  });

  it('let EventBridge use the queues and key only for the landing rule, in the form AWS documents (aws:SourceArn)', () => {
    const { ingest, encryptionKey } = carescore().stack;
    const ruleArn = carescore().stack.resolve(ingest.landingRuleArn);
    const rule = resources('AWS::Events::Rule')[logicalId(ingest.landingRule)]!.Properties;
    expect(JSON.stringify(ruleArn)).toContain(`:rule/${rule.Name}`);
    const fromRule = { ArnEquals: { 'aws:SourceArn': ruleArn } };
    const eventBridge = (statement: { Principal?: unknown }) =>
      JSON.stringify(statement.Principal).includes('events.amazonaws.com');
    const keyStatements =
      resources('AWS::KMS::Key')[logicalId(encryptionKey)]!.Properties.KeyPolicy.Statement.filter(
        eventBridge,
      );
    expect(keyStatements).toEqual([expect.objectContaining({ Condition: fromRule })]);
    expect(keyStatements[0].Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const queue of [ingest.queue.queue, ingest.undeliveredEvents]) {
      const policy = Object.values(resources('AWS::SQS::QueuePolicy')).find((p) =>
        JSON.stringify(p.Properties.Queues).includes(logicalId(queue)),
      )!;
      const statements = policy.Properties.PolicyDocument.Statement.filter(eventBridge);
      expect(statements).toEqual([
        expect.objectContaining({ Action: 'sqs:SendMessage', Condition: fromRule }),
      ]);
    }
  });

  it('dead-letter ingest after 3 receives, each hidden only as long as the Lambda can run (plus 2 minutes)', () => {
    const { ingest } = carescore().stack;
    const queue = resources('AWS::SQS::Queue')[logicalId(ingest.queue.queue)]!.Properties;
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(ingest.queue.deadLetterQueue), 'Arn'] },
      maxReceiveCount: 3,
    });
    const fn = resources('AWS::Lambda::Function')[logicalId(ingest.ingestFunction)]!.Properties;
    expect(queue.VisibilityTimeout).toBe(fn.Timeout + 120);
  });

  it('let ingest and score send permanent failures straight to their dead-letter queues, and ingest route to provider groups', () => {
    const { ingest, scoring } = carescore().stack;
    const rule = resources('AWS::Events::Rule')[logicalId(ingest.landingRule)]!.Properties;
    expect(rule.Targets[0].SqsParameters).toEqual({ MessageGroupId: 'landing' });
    const env = (fn: { node: { defaultChild?: unknown } }) =>
      resources('AWS::Lambda::Function')[logicalId(fn)]!.Properties.Environment.Variables;
    const url = (queue: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(queue) });
    expect(env(ingest.ingestFunction)).toMatchObject({
      [lambdaEnvironment.ingestQueueUrl]: url(ingest.queue.queue),
      [lambdaEnvironment.deadLetterQueueUrl]: url(ingest.queue.deadLetterQueue),
    });
    expect(env(scoring.scoreFunction)).toMatchObject({
      [lambdaEnvironment.deadLetterQueueUrl]: url(scoring.queue.deadLetterQueue),
    });
    const sends = (role: { node: { defaultChild?: unknown } }) =>
      Object.values(resources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(logicalId(role)))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((s: { Action: unknown }) => s.Action === 'sqs:SendMessage')
        .flatMap((s: { Resource: unknown }) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    const arn = (queue: { node: { defaultChild?: unknown } }) => ({
      'Fn::GetAtt': [logicalId(queue), 'Arn'],
    });
    expect(sends(ingest.ingestFunction.executionRole)).toEqual(
      expect.arrayContaining([arn(ingest.queue.queue), arn(ingest.queue.deadLetterQueue)]),
    );
    expect(sends(scoring.scoreFunction.executionRole)).toEqual([arn(scoring.queue.deadLetterQueue)]);
  });

  it('alarm as soon as either dead-letter queue holds a message, on the alerts topic', () => {
    const { ingest, scoring, alerts } = carescore().stack;
    for (const dlq of [
      ingest.queue.deadLetterQueue,
      scoring.queue.deadLetterQueue,
      alerts.queue.deadLetterQueue,
    ]) {
      carescore().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [{ Ref: logicalId(alerts.topic) }],
      });
    }
    // CloudWatch can only publish to the encrypted topic if the key lets it.
    const [key] = Object.values(resources('AWS::KMS::Key'));
    expect(key!.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      }),
    );
  });

  it('feed ingest and score with partial batch failure reporting', () => {
    const { ingest, scoring } = carescore().stack;
    for (const [queue, fn] of [
      [ingest.queue.queue, ingest.ingestFunction],
      [scoring.queue.queue, scoring.scoreFunction],
    ] as const) {
      carescore().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
        FunctionName: { Ref: logicalId(fn) },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });
});

describe('Lambdas', () => {
  it('all run Node 22 on arm64 and log to a group with a retention', () => {
    // Six carescore handlers and the custom-resource framework; CDK's BucketDeployment function
    // (Python, run only during a deploy) apart.
    const all = Object.entries(resources('AWS::Lambda::Function'));
    const functions = all.filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')).map(([, fn]) => fn);
    expect(all.length - functions.length).toBe(1);
    expect(functions.length).toBe(7);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
    for (const group of Object.values(resources('AWS::Logs::LogGroup')))
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('get only environment variables named in functions/lambda-environment.ts', () => {
    const names = new Set<string>(Object.values(lambdaEnvironment));
    const { ingest, scoring, alerts, providerUpload, webApi } = carescore().stack;
    for (const fn of [
      ingest.ingestFunction,
      scoring.scoreFunction,
      alerts.alertsFunction,
      providerUpload.uploadFunction,
      webApi.function,
    ]) {
      const variables = resources('AWS::Lambda::Function')[logicalId(fn)]!.Properties.Environment.Variables;
      for (const name of Object.keys(variables)) expect(names.has(name)).toBe(true);
    }
  });

  it('have the timeouts functions/aws/timeouts.ts names, which every SDK wait fits inside', () => {
    const { ingest, scoring, alerts, catalog, providerUpload, webApi } = carescore().stack;
    const timeout = (fn: { node: { defaultChild?: unknown } }) =>
      resources('AWS::Lambda::Function')[logicalId(fn)]!.Properties.Timeout;
    expect({
      ingest: timeout(ingest.ingestFunction),
      score: timeout(scoring.scoreFunction),
      alerts: timeout(alerts.alertsFunction),
      views: timeout(catalog.viewsFunction),
      upload: timeout(providerUpload.uploadFunction),
      webApi: timeout(webApi.function),
    }).toEqual(functionTimeoutSeconds);
  });

  it('reserve no concurrency, so the stack deploys where the account quota is 10', () => {
    for (const fn of Object.values(resources('AWS::Lambda::Function')))
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('allow a single alerts run at a time, through a one-group FIFO queue', () => {
    const { alerts } = carescore().stack;
    const queue = resources('AWS::SQS::Queue')[logicalId(alerts.queue.queue)]!.Properties;
    expect(queue.FifoQueue).toBe(true);
    expect(queue.ContentBasedDeduplication).toBe(true);
    carescore().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(alerts.queue.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(alerts.alertsFunction) },
      BatchSize: 1,
    });
  });

  it('serialise scoring with a one-group FIFO score queue, not reserved concurrency (quota 10 accounts)', () => {
    const { scoring } = carescore().stack;
    const fn = resources('AWS::Lambda::Function')[logicalId(scoring.scoreFunction)]!.Properties;
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    const queue = resources('AWS::SQS::Queue')[logicalId(scoring.queue.queue)]!.Properties;
    expect(queue.FifoQueue).toBe(true);
    // Three real attempts, each hidden only as long as the scorer can run: a persistent failure
    // alarms within about 36 minutes, not 10 hours.
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(3);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(fn.Timeout);
    expect(queue.VisibilityTimeout).toBeLessThanOrEqual(fn.Timeout + 300);
    const dlq = resources('AWS::SQS::Queue')[logicalId(scoring.queue.deadLetterQueue)]!.Properties;
    expect(dlq.FifoQueue).toBe(true);
  });
});

describe('alerts schedule', () => {
  it('queues the alerts run every day at 07:00 UK time', () => {
    carescore().template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(carescore().stack.alerts.queue.queue), 'Arn'] },
        SqsParameters: { MessageGroupId: 'alerts' },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });
});
