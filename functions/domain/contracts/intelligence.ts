import * as z from '../zod.ts';
import { defineContract } from './contract.ts';
import { choice, date, text } from './fields.ts';

export const intelligence = defineContract({
  type: 'intelligence',
  title: 'Intelligence records',
  owner: 'council',
  table: 'intelligence',
  storage: 'upsert',
  key: ['record_id'],
  schema: z.object({
    record_id: text('Record id', 'INT-0001', 40),
    provider_id: text('Provider id', 'P001', 40),
    date: date('Date of the record'),
    source: choice(['practitioner', 'person', 'carer', 'complaint', 'safeguarding', 'cqc'], 'Source'),
    category: text(
      'Category (warning_notice, significant_risk and needs_not_met have meaning)',
      'late_calls',
      100,
    ),
    severity: choice(['low', 'medium', 'high'], 'Severity'),
    substantiated: choice(['yes', 'no', 'unknown'], 'Substantiated: yes, no or unknown'),
  }),
  periodOf: (row) => row.date.slice(0, 7),
});
