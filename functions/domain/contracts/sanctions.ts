import * as z from '../zod.ts';
import { defineContract, type RowIssue } from './contract.ts';
import { choice, date, level, optionalDate, text } from './fields.ts';

export const sanctions = defineContract({
  type: 'sanctions',
  title: 'Contract sanctions',
  owner: 'council',
  table: 'sanctions',
  storage: 'snapshot',
  key: ['sanction_id'],
  schema: z.object({
    sanction_id: text('Sanction id', 'SAN-0001', 40),
    provider_id: text('Provider id', 'P001', 40),
    type: choice(['poor_practice', 'contract_compliance', 'safeguarding'], 'Sanction type'),
    level: level('Sanction level 1–3 (3 = referral embargo)'),
    trigger: text('What triggered it', 'Missed calls', 500),
    evidenced_on: date('Date the non-compliance was evidenced'),
    action_plan_received_on: optionalDate('Date the action plan was received'),
    lifted_on: optionalDate('Date the sanction was lifted'),
  }),
  check(row) {
    const issues: RowIssue[] = [];
    if (row.lifted_on && row.lifted_on < row.evidenced_on) {
      issues.push({
        column: 'lifted_on',
        severity: 'error',
        message: `lifted_on (${row.lifted_on}) is before evidenced_on (${row.evidenced_on})`,
      });
    }
    return issues;
  },
});
