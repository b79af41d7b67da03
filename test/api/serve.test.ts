// carescore serve as a user runs it (the build in dist/cli: npm run build first): it prints its
// address, answers the API there, and refuses requests addressed to another host or from another
// origin (DNS rebinding, cross-site requests).
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureLake } from '../queries/fixture-lake.ts';

const bin = fileURLToPath(new URL('../../bin/carescore.mjs', import.meta.url));

let lake: string;
let child: ChildProcess;
let base: string;
let stderr = '';

beforeAll(async () => {
  lake = await buildFixtureLake();
  child = spawn(process.execPath, [bin, 'serve', '--lake', lake, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  expect(line).toMatch(/^carescore is serving .+ at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl\+C to stop\)$/);
  base = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)![1]!;
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (lake) await rm(lake, { recursive: true, force: true });
});

describe('carescore serve', () => {
  it('answers GET /api/session at the address it prints', async () => {
    const response = await fetch(`${base}api/session`, { headers: { 'X-Carescore-As': 'commissioner' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { local: boolean; providers: unknown[]; latest_complete: string };
    expect(body).toMatchObject({ local: true, latest_complete: '2025-03' });
    expect(body.providers).toHaveLength(6);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('refuses a request to another host name (DNS rebinding) and a POST from another origin', async () => {
    const port = new URL(base).port;
    const rebound = await rawRequest(port, {
      Host: `evil.example:${port}`,
      'X-Carescore-As': 'commissioner',
    });
    expect(rebound.status).toBe(403);
    const foreign = await fetch(
      `${base}api/alerts/${encodeURIComponent('RISK_CRITICAL|P3|2025-02')}/acknowledge`,
      {
        method: 'POST',
        headers: { 'X-Carescore-As': 'commissioner', Origin: 'http://evil.example' },
      },
    );
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toMatch(
      /^Requests from http:\/\/evil\.example are refused/,
    );
    const own = await fetch(`${base}api/session`, {
      headers: { 'X-Carescore-As': 'commissioner', Origin: base.slice(0, -1) },
    });
    expect(own.status).toBe(200);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/** fetch() sets Host from the URL; a rebinding attack's Host differs, so send it by hand. */
async function rawRequest(port: string, headers: Record<string, string>): Promise<{ status: number }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path: '/api/session', headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.once('error', reject);
    req.end();
  });
}

describe('carescore serve: its options', () => {
  const run = async (args: string[]) => {
    const { main } = await import('../../functions/cli/main.ts');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err: err.join('\n') };
  };

  it('refuses a folder that is not a lake with the lake check’s sentence', async () => {
    const result = await run(['serve', '--lake', '/nonexistent/carescore-lake', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^carescore serve: There is no lake at \/nonexistent\/carescore-lake: /);
  });

  it('refuses to listen beyond this machine, having no sign-in (usage error, exit 2)', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::']) {
      const result = await run(['serve', '--lake', lake, '--port', '0', '--host', host]);
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        `carescore serve: --host ${host} would open the lake to other machines, and serve has no sign-in: use a loopback address (127.0.0.1, the default, or ::1).`,
      );
    }
  });

  it('refuses a port that is not one (usage error, exit 2)', async () => {
    const result = await run(['serve', '--lake', lake, '--port', 'eighty']);
    expect(result).toMatchObject({
      code: 2,
      err: 'carescore serve: --port must be a port number from 0 to 65535 (0 picks a free one).',
    });
  });
});
