// What every end-to-end test file needs of the built playground: where the
// build is, a page opened on it, and typing into its editor.
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './browser.mjs';
import { serveDirectory } from './static-server.mjs';

/** The built playground: FIXPOINT_DIST=DIR points the tests at another build. */
export const DIST = process.env.FIXPOINT_DIST ?? fileURLToPath(new URL('../../../dist', import.meta.url));

/**
 * Opens `url` in a new page of `context`, with `timeout` for every wait and
 * the page's uncaught errors echoed to the test log.
 */
export async function openPage(context, url, timeout) {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  return page;
}

/**
 * What most test files set up once: the built playground served on
 * loopback and opened in a fresh Chromium, with `timeout` for every wait.
 * Resolves to { server, browser, page, close }; `close()` ends the browser
 * and the server (also done here if the page does not open).
 */
export async function openPlayground(timeout) {
  const server = await serveDirectory(DIST);
  const browser = await launchBrowser();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await openPage(browser.context, server.url, timeout);
    return { server, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Replaces the editor's text by typing it, key by key, into CodeMirror. */
export async function typeSource(page, text) {
  const editor = page.getByTestId('code-editor');
  await editor.click();
  await editor.press('Control+A');
  await editor.press('Delete');
  await editor.pressSequentially(text);
}
