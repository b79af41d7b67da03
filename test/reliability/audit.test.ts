// The "nothing lost" audit: a whole lake audits clean, and each kind of damage is named.
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import type { Submission } from '../../functions/domain/submission.ts';
import { curatedSchema, readRowFile } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { encodeParquet } from '../../functions/lake/parquet.ts';
import { auditLake } from '../../functions/pipeline/audit/audit-lake.ts';
import { ingestText } from '../helpers/ingest.ts';
import type { MemoryObjectStore } from '../helpers/memory-store.ts';
import { demoLake } from './demo-lake.ts';
import { copyStore } from './lake-fixture.ts';

let lake: MemoryObjectStore;
let records: Submission[];
beforeAll(async () => {
  lake = await demoLake();
  records = lake.keys(keys.ledgerPrefix).map((k) => JSON.parse(lake.text(k)) as Submission);
});

const first = (predicate: (s: Submission) => boolean) => records.find(predicate)!;
const aReturn = () => first((s) => s.input_type === 'monthly-return' && s.rows_accepted > 0);

describe('carescore audit', () => {
  it('finds nothing wrong with a whole lake', async () => {
    const report = await auditLake(lake);
    expect(report.findings).toEqual([]);
    expect(report.checks.map((c) => c.check)).toEqual(['landing', 'ledger', 'curated', 'tmp']);
    expect(report.checks[0]!.summary).toMatch(/^[\d,]+ uploads, [\d,]+ with a ledger record$/);
    expect(records.some((s) => s.quarantine_key)).toBe(true);
  });

  const damages: {
    what: string;
    damage: (store: MemoryObjectStore) => Promise<{ key: string; reason: RegExp }[]>;
  }[] = [
    {
      what: 'a deleted raw copy',
      damage: async (store) => {
        const s = aReturn();
        await store.delete(s.raw_key);
        return [{ key: s.raw_key, reason: /raw copy of .* is missing/ }];
      },
    },
    {
      what: 'raw bytes tampered with',
      damage: async (store) => {
        const s = aReturn();
        await store.put(s.raw_key, `${store.text(s.raw_key)}P001,extra\n`);
        return [{ key: s.raw_key, reason: /raw copy of .* has been altered/ }];
      },
    },
    {
      what: 'a deleted report',
      damage: async (store) => {
        const s = aReturn();
        await store.delete(s.report_html_key);
        return [{ key: s.report_html_key, reason: /validation report of .* is missing/ }];
      },
    },
    {
      what: 'a deleted quarantine file',
      damage: async (store) => {
        const s = first((r) => r.quarantine_key !== null);
        await store.delete(s.quarantine_key!);
        return [{ key: s.quarantine_key!, reason: /rejected rows of .* are missing from quarantine/ }];
      },
    },
    {
      what: 'a landing file whose ledger record was dropped',
      damage: async (store) => {
        const s = aReturn();
        await store.delete(keys.ledger(s.submission_id));
        const landing = store.keys('landing/').find((k) => store.text(k) === store.text(s.raw_key))!;
        return [
          { key: landing, reason: /has no ledger record for its bytes/ },
          ...store
            .keys(keys.curatedPrefix('monthly_return'))
            .filter((k) => k.includes(s.submission_id))
            .map((key) => ({ key, reason: /which has no ledger record/ })),
        ];
      },
    },
    {
      what: 'a duplicated curated file',
      damage: async (store) => {
        const s = aReturn();
        const file = store
          .keys(keys.curatedPrefix('monthly_return'))
          .find((k) => k.includes(s.submission_id))!;
        await store.put(file.replace('.parquet', '-copy.parquet'), store.objects.get(file)!);
        return [{ key: keys.curatedPrefix('monthly_return'), reason: /rows are duplicated/ }];
      },
    },
    {
      what: 'a curated file of an uncommitted submission',
      damage: async (store) => {
        const s = aReturn();
        const contract = contracts['monthly-return'];
        const file = store
          .keys(keys.curatedPrefix('monthly_return'))
          .find((k) => k.includes(s.submission_id))!;
        const rows = (await readRowFile(store, contract, file)).map((r) => ({
          ...r,
          submission_id: 'sub_unfinished',
        }));
        const key = file.replace(s.submission_id, 'sub_unfinished');
        await store.put(key, encodeParquet(rows, curatedSchema(contract)));
        return [{ key, reason: /sub_unfinished, which has no ledger record: an ingest that did not finish/ }];
      },
    },
    {
      what: 'a council feed’s lost rows file',
      damage: async (store) => {
        const s = first((r) => r.input_type === 'offers' && r.rows_accepted > 0);
        const key = keys.submissionRows('offers', s.submission_id);
        await store.delete(key);
        return [
          { key, reason: /accepted rows are missing from its rows file/ },
          { key: keys.curatedPrefix('offers'), reason: /the current state has 0: the table is out of date/ },
        ];
      },
    },
    {
      what: 'a council feed’s table partition duplicated',
      damage: async (store) => {
        const file = store.keys(keys.curatedPrefix('offers'))[0]!;
        await store.put(file.replace('data.parquet', 'data-copy.parquet'), store.objects.get(file)!);
        return [{ key: keys.curatedPrefix('offers'), reason: /the table is out of date or damaged/ }];
      },
    },
  ];

  for (const { what, damage } of damages) {
    it(`names ${what}`, async () => {
      const store = copyStore(lake);
      const expected = await damage(store);
      const { findings } = await auditLake(store);
      expect(findings).toHaveLength(expected.length);
      for (const { key, reason } of expected)
        expect(findings).toContainEqual(
          expect.objectContaining({ key, reason: expect.stringMatching(reason) }),
        );
    });
  }

  it('reads only the table files CONTRACTS §3 names: a lake nested in a table folder is stray, not rows', async () => {
    const store = copyStore(lake);
    const nested: string[] = [];
    for (const table of ['monthly_return', 'offers']) {
      for (const key of lake.keys('')) {
        const at = `${keys.curatedPrefix(table)}old-lake/${key}`;
        store.objects.set(at, lake.objects.get(key)!);
        if (at.endsWith('.parquet')) nested.push(at);
      }
    }
    const { findings } = await auditLake(store);
    expect(nested.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.reason !== 'is not part of any curated table.')).toEqual([]);
    for (const key of nested) expect(findings).toContainEqual(expect.objectContaining({ key }));
  });

  it('names the temporary files of writes that did not finish', async () => {
    const store = copyStore(lake);
    await store.put('tmp/4242-7-sub_x.json', '{"half": ');
    expect((await auditLake(store)).findings).toEqual([
      {
        check: 'tmp',
        key: 'tmp/4242-7-sub_x.json',
        reason: expect.stringMatching(/^is a temporary file \(9 bytes\) of a write that did not finish/),
      },
    ]);
  });

  it('names a file that arrived but was never ingested', async () => {
    const store = copyStore(lake);
    await store.put('landing/P001/monthly-return/late.csv', 'provider_id\nP001\n');
    const { findings } = await auditLake(store);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'landing', key: 'landing/P001/monthly-return/late.csv' }),
    ]);
    await ingestText(store, 'late.csv', 'provider_id\nP001\n', 'monthly-return', 'P001');
    expect((await auditLake(store)).findings).toEqual([]);
  });
});
