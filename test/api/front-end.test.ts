// carescore serve's front end: the built files at /, index.html for the page's own routes, the
// API's 404 for an unknown /api path, and the security headers on every file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFrontEnd } from '../../functions/cli/commands/serve.ts';
import { buildFixtureLake } from '../queries/fixture-lake.ts';
import { as, commissioner, openTestApi, type TestApi } from './api-app.ts';

let lake: string;
let web: string;
let api: TestApi;

beforeAll(async () => {
  lake = await buildFixtureLake();
  web = await mkdtemp(join(tmpdir(), 'carescore-web-'));
  await mkdir(join(web, 'assets'));
  await writeFile(
    join(web, 'index.html'),
    '<!doctype html><title>carescore</title><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(join(web, 'assets', 'app.js'), 'console.log(1);');
  api = await openTestApi(lake);
  expect(serveFrontEnd(api.app, web)).toBe(true);
}, 60_000);

afterAll(async () => {
  await api?.close();
  for (const dir of [lake, web]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the front end beside the API', () => {
  it('serves the files, and index.html for the page’s own routes', async () => {
    const script = await api.app.request('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
    expect(await script.text()).toBe('console.log(1);');
    for (const path of ['/', '/providers/P001', '/overview?period=2025-03']) {
      const page = await api.app.request(path);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toMatch(/^<!doctype html><title>carescore/);
      expect(page.headers.get('Content-Security-Policy'), path).toMatch(/script-src 'self'/);
      expect(page.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
  });

  it('keeps /api for the API: an unknown API path is a JSON 404, not the page', async () => {
    const missing = await api.app.request('/api/nothing-here', as(commissioner));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'There is no GET /api/nothing-here in the API.' });
    expect((await api.app.request('/api/session', as(commissioner))).status).toBe(200);
  });

  it('does not serve files outside the build folder', async () => {
    const outside = await api.app.request('/..%2f..%2fetc%2fpasswd');
    expect(await outside.text()).not.toMatch(/root:/);
  });

  it('says there is no build when web/dist has no index.html', async () => {
    expect(serveFrontEnd(api.app, join(web, 'assets'))).toBe(false);
  });
});
