import * as z from '../zod.ts';
import { defineContract } from './contract.ts';
import { text } from './fields.ts';

export const clusters = defineContract({
  type: 'clusters',
  title: 'Clusters',
  owner: 'council',
  table: 'clusters',
  storage: 'snapshot',
  key: ['cluster_id'],
  schema: z.object({
    cluster_id: text('Cluster id', 'K01', 40),
    cluster_name: text('Cluster name', 'Ashford Town'),
    district: text('District', 'Ashford'),
    ccg: text('Clinical commissioning group', 'Ashford CCG'),
    lot_area: text('Lot area', 'East Kent'),
  }),
});
