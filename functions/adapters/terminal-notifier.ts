// The local Notifier: alerts are printed, as sentences grouped by provider or as one JSON array;
// they are already stored under results/alerts. notify resolves only once the lines are written
// (flush), so an alert is marked sent only after it has reached the terminal, pipe or file.

import { providerLabel } from '../domain/method/alert-text.ts';
import type { NamedAlert, Notifier } from '../pipeline/ports.ts';

export interface TerminalNotifierOptions {
  /** table: sentences grouped by provider; json: one JSON array of the alerts sent. */
  format?: 'table' | 'json';
  /** Resolves once every line written so far is delivered; rejects when one could not be. */
  flush?: () => Promise<void>;
}

export class TerminalNotifier implements Notifier {
  constructor(
    private readonly write: (line: string) => void,
    private readonly options: TerminalNotifierOptions = {},
  ) {}

  async notify(alerts: readonly NamedAlert[]): Promise<void> {
    if (this.options.format === 'json') this.write(JSON.stringify(alerts, null, 2));
    else this.printTable(alerts);
    await this.options.flush?.();
  }

  private printTable(alerts: readonly NamedAlert[]): void {
    const byProvider = new Map<string, NamedAlert[]>();
    for (const a of alerts) byProvider.set(a.provider_id, [...(byProvider.get(a.provider_id) ?? []), a]);
    for (const id of [...byProvider.keys()].sort()) {
      const group = byProvider.get(id)!.sort((a, b) => a.period.localeCompare(b.period));
      this.write(`${providerLabel(id, group[0]!.provider_name)}:`);
      for (const a of group) this.write(`  [${a.severity}] ${a.message}  (${a.key})`);
    }
  }
}
