import * as z from '../zod.ts';
import { defineContract } from './contract.ts';
import { date, text } from './fields.ts';

export const providerRegister = defineContract({
  type: 'provider-register',
  title: 'Provider register',
  owner: 'council',
  table: 'provider_register',
  storage: 'snapshot',
  key: ['provider_id', 'branch_id', 'cluster_id'],
  schema: z.object({
    provider_id: text('Council provider id', 'P001', 40),
    provider_name: text('Provider name', 'Acme Home Care Ltd'),
    cqc_provider_id: text('CQC provider id', '1-101234567', 40),
    branch_id: text('CQC location id of the branch', '1-1234567890', 40),
    branch_name: text('Branch name', 'Acme Ashford'),
    cluster_id: text('Cluster (lot) the branch serves', 'K01', 40),
    contract_start: date('Date the contract started for this provider'),
  }),
});
