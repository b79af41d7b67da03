import { describe, expect, it } from 'vitest';
import { TerminalNotifier } from '../../functions/adapters/terminal-notifier.ts';
import type { NamedAlert } from '../../functions/pipeline/ports.ts';

const alert = (
  provider_id: string,
  period: string,
  message: string,
  provider_name = 'Hop Garden Support',
): NamedAlert => ({
  key: `LEVEL3_TRIGGER|${provider_id}|${period}`,
  alert_type: 'LEVEL3_TRIGGER',
  severity: 'critical',
  provider_id,
  provider_name,
  period,
  message,
  first_raised_at: new Date('2026-01-21T09:00:00Z'),
});

describe('TerminalNotifier', () => {
  it('prints sentences grouped by provider, named as in the register', async () => {
    const lines: string[] = [];
    await new TerminalNotifier((l) => lines.push(l)).notify([
      alert('P020', '2025-12', 'quality rated Inadequate in December 2025 — automatic Level 3'),
      alert(
        'P003',
        '2025-11',
        'delivery rated Inadequate in November 2025 — automatic Level 3',
        'Acorn Care',
      ),
      alert('P020', '2025-11', 'delivery rated Inadequate in November 2025 — automatic Level 3'),
    ]);
    expect(lines).toEqual([
      'P003 Acorn Care:',
      '  [critical] delivery rated Inadequate in November 2025 — automatic Level 3  (LEVEL3_TRIGGER|P003|2025-11)',
      'P020 Hop Garden Support:',
      '  [critical] delivery rated Inadequate in November 2025 — automatic Level 3  (LEVEL3_TRIGGER|P020|2025-11)',
      '  [critical] quality rated Inadequate in December 2025 — automatic Level 3  (LEVEL3_TRIGGER|P020|2025-12)',
    ]);
  });
});
