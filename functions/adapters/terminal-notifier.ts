// The local Notifier: alerts are printed, grouped by provider, as sentences; they are already
// stored under results/alerts.

import { providerLabel } from '../domain/method/alert-text.ts';
import type { NamedAlert, Notifier } from '../pipeline/ports.ts';

export class TerminalNotifier implements Notifier {
  constructor(private readonly write: (line: string) => void) {}

  async notify(alerts: readonly NamedAlert[]): Promise<void> {
    const byProvider = new Map<string, NamedAlert[]>();
    for (const a of alerts) byProvider.set(a.provider_id, [...(byProvider.get(a.provider_id) ?? []), a]);
    for (const id of [...byProvider.keys()].sort()) {
      const group = byProvider.get(id)!.sort((a, b) => a.period.localeCompare(b.period));
      this.write(`${providerLabel(id, group[0]!.provider_name)}:`);
      for (const a of group) this.write(`  [${a.severity}] ${a.message}  (${a.key})`);
    }
  }
}
