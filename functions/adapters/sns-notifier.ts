// The AWS Notifier: each new alert becomes one message on the alerts SNS topic, whose e-mail
// subscribers are commissioners. Message attributes let a subscription filter by type or severity.
import {
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { alertSentence, londonTimeInWords } from '../domain/method/alert-text.ts';
import { monthInWords } from '../domain/period.ts';
import type { NamedAlert, Notifier } from '../pipeline/ports.ts';

export interface SnsNotifierOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
}

/** SNS refused some alerts; names each one (by alert key) with SNS's reason, so they can be re-sent. */
export class AlertPublishError extends Error {
  override name = 'AlertPublishError';
  constructor(
    readonly topicArn: string,
    readonly failures: readonly { alertKey: string; reason: string }[],
  ) {
    super(
      `SNS did not accept ${failures.length} alert(s) for ${topicArn}: ` +
        failures.map((f) => `${f.alertKey} (${f.reason})`).join('; '),
    );
  }
}

// PublishBatch takes at most 10 entries.
const batchSize = 10;
// SNS subjects: at most 100 printable ASCII characters, no line breaks (they become e-mail subjects).
const subjectLimit = 100;

export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsNotifierOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async notify(alerts: readonly NamedAlert[]): Promise<void> {
    const failures: { alertKey: string; reason: string }[] = [];
    for (let start = 0; start < alerts.length; start += batchSize) {
      // Batch entry ids allow only letters, digits, '-' and '_', so alert keys cannot be used.
      const byId = new Map(
        alerts.slice(start, start + batchSize).map((alert, i) => [`alert-${start + i}`, alert]),
      );
      const out = await this.client.send(
        new PublishBatchCommand({
          TopicArn: this.topicArn,
          PublishBatchRequestEntries: [...byId].map(([id, alert]) => entry(alert, id)),
        }),
      );
      for (const failed of out.Failed ?? []) {
        failures.push({
          alertKey: byId.get(failed.Id ?? '')?.key ?? `batch entry ${failed.Id}`,
          reason: [failed.Code, failed.Message].filter(Boolean).join(': '),
        });
      }
    }
    // Later batches are still sent when one entry fails, so only the failures need re-sending.
    if (failures.length > 0) throw new AlertPublishError(this.topicArn, failures);
  }
}

function entry(alert: NamedAlert, id: string): PublishBatchRequestEntry {
  return {
    Id: id,
    Subject: alertSubject(alert),
    Message: alertMessage(alert),
    MessageAttributes: {
      alert_type: text(alert.alert_type),
      severity: text(alert.severity),
      provider_id: text(alert.provider_id),
      period: text(alert.period),
    },
  };
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

/** The alert's sentence, in the printable ASCII a subject allows (a dash for the em dash). */
function alertSubject(alert: NamedAlert): string {
  const subject = alertSentence(alert, alert.provider_name)
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00d7/g, 'x')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return subject.length <= subjectLimit ? subject : `${subject.slice(0, subjectLimit - 3)}...`;
}

/** Plain text for an e-mail: the alert's sentence, when it was raised (London time), and the key to find it in v_alerts. */
function alertMessage(alert: NamedAlert): string {
  return [
    `${alertSentence(alert, alert.provider_name)}.`,
    '',
    `Severity:     ${alert.severity}`,
    `Month:        ${monthInWords(alert.period)}`,
    `Alert type:   ${alert.alert_type}`,
    `First raised: ${londonTimeInWords(alert.first_raised_at)} London time`,
    '',
    'Raised by the carescore pipeline.',
    `Alert key (v_alerts.alert_key): ${alert.key}`,
  ].join('\n');
}
