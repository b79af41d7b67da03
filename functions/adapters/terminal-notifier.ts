// The local Notifier: alerts are printed; they are already stored under results/alerts.

import type { Alert } from '../domain/method/results.ts';
import type { Notifier } from '../pipeline/ports.ts';

export class TerminalNotifier implements Notifier {
  constructor(private readonly write: (line: string) => void) {}

  async notify(alerts: readonly Alert[]): Promise<void> {
    for (const a of alerts)
      this.write(`[${a.severity}] ${a.alert_type} ${a.provider_id} ${a.period}: ${a.message}`);
  }
}
