import * as z from '../zod.ts';
import { defineContract } from './contract.ts';
import { date, hours, text } from './fields.ts';

export const commissionedHours = defineContract({
  type: 'commissioned-hours',
  title: 'Commissioned hours',
  owner: 'council',
  table: 'commissioned_hours',
  storage: 'upsert',
  key: ['provider_id', 'cluster_id', 'week_ending'],
  schema: z.object({
    provider_id: text('Provider id', 'P001', 40),
    cluster_id: text('Cluster id', 'K01', 40),
    week_ending: date('Last day of the week', '2025-03-30'),
    hours: hours('Hours commissioned from the provider in the cluster that week', 412.5),
  }),
  periodOf: (row) => row.week_ending.slice(0, 7),
});
