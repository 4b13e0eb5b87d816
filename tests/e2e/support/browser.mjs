// Launches Debian's Chromium headless through playwright-core.
//
// playwright-core lives in web/node_modules (the only package.json of the
// repository), so it is loaded relative to web/package.json. No browser is
// downloaded: Chromium is /usr/bin/chromium from Debian (.ci/setup), started
// with a fresh profile and without background networking, which this
// machine's closed network would refuse anyway.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium with a new, empty user-data-dir; resolves to { context, close }. */
export async function launchBrowser({ viewport = { width: 1200, height: 720 }, colorScheme = 'light' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'fixpoint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: FLAGS,
    viewport,
    colorScheme,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
