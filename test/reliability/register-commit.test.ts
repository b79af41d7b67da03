// A committed provider register is what the next ingest validates against, even when the ingest
// that committed it stopped before rebuilding the register table: a crash at every step of
// ingesting a new register, then (with no retry) a return from the provider it adds is accepted
// exactly when the new register's ledger record was written, and `validate` (a dry run) agrees
// without writing anything. As a process: `carescore ingest` of a register that fails right after
// its commit, then `carescore ingest` of the new provider's return.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { mergedSubmissionIds } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { FaultyStore, InjectedFaultError, snapshotStore } from '../helpers/faulty-store.ts';
import { ingestText, lakeWithRegister, monthlyRow, registerCsv } from '../helpers/ingest.ts';
import { copyStore, returnCsv } from './lake-fixture.ts';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));

/** The register with a provider added: P003. */
const newRegister = `${registerCsv}P003,New Care,1-103,1-203,New Hythe,K01,2025-01-01\n`;
const p003Return = returnCsv(monthlyRow({ provider_id: 'P003', branch_id: '1-203', period: '2025-01' }));

describe('a crash at every step of ingesting a new register', () => {
  it('the next return is checked against exactly the committed register', async () => {
    const base = await lakeWithRegister();
    const counter = new FaultyStore(copyStore(base), { counts: 'writes' });
    const clean = await ingestText(counter, 'register-2.csv', newRegister, 'provider-register');
    const ledgerKey = keys.ledger(clean.submission.submission_id);
    expect(counter.steps.at(-1)).not.toBe(`put ${ledgerKey}`); // the table is rebuilt after the commit
    for (let at = 1; at <= counter.steps.length; at++) {
      const store = copyStore(base);
      const faulty = new FaultyStore(store, { counts: 'writes', fault: { at, mode: 'dies' } });
      await expect(
        ingestText(faulty, 'register-2.csv', newRegister, 'provider-register'),
      ).rejects.toBeInstanceOf(InjectedFaultError);
      const committed = (await store.head(ledgerKey)) !== null;
      const expected = committed ? 'accepted' : 'rejected';
      const where = `after a crash at ${counter.steps[at - 1]}`;

      const before = await snapshotStore(store);
      const dry = await ingestText(store, 'p003.csv', p003Return, 'monthly-return', 'P003', undefined, true);
      expect(dry.submission.status, `validate ${where}`).toBe(expected);
      expect(await snapshotStore(store), `validate wrote nothing ${where}`).toEqual(before);

      const result = await ingestText(store, 'p003.csv', p003Return, 'monthly-return', 'P003');
      expect(result.submission.status, `ingest ${where}`).toBe(expected);
    }
  });
});

describe('a register table that is current', () => {
  it('costs one list and one small read per file: no ledger look-up, no rebuild', async () => {
    const base = await lakeWithRegister();
    await ingestText(
      base,
      'register-2.csv',
      newRegister,
      'provider-register',
      'council',
      '2025-02-01T10:00:00Z',
    );
    const counted = new FaultyStore(base, { counts: 'all' });
    const result = await ingestText(counted, 'p003.csv', p003Return, 'monthly-return', 'P003');
    expect(result.submission.status).toBe('accepted');
    // No register submission is looked up (its ledger record or rows); the table is only read.
    const registerIds = await mergedSubmissionIds(base, contracts['provider-register']);
    expect(counted.steps.filter((step) => registerIds.some((id) => step.includes(id)))).toEqual([]);
    const register = counted.steps.filter((step) => step.includes('provider_register'));
    expect(register.filter((step) => !/^(get|list) /.test(step))).toEqual([]);
    expect(register.filter((step) => step.includes('_submissions/'))).toEqual([
      'list curated/_submissions/provider_register/',
      'get curated/_submissions/provider_register/_built-from.json',
    ]);
  });
});

function carescore(args: string[]) {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: child.status, out: child.stdout, err: child.stderr };
}

describe('carescore ingest as a process', () => {
  it('accepts a return from a provider a register added, after that register ingest stopped before its rebuild', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carescore-register-'));
    const lake = join(dir, 'lake');
    const file = async (name: string, content: string) => {
      await writeFile(join(dir, name), content);
      return join(dir, name);
    };
    const ingest = async (name: string, content: string, receivedAt: string, ...more: string[]) =>
      carescore(['ingest', await file(name, content), '--lake', lake, '--received-at', receivedAt, ...more]);
    expect(
      (await ingest('register.csv', registerCsv, '2025-01-05T10:00:00Z', '--type', 'provider-register')).code,
    ).toBe(0);

    // The register table's file cannot be replaced (a folder stands in its way): the next
    // register ingest commits, then fails rebuilding the table, as if killed there.
    const table = join(lake, keys.curatedTable('provider_register', 'data'));
    const oldTable = await readFile(table);
    await rm(table);
    await mkdir(join(table, 'blocked'), { recursive: true });
    const stopped = await ingest(
      'register-2.csv',
      newRegister,
      '2025-02-01T10:00:00Z',
      '--type',
      'provider-register',
    );
    expect(stopped.code).toBe(1);
    expect(await readdir(join(lake, keys.ledgerPrefix))).toHaveLength(2); // it had committed
    await rm(table, { recursive: true });
    await writeFile(table, oldTable);

    const next = await ingest(
      'p003.csv',
      p003Return,
      '2025-02-10T10:00:00Z',
      '--type',
      'monthly-return',
      '--provider',
      'P003',
    );
    expect(next.err).toBe('');
    expect(next.out).toMatch(/: sub_\w+ {2}accepted {2}1 accepted, 0 rejected /);
    expect(next.code).toBe(0);
  });
});
