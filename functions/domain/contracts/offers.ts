import * as z from '../zod.ts';
import { defineContract, type RowIssue } from './contract.ts';
import { choice, dateTime, londonPeriodOf, optionalDateTime, text } from './fields.ts';

export const offers = defineContract({
  type: 'offers',
  title: 'Package offers',
  owner: 'council',
  table: 'offers',
  storage: 'upsert',
  key: ['offer_id'],
  schema: z.object({
    offer_id: text('Offer id', 'OF-000123', 40),
    provider_id: text('Provider id', 'P001', 40),
    cluster_id: text('Cluster id', 'K01', 40),
    offered_at: dateTime('When the package was offered (London time unless an offset is given)'),
    responded_at: optionalDateTime('When the provider responded'),
    response: choice(['accepted', 'declined', 'no_response'], 'Response'),
  }),
  periodOf: (row) => londonPeriodOf(row.offered_at),
  check(row) {
    const issues: RowIssue[] = [];
    if (row.responded_at && row.responded_at.getTime() < row.offered_at.getTime()) {
      issues.push({
        column: 'responded_at',
        severity: 'error',
        message: `responded_at (${row.responded_at.toISOString()}) is before offered_at (${row.offered_at.toISOString()})`,
      });
    }
    return issues;
  },
});
