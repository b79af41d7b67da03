// A small lake for the reliability tests: two providers, three months, every council feed the
// scorer reads, and the files the tests ingest into it.
import { compactLake } from '../../functions/lake/compaction.ts';
import { ingestText, monthlyHeader, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

export const asOf = new Date('2025-04-20T00:00:00Z');

/** An independent copy, so each run starts from the same state. */
export function copyStore(store: MemoryObjectStore): MemoryObjectStore {
  const copy = new MemoryObjectStore();
  for (const [key, bytes] of store.objects) copy.objects.set(key, bytes);
  return copy;
}

export const returnCsv = (...rows: string[]) => `${monthlyHeader}\n${rows.join('\n')}\n`;

export const offersCsv = (...rows: string[]) =>
  `offer_id,provider_id,cluster_id,offered_at,responded_at,response\n${rows.join('\n')}\n`;

export const hoursCsv = (...rows: string[]) =>
  `provider_id,cluster_id,week_ending,hours\n${rows.join('\n')}\n`;

export const sanctionsCsv = (...rows: string[]) =>
  `sanction_id,provider_id,type,level,trigger,evidenced_on,action_plan_received_on,lifted_on\n${rows.join('\n')}\n`;

export const newerRegisterCsv = registerCsv.replace('Acme Tenterden', 'Acme Tenterden & Rye');

/** A return for P001 that resubmits February and sends March, with one row rejected. */
export const resubmissionCsv = returnCsv(
  monthlyRow({ period: '2025-02', calls_missed: 0 }),
  monthlyRow({ period: '2025-03' }),
  monthlyRow({ period: '2025-03', branch_id: '1-202', calls_missed: 999 }),
);

/** resubmissionCsv ingested into the lake, P001's, on 10 April. */
export const ingestResubmission = (store: MemoryObjectStore) =>
  ingestText(store, 'resubmission.csv', resubmissionCsv, 'monthly-return', 'P001', '2025-04-10T09:00:00Z');

/**
 * The lake the compaction tests start from: the base lake with the resubmission (February then holds
 * two returns of P001), compacted once, then one more return committed after that compaction, so
 * the run under test folds an earlier compacted file and own files into a new one.
 */
export async function buildCompactionLake(): Promise<MemoryObjectStore> {
  const store = await buildBaseLake();
  await ingestResubmission(store);
  await compactLake(store);
  await ingestText(
    store,
    'late.csv',
    resubmissionCsv.replace('2025-03', '2025-01'),
    'monthly-return',
    'P001',
    '2025-04-12T09:00:00Z',
  );
  return store;
}

/** Offers that update O2 and add O4 in a month the table does not have yet. */
export const offersUpdateCsv = offersCsv(
  'O2,P002,K06,2025-01-10T09:00:00Z,2025-01-10T12:00:00Z,declined',
  'O4,P001,K02,2025-03-03T09:00:00Z,2025-03-03T10:00:00Z,accepted',
);

export async function buildBaseLake(): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore();
  const council = (name: string, content: string, type: Parameters<typeof ingestText>[3], at: string) =>
    ingestText(store, name, content, type, 'council', at);
  await council('register.csv', registerCsv, 'provider-register', '2025-01-05T09:00:00Z');
  await council(
    'clusters.csv',
    'cluster_id,cluster_name,district,ccg,lot_area\nK01,Ashford,Ashford,C,East Kent\nK02,Tenterden,Ashford,C,East Kent\nK06,Dover,Dover,C,East Kent\n',
    'clusters',
    '2025-01-05T09:00:00Z',
  );
  await council(
    'offers.csv',
    offersCsv(
      'O1,P001,K01,2025-01-08T09:00:00Z,2025-01-08T11:00:00Z,accepted',
      'O2,P002,K06,2025-01-10T09:00:00Z,,no_response',
      'O3,P001,K02,2025-02-04T09:00:00Z,2025-02-04T09:30:00Z,accepted',
    ),
    'offers',
    '2025-02-05T09:00:00Z',
  );
  await council(
    'hours.csv',
    hoursCsv('P001,K01,2025-01-05,120', 'P002,K06,2025-01-05,80', 'P001,K01,2025-02-02,130'),
    'commissioned-hours',
    '2025-02-05T09:00:00Z',
  );
  await council(
    'sanctions.csv',
    sanctionsCsv('S1,P002,contract_compliance,2,Late returns,2025-01-20,,'),
    'sanctions',
    '2025-02-05T09:00:00Z',
  );
  const provider = (id: string, name: string, content: string, at: string) =>
    ingestText(store, name, content, 'monthly-return', id, at);
  await provider(
    'P001',
    'p001-jan.csv',
    returnCsv(monthlyRow(), monthlyRow({ branch_id: '1-202' })),
    '2025-02-08T09:00:00Z',
  );
  await provider(
    'P001',
    'p001-feb.csv',
    returnCsv(monthlyRow({ period: '2025-02' })),
    '2025-03-08T09:00:00Z',
  );
  const p002 = (period: string) =>
    monthlyRow({ provider_id: 'P002', branch_id: '1-201', period, calls_late_early: 60 });
  await provider('P002', 'p002-jan.csv', returnCsv(p002('2025-01')), '2025-02-09T09:00:00Z');
  await provider('P002', 'p002-mar.csv', returnCsv(p002('2025-03')), '2025-04-09T09:00:00Z');
  return store;
}
