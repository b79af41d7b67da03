// Debian's Chromium for the browser tests (DESIGN §7), launched the one way this machine allows:
// no sandbox as root, and no background networking (the network is closed, and Chromium's
// connections would otherwise be refused many at a time).
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const executablePath = '/usr/bin/chromium';

/** Skip the browser tests only on a developer machine without Chromium; in CI its absence fails. */
export const skipWithoutChromium = !existsSync(executablePath) && process.env.CI !== 'true';

if (skipWithoutChromium)
  console.warn(
    `Skipping the browser tests: ${executablePath} not found (install Debian's chromium package).`,
  );

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath))
    throw new Error(
      `CI: ${executablePath} is missing; install the Debian chromium package to run the browser tests.`,
    );
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
