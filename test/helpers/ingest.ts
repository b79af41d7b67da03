// Small helpers to ingest text or bytes in core tests.
import type { InputType } from '../../functions/domain/contracts/index.ts';
import { bytesSource } from '../../functions/domain/formats/index.ts';
import { publishedMethod } from '../../functions/domain/method/published.ts';
import type { ObjectStore } from '../../functions/lake/object-store.ts';
import { ingestFile } from '../../functions/pipeline/ingest/ingest-file.ts';
import { MemoryObjectStore } from './memory-store.ts';

export const fixedNow = () => new Date('2025-06-01T00:00:00Z');

export function ingestText(
  store: ObjectStore,
  name: string,
  content: string | Uint8Array,
  type: InputType,
  submitter = 'council',
  receivedAt = '2025-02-10T10:00:00Z',
  dryRun = false,
) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return ingestFile(
    { store, now: fixedNow, method: publishedMethod() },
    { source: bytesSource(name, bytes), type, submitter, receivedAt: new Date(receivedAt) },
    dryRun,
  );
}

export const registerCsv = `provider_id,provider_name,cqc_provider_id,branch_id,branch_name,cluster_id,contract_start
P001,Acme Care,1-100,1-200,Acme Ashford,K01,2020-01-01
P001,Acme Care,1-100,1-202,Acme Tenterden,K02,2020-01-01
P002,Best Care,1-101,1-201,Best Dover,K06,2024-05-10
`;

export const monthlyHeader =
  'provider_id,branch_id,service_code,period,calls_scheduled,calls_late_early,calls_missed,calls_double_handed,calls_double_handed_on_time,hours_commissioned,hours_delivered,hours_invoiced,people_served,people_trusted_team_ok,packages_new,care_plans_by_second_visit,complaints_closed,complaints_closed_in_20wd,notifications_due,notifications_on_time';

export function monthlyRow(overrides: Record<string, string | number> = {}): string {
  const base: Record<string, string | number> = {
    provider_id: 'P001',
    branch_id: '1-200',
    service_code: 'HC',
    period: '2025-01',
    calls_scheduled: 400,
    calls_late_early: 10,
    calls_missed: 1,
    calls_double_handed: 30,
    calls_double_handed_on_time: 29,
    hours_commissioned: 800,
    hours_delivered: 790.5,
    hours_invoiced: 790.5,
    people_served: 20,
    people_trusted_team_ok: 18,
    packages_new: 2,
    care_plans_by_second_visit: 2,
    complaints_closed: 1,
    complaints_closed_in_20wd: 1,
    notifications_due: 1,
    notifications_on_time: 1,
  };
  const row = { ...base, ...overrides };
  return monthlyHeader
    .split(',')
    .map((c) => row[c])
    .join(',');
}

/** A memory lake holding only the council's register (registerCsv), received 5 January 2025. */
export async function lakeWithRegister(): Promise<MemoryObjectStore> {
  const store = new MemoryObjectStore();
  await ingestText(
    store,
    'register.csv',
    registerCsv,
    'provider-register',
    'council',
    '2025-01-05T10:00:00Z',
  );
  return store;
}
