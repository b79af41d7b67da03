// The web app in its AWS mode (issue 19, functions/api/CONTRACT.md part 3), in headless Chromium against
// the harness of aws-harness.ts: a provider who is not signed in signs in with the managed login
// (authorisation code + PKCE, checked by the Cognito double's token endpoint), sees its scorecard,
// sends a return by presigned POST to the landing bucket (fauxqs) and reads the report the page polls
// for; signs out; and a sign-in that ran out asks to sign in again. axe-core checks every page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipWithoutChromium } from '../helpers/chromium.ts';
import { useLocalAws } from '../helpers/fauxqs.ts';
import {
  buildDemoLake,
  checkPage,
  dropFile,
  monthToSend,
  openPage,
  type ProviderToSend,
  returnCsv,
  returnRow,
  seriousViolations,
} from '../helpers/web-app.ts';
import {
  type AwsWebHarness,
  bearerFor,
  s256Challenge,
  startAwsWebHarness,
  startCognitoDouble,
} from './aws-harness.ts';

const provider = 'P003';

describe('the Cognito double checks PKCE as RFC 7636 computes it', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('refuses a code exchanged with the wrong verifier or redirect_uri, or twice', async () => {
    const origin = 'http://127.0.0.1:9';
    const double = await startCognitoDouble({ origin, redirectUri: `${origin}/`, logoutUri: `${origin}/` });
    try {
      const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
      const authorize = async () => {
        const q = new URLSearchParams({
          client_id: double.clientId,
          redirect_uri: `${origin}/`,
          response_type: 'code',
          scope: 'openid email',
          state: 's1',
          code_challenge: s256Challenge(verifier),
          code_challenge_method: 'S256',
        });
        const answer = await fetch(`${double.domain}/oauth2/authorize?${q}`, { redirect: 'manual' });
        expect(answer.status).toBe(302);
        const back = new URL(answer.headers.get('Location')!);
        expect(back.searchParams.get('state')).toBe('s1');
        return back.searchParams.get('code')!;
      };
      const exchange = (code: string, over: Record<string, string> = {}) =>
        fetch(`${double.domain}/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: double.clientId,
            code,
            redirect_uri: `${origin}/`,
            code_verifier: verifier,
            ...over,
          }),
        }).then((r) => r.status);
      expect(await exchange(await authorize(), { code_verifier: `${verifier.slice(0, -1)}Y` })).toBe(400);
      expect(await exchange(await authorize(), { redirect_uri: `${origin}/other` })).toBe(400);
      const code = await authorize();
      expect(await exchange(code)).toBe(200);
      expect(await exchange(code)).toBe(400);
      expect(double.exchanges).toEqual(['code_verifier', 'redirect_uri', 'ok', 'code']);
    } finally {
      await double.close();
    }
  });
});

describe.skipIf(skipWithoutChromium)(
  'web app on AWS: sign in, scorecard, send a return by presigned POST',
  () => {
    const aws = useLocalAws();
    let dir = '';
    let harness: AwsWebHarness | undefined;
    let browser: Browser | undefined;
    let branches: string[] = [];
    let period = '';

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'carescore-web-aws-'));
      buildDemoLake(join(dir, 'lake'));
      harness = await startAwsWebHarness(join(dir, 'lake'), aws());
      harness.cognito.user = { email: 'returns@p003.example.test', providerId: provider };
      browser = await launchChromium();
      const response = await harness.api.app.request(`/api/providers/${provider}`, {
        headers: { Authorization: bearerFor(harness.cognito, provider) },
      });
      ({ branches, period } = monthToSend((await response.json()) as ProviderToSend));
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await harness?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const csv = () => returnCsv(branches.map((branch) => returnRow(provider, branch, period)));

    /** The sign-in page has no menu (no one is known yet): its title, h1, and axe. */
    async function checkSignInPage(page: Page): Promise<string[]> {
      await page.getByTestId('sign-in').waitFor();
      const found: string[] = [];
      if ((await page.title()) !== 'Sign in – carescore') found.push(`title "${await page.title()}"`);
      if ((await page.locator('h1').count()) !== 1) found.push('not one h1');
      if ((await page.getByTestId('role-switch').count()) !== 0) found.push('the local role switch is shown');
      if ((await page.getByTestId('account').count()) !== 0) found.push('someone is shown signed in');
      found.push(...(await seriousViolations(page)));
      return found;
    }

    it('signs in, shows the scorecard, sends a return and shows its report, then signs out', async () => {
      const h = harness!;
      const { page, problems } = await openPage(browser!);
      const apiCalls: { method: string; url: string; as: string | undefined; bearer: boolean }[] = [];
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) refused.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      page.on('request', (r) => {
        const headers = r.headers();
        if (r.url().includes('/api/') || r.url().endsWith('/uploads'))
          apiCalls.push({
            method: r.method(),
            url: r.url(),
            as: headers['x-carescore-as'],
            bearer: /^Bearer ey/.test(headers.authorization ?? ''),
          });
      });

      // Not signed in: the sign-in page, and nothing asked of the API.
      await page.goto(`${h.pageUrl}#/scorecard`);
      expect(await checkSignInPage(page)).toEqual([]);
      expect(apiCalls).toEqual([]);

      // The managed login (the double) sends the browser back with a code; the page exchanges it.
      await page.getByTestId('sign-in').click();
      await page.getByRole('heading', { level: 1, name: 'My scorecard' }).waitFor();
      expect(h.cognito.exchanges).toEqual(['ok']);
      // Back where the person started, with the code and state gone from the address.
      expect(new URL(page.url()).search).toBe('');
      expect(new URL(page.url()).hash).toBe('#/scorecard');
      expect(await checkPage(page, /^My scorecard/)).toEqual([]);
      await expect(page.getByTestId('account').textContent()).resolves.toMatch(
        new RegExp(`^Signed in as provider ${provider} – .+ \\(returns@p003\\.example\\.test\\)Sign out$`),
      );
      expect(await page.getByTestId('role-switch').count()).toBe(0);
      // Tokens only in this tab's sessionStorage.
      const stored = await page.evaluate(() => ({
        session: Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.')),
        local: Object.keys(localStorage),
      }));
      expect(stored.session.some((k) => k.startsWith('oidc.user:'))).toBe(true);
      expect(stored.local).toEqual([]);

      // What's due: the template comes through the API with the bearer token.
      await page.getByRole('link', { name: "What's due" }).click();
      await page.getByRole('heading', { level: 1, name: "What's due" }).waitFor();
      expect(await checkPage(page, /^What's due/)).toEqual([]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^CSV/ }).first().click(),
      ]);
      expect(download.suggestedFilename()).toBe('monthly-return.csv');

      // Send a return: checked here, then by presigned POST to the landing bucket, then the report.
      await page.getByRole('link', { name: 'Send a return' }).click();
      await page.getByRole('heading', { level: 1, name: 'Send a return' }).waitFor();
      expect(await checkPage(page, /^Send a return/)).toEqual([]);
      const text = csv();
      await dropFile(page, 'return.csv', text);
      await page.getByTestId('checked').waitFor();
      await expect(page.getByTestId('checked').getAttribute('data-errors')).resolves.toBe('0');
      const progress = page.getByTestId('upload-progress');
      await expect(progress.getAttribute('role')).resolves.toBe('status');
      await page.getByTestId('send').click();
      await page.getByText('Checking your file…').waitFor();
      await page.getByTestId('sent').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('sent').textContent()).resolves.toContain(
        `return.csv was received and checked: ${branches.length} rows accepted, 0 rejected.`,
      );
      expect(await checkPage(page, /^Return sent/)).toEqual([]);

      // The file landed under the provider's own prefix, byte for byte, and was ingested once.
      expect(h.landed).toEqual([`landing/${provider}/monthly-return/return.csv`]);
      const object = await aws().s3.send(new GetObjectCommand({ Bucket: h.landingBucket, Key: h.landed[0] }));
      expect(await object.Body!.transformToString()).toBe(text);
      expect(h.ingestErrors).toEqual([]);
      // Every API call carried the bearer token and no X-Carescore-As; the upload never went to /api/submissions.
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.filter((c) => c.method !== 'OPTIONS' && (!c.bearer || c.as !== undefined))).toEqual([]);
      expect(apiCalls.some((c) => c.method === 'POST' && c.url.endsWith('/uploads'))).toBe(true);
      expect(apiCalls.filter((c) => c.url.includes('/api/submissions'))).toEqual([]);
      expect(
        apiCalls.filter((c) => c.url.endsWith('/report') && c.method === 'GET').length,
        'the report was polled for until it was there',
      ).toBeGreaterThan(1);

      // A file larger than the presigned POST allows: S3 refuses it, and the page says so.
      await page.getByRole('button', { name: 'Send another file' }).click();
      await page.getByRole('heading', { level: 1, name: 'Send a return' }).waitFor();
      h.maxBytes = 100;
      await dropFile(page, 'big.csv', text);
      await page.getByTestId('checked').waitFor();
      await page.getByTestId('send').click();
      await page.getByTestId('send-error').waitFor();
      await expect(page.getByTestId('send-error').textContent()).resolves.toMatch(
        /big\.csv is too large to send \([\d.]+ MB; the largest accepted is 0\.00 MB\): split it or remove what is not needed, then send it again\./,
      );
      expect(await checkPage(page, /^Send a return/)).toEqual([]);
      h.maxBytes = 1024 * 1024;
      expect(h.landed).toHaveLength(1);

      // The scorecard now has the month just sent.
      await page.getByRole('link', { name: 'My scorecard' }).click();
      await page.getByRole('heading', { level: 1, name: 'My scorecard' }).waitFor();
      expect(await checkPage(page, /^My scorecard/)).toEqual([]);

      // Signing out ends the managed login's session too, and leaves no token behind.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByTestId('sign-in').waitFor();
      expect(h.cognito.logouts).toBe(1);
      expect(
        await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))),
      ).toEqual([]);
      expect(await checkSignInPage(page)).toEqual([]);
      // Chromium logs each refusal as a console error: the report's 404s, polled for before it was
      // written, and S3's 400 for the file too large; nothing else.
      expect(refused.filter((r) => r.startsWith('404 ')).length).toBeGreaterThan(0);
      expect(refused.filter((r) => !(r.startsWith('404 ') && r.endsWith('/report')))).toEqual([
        `400 /${h.landingBucket}`,
      ]);
      expect(problems.filter((p) => !/the server responded with a status of (404|400)/.test(p))).toEqual([]);
    });

    it('asks to sign in again when the sign-in has run out', async () => {
      const h = harness!;
      const { page, problems } = await openPage(browser!);
      h.cognito.lifetime = 2;
      await page.goto(h.pageUrl);
      await page.getByTestId('sign-in').click();
      await page.getByRole('heading', { level: 1, name: "What's due" }).waitFor();
      await page.waitForTimeout(2500);
      // The next call finds the token expired: back to the sign-in page, saying why.
      await page.getByRole('link', { name: 'My submissions' }).click();
      await page.getByTestId('sign-in-note').waitFor();
      await expect(page.getByTestId('sign-in-note').textContent()).resolves.toContain(
        'Your sign-in has expired: sign in again to carry on.',
      );
      expect(await checkSignInPage(page)).toEqual([]);
      // And the reload after it still knows no one.
      await page.reload();
      await page.getByTestId('sign-in').waitFor();
      // A sign-in the managed login refused comes back with an error: one sentence, and no one signed in.
      await page.goto(`${h.pageUrl}?error=access_denied&error_description=User+is+disabled&state=abc`);
      await page.getByTestId('sign-in-note').waitFor();
      await expect(page.getByTestId('sign-in-note').textContent()).resolves.toContain(
        'The sign-in was refused (User is disabled): sign in again, and ask the council if it keeps happening.',
      );
      expect(new URL(page.url()).search).toBe('');
      expect(await checkSignInPage(page)).toEqual([]);
      h.cognito.lifetime = 3600;
      expect(problems).toEqual([]);
    });
  },
);
