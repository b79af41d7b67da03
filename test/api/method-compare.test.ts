// GET /api/method/compare on the golden county, served with config/method-v2-example.json as the
// second method (serve --compare-method): commissioners only, 404 without a second method, the
// same movers as `carescore compare --format json`, kept per month until the lake changes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../functions/adapters/fs-object-store.ts';
import { loadMethodConfig } from '../../functions/domain/method/config.ts';
import type { ObjectStore } from '../../functions/pipeline/ports.ts';
import { runCli as cli } from '../helpers/run-cli.ts';
import { as, commissioner, openTestApi, type TestApi } from './api-app.ts';

const root = join(import.meta.dirname, '..', '..');
const fixture = join(root, 'test', 'fixtures', 'golden');
const v2File = join(root, 'config', 'method-v2-example.json');

let lake: string;
let asOf: string;
let api: TestApi;
let plain: TestApi;
let gets = 0;

/** The lake's store, counting the objects read (a kept comparison reads none). */
function counting(store: ObjectStore): ObjectStore {
  return new Proxy(store, {
    get(target, name) {
      if (name === 'get')
        return (key: string) => {
          gets++;
          return target.get(key);
        };
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'carescore-api-compare-'));
  asOf = (await readFile(join(fixture, 'as-of.txt'), 'utf8')).trim();
  expect((await cli(['ingest', '--manifest', join(fixture, 'manifest.csv'), '--lake', lake])).code).toBe(0);
  expect((await cli(['score', '--as-of', asOf, '--lake', lake])).code).toBe(0);
  const compareMethod = loadMethodConfig(JSON.parse(await readFile(v2File, 'utf8')));
  const now = () => new Date(asOf);
  api = await openTestApi(lake, { compareMethod, now, store: counting(new FsObjectStore(lake)) });
  plain = await openTestApi(lake, { now });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await plain?.close();
  if (lake) await rm(lake, { recursive: true, force: true });
});

const get = async (app: TestApi, path: string, who = commissioner) => {
  const response = await app.app.request(path, as(who));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /api/method/compare', () => {
  it('is refused to a provider (403), and is 404 with a sentence when no second method is loaded', async () => {
    const provider = await get(api, '/api/method/compare?period=2025-02', 'provider:P005');
    expect(provider.status).toBe(403);
    const none = await get(plain, '/api/method/compare?period=2025-02');
    expect(none.status).toBe(404);
    expect(none.body.error).toBe(
      'No second method is loaded to compare with: start carescore serve with --compare-method FILE (a method JSON file).',
    );
  });

  it('GET /api/method names the second method, or null', async () => {
    expect((await get(api, '/api/method')).body.compare_with).toBe('v2-example');
    expect((await get(plain, '/api/method')).body.compare_with).toBeNull();
    expect((await get(api, '/api/method', 'provider:P005')).body.compare_with).toBe('v2-example');
  });

  it("gives what compare's CLI JSON gives for the month: P005 2025-02 moves down", async () => {
    const r = await cli([
      'compare',
      '--method',
      v2File,
      '--as-of',
      asOf,
      '--period',
      '2025-02',
      '--format',
      'json',
      '--lake',
      lake,
    ]);
    expect(r.code).toBe(0);
    const expected = JSON.parse(r.out);
    const { status, body } = await get(api, '/api/method/compare?period=2025-02');
    expect(status).toBe(200);
    expect(body).toEqual(expected);
    expect((body.movers as { provider_id: string }[]).map((m) => m.provider_id)).toEqual(['P005']);
    expect(body.summary).toEqual({ up: 0, down: 1, other: 0, unchanged: 4 });
  });

  it('compares the latest complete month by default; a bad or unscored month is refused', async () => {
    const session = await get(api, '/api/session');
    const { body } = await get(api, '/api/method/compare');
    expect(body.periods).toEqual([session.body.latest_complete]);
    const bad = await get(api, '/api/method/compare?period=2025-2');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^The period must be a month written YYYY-MM/);
    const unscored = await get(api, '/api/method/compare?period=2024-01');
    expect(unscored.status).toBe(404);
    expect(unscored.body.error).toBe(
      '2024-01 has not been scored: pick a month from the list of scored months.',
    );
  });

  it('keeps a month until an upload changes the lake, then compares afresh', async () => {
    await get(api, '/api/method/compare?period=2025-03');
    const before = gets;
    const again = await get(api, '/api/method/compare?period=2025-03');
    expect(again.status).toBe(200);
    expect(gets).toBe(before);

    const kept = await get(api, '/api/method/compare?period=2025-02');
    expect((kept.body.movers as { provider_id: string }[]).map((m) => m.provider_id)).toEqual(['P005']);
    // P005 resends February with no late calls: D01 scores 4 under both methods.
    const original = await readFile(join(fixture, 'inputs', 'returns', 'P005-2025-02.csv'), 'utf8');
    const [header, row] = original.trim().split('\n') as [string, string];
    const cells = row.split(',');
    cells[header.split(',').indexOf('calls_late_early')] = '0';
    const data = new FormData();
    data.append(
      'file',
      new File([`${header}\n${cells.join(',')}\n`], 'P005-2025-02.csv', { type: 'text/csv' }),
    );
    data.append('type', 'monthly-return');
    data.append('provider_id', 'P005');
    const upload = await api.app.request(
      '/api/submissions',
      as(commissioner, { method: 'POST', body: data }),
    );
    expect(upload.status).toBe(200);

    const after = await get(api, '/api/method/compare?period=2025-02');
    expect(after.status).toBe(200);
    const p005 = (after.body.movers as { provider_id: string; kpis: { kpi_id: string }[] }[]).find(
      (m) => m.provider_id === 'P005',
    );
    expect((p005?.kpis ?? []).map((k) => k.kpi_id)).not.toContain('D01');
  });
});

describe('carescore serve --compare-method', () => {
  it('stops with one sentence when the file is missing, not JSON or not a valid method', async () => {
    const missing = await cli(['serve', '--compare-method', join(lake, 'nope.json'), '--lake', lake]);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      `carescore serve: Cannot read the method file ${join(lake, 'nope.json')} (no such file): give the path of a method JSON file, e.g. config/method-v2-example.json.`,
    );
    const notJson = join(lake, 'not.json');
    await writeFile(notJson, '{ "method_version": ');
    const broken = await cli(['serve', '--compare-method', notJson, '--lake', lake]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(
      /^carescore serve: The method file .+not\.json is not JSON \(.+\): fix it and run serve again\.$/,
    );
    const method = JSON.parse(await readFile(v2File, 'utf8'));
    method.kpis.find((k: { id: string }) => k.id === 'D02').value = 'op.sum(d.calls_missd)';
    const bad = join(lake, 'bad.json');
    await writeFile(bad, JSON.stringify(method));
    const invalid = await cli(['serve', '--compare-method', bad, '--lake', lake]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain(`The method file ${bad} is not a valid method:`);
    expect(invalid.err).toContain(`KPI D02's value "op.sum(d.calls_missd)"`);
    expect(invalid.err.split('\n')).toHaveLength(1);
  });
});
