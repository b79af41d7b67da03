// A demo-sized lake in memory, built as the demo builds it: generated files placed in landing/,
// ingested in receipt order, scored and alerted on.

import { publishedMethod } from '../../functions/domain/method/published.ts';
import { raiseAlerts } from '../../functions/pipeline/raise-alerts.ts';
import { scoreLake } from '../../functions/pipeline/score-lake.ts';
import { generateCounty } from '../../functions/sample/index.ts';
import { ingestText } from '../helpers/ingest.ts';
import { MemoryObjectStore } from '../helpers/memory-store.ts';

export async function demoLake(): Promise<MemoryObjectStore> {
  const county = generateCounty({ providers: 5, months: 3, seed: 1 });
  const store = new MemoryObjectStore();
  for (const file of county.files) {
    const name = file.path.split('/').pop()!;
    await store.put(`landing/${file.provider}/${file.type}/${name}`, file.content);
    await ingestText(store, name, file.content, file.type, file.provider, file.receivedAt.toISOString());
  }
  await scoreLake(store, { asOf: county.asOf, method: publishedMethod('v1') });
  await raiseAlerts(
    store,
    { notify: async () => {} },
    {
      asOf: county.asOf,
      method: publishedMethod('v1'),
      now: () => new Date(),
    },
  );
  return store;
}
