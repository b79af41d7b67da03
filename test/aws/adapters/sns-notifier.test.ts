import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { AlertPublishError, SnsNotifier } from '../../../functions/adapters/sns-notifier.ts';
import type { NamedAlert } from '../../../functions/pipeline/ports.ts';
import { localSnsClient, useLocalAws } from '../../helpers/fauxqs.ts';

const aws = useLocalAws();

const alert = (i: number, overrides: Partial<NamedAlert> = {}): NamedAlert => ({
  key: `RISK_CRITICAL|P${String(i).padStart(3, '0')}|2024-04`,
  alert_type: 'RISK_CRITICAL',
  severity: 'high',
  provider_id: `P${String(i).padStart(3, '0')}`,
  period: '2024-04',
  message: 'risk rated Critical in April 2024: likelihood 4 × impact 5 = 20',
  first_raised_at: new Date('2024-05-03T09:15:30.123Z'),
  provider_name: 'Hop Garden Support',
  ...overrides,
});

/** A topic with one SQS subscription (SNS's JSON envelope, as e-mail-like consumers see it). */
function topicWithQueue(filterPolicy?: object) {
  const topic = aws().createTopic('alerts');
  const queue = aws().createQueue('alerts');
  aws().server.subscribe({
    topic: topic.topicName,
    queue: queue.queueName,
    attributes: filterPolicy ? { FilterPolicy: JSON.stringify(filterPolicy) } : undefined,
  });
  return { ...topic, ...queue };
}

async function drain(queueUrl: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const { Messages = [] } = await aws().sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return out;
    out.push(...Messages);
  }
}

interface Envelope {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { Type: string; Value: string }>;
}
const envelope = (m: Message) => JSON.parse(m.Body!) as Envelope;

describe('SnsNotifier on fauxqs SNS → SQS', () => {
  it('publishes one readable message per alert, with filterable attributes', async () => {
    const { topicArn, queueUrl } = topicWithQueue();
    await new SnsNotifier({ client: aws().sns, topicArn }).notify([
      alert(1),
      alert(2, {
        key: 'LEVEL3_TRIGGER|P002|2024-04',
        alert_type: 'LEVEL3_TRIGGER',
        severity: 'critical',
        message: 'quality rated Inadequate in April 2024 — automatic Level 3',
      }),
    ]);
    const received = (await drain(queueUrl)).map(envelope);
    expect(received).toHaveLength(2);
    const level3 = received.find((m) => m.MessageAttributes.alert_type?.Value === 'LEVEL3_TRIGGER')!;
    // The same sentence as the terminal's, in the ASCII a subject allows.
    expect(level3.Subject).toBe(
      'P002 Hop Garden Support: quality rated Inadequate in April 2024 - automatic Level 3',
    );
    expect(level3.MessageAttributes).toEqual({
      alert_type: { Type: 'String', Value: 'LEVEL3_TRIGGER' },
      severity: { Type: 'String', Value: 'critical' },
      provider_id: { Type: 'String', Value: 'P002' },
      period: { Type: 'String', Value: '2024-04' },
    });
    expect(level3.Message).toBe(
      [
        'P002 Hop Garden Support: quality rated Inadequate in April 2024 — automatic Level 3.',
        '',
        'Severity:     critical',
        'Month:        April 2024',
        'Alert type:   LEVEL3_TRIGGER',
        // 09:15 UTC is 10:15 BST.
        'First raised: 10:15 on 3 May 2024 London time',
        '',
        'Raised by the carescore pipeline.',
        'Alert key (v_alerts.alert_key): LEVEL3_TRIGGER|P002|2024-04',
      ].join('\n'),
    );
  });

  it('sends 23 alerts in batches of at most 10, every one delivered', async () => {
    const { topicArn, queueUrl } = topicWithQueue();
    const client = localSnsClient(aws().endpoint);
    const batchSizes: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { PublishBatchRequestEntries?: unknown[] };
        batchSizes.push(input.PublishBatchRequestEntries?.length ?? 0);
        return next(args);
      },
      { step: 'initialize' },
    );
    const alerts = Array.from({ length: 23 }, (_, i) => alert(i));
    await new SnsNotifier({ client, topicArn }).notify(alerts);
    client.destroy();
    expect(batchSizes).toEqual([10, 10, 3]);
    const keys = (await drain(queueUrl)).map((m) => envelope(m).Message.split('\n').at(-1));
    expect(keys.sort()).toEqual(alerts.map((a) => `Alert key (v_alerts.alert_key): ${a.key}`).sort());
  });

  it('lets a subscription filter on severity', async () => {
    const { topicArn, queueUrl } = topicWithQueue({ severity: ['critical'] });
    await new SnsNotifier({ client: aws().sns, topicArn }).notify([
      alert(1),
      alert(2, { severity: 'critical' }),
      alert(3, { severity: 'medium' }),
    ]);
    const received = (await drain(queueUrl)).map(envelope);
    expect(received.map((m) => m.MessageAttributes.provider_id?.Value)).toEqual(['P002']);
  });

  it('keeps subjects within SNS limits', async () => {
    const { topicArn, queueUrl } = topicWithQueue();
    await new SnsNotifier({ client: aws().sns, topicArn }).notify([
      alert(1, { provider_id: `Prövider-${'x'.repeat(120)}` }),
    ]);
    const [message] = (await drain(queueUrl)).map(envelope);
    expect(message!.Subject).toHaveLength(100);
    expect(message!.Subject).toMatch(/^Pr\?vider-x+\.\.\.$/);
  });

  it('sends every batch and then names the alerts SNS refused', async () => {
    const { topicArn, queueUrl } = topicWithQueue();
    const alerts = Array.from({ length: 12 }, (_, i) => alert(i));
    // Over SNS's 256 KiB message limit, so SNS fails this entry alone.
    alerts[4] = alert(4, { message: 'x'.repeat(300 * 1024) });
    const failure = new SnsNotifier({ client: aws().sns, topicArn }).notify(alerts);
    await expect(failure).rejects.toBeInstanceOf(AlertPublishError);
    await expect(failure).rejects.toThrow(
      `SNS did not accept 1 alert(s) for ${topicArn}: RISK_CRITICAL|P004|2024-04 (InvalidParameter: Message too long)`,
    );
    expect(await drain(queueUrl)).toHaveLength(11);
  });

  it('publishes nothing when there are no alerts', async () => {
    const { topicArn, queueUrl } = topicWithQueue();
    await new SnsNotifier({ client: aws().sns, topicArn }).notify([]);
    expect(await drain(queueUrl)).toEqual([]);
  });
});
