// `npm run build` builds the web app too (web/dist, which `carescore serve` serves), and what it
// builds can run under the server's CSP: scripts and stylesheets as files, nothing inline, no
// GOV.UK-only brand assets (the crown, the GDS Transport font).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = resolve(import.meta.dirname, '../../web/dist');

describe('the built web app (npm run build)', () => {
  it('is an index.html whose scripts and styles are files, with none inline', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    const linked = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(linked.some((f) => f.endsWith('.css'))).toBe(true);
    for (const file of linked) expect(existsSync(join(dist, file)), file).toBe(true);
  });

  it('uses a system font and none of GOV.UK’s own brand assets', () => {
    const css = readdirSync(join(dist, 'assets'))
      .filter((f) => f.endsWith('.css'))
      .map((f) => readFileSync(join(dist, 'assets', f), 'utf8'))
      .join('\n');
    expect(css).toContain('system-ui');
    expect(css).not.toMatch(/GDS Transport|govuk-crest|@font-face/);
    expect(css).toContain('.govuk-error-summary');
  });
});
