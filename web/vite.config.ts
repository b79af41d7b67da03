// The web app's build (DESIGN §2): web/ → web/dist/, served by `carescore serve` at / (and on AWS
// from a private bucket behind CloudFront). The server sends a strict CSP (default-src 'self'), so
// the build emits no inline script or style: module scripts and stylesheets are files.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  css: {
    preprocessorOptions: {
      scss: { loadPaths: [fileURLToPath(new URL('../node_modules', import.meta.url))], quietDeps: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No data: URLs inlined into CSS or JS (the CSP's img-src/font-src are 'self').
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // govuk-frontend keeps an old-IE media hack (min-width: 0\0) that lightningcss cannot parse; esbuild passes it on.
    cssMinify: 'esbuild',
    chunkSizeWarningLimit: 1000,
    // Sass takes a few seconds over GOV.UK Frontend: expected, not worth a warning on every build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
