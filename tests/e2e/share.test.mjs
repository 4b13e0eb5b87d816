// End-to-end: share links in the playground (docs/share-links.md): the
// address bar follows edits, a reload reopens the workspace, the share
// dialog, and the banner for a corrupt or truncated link.
//
// Run after `trunk build --release`: `node --test tests/e2e/` (.ci/run);
// FIXPOINT_DIST=/path/to/dist points the tests at another build.
//
// Every wait is on a condition (an element, a URL, a message), with
// generous time-outs for a slow, shared 2-core machine; none is a fixed
// sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { serveDirectory } from './support/static-server.mjs';
import { launchBrowser } from './support/browser.mjs';
import { decodeLink, encodeLink } from './support/share-link.mjs';
import { DIST, openPage, typeSource } from './support/playground.mjs';
const TIMEOUT = 90_000;

let server;
let browser;
let page;

before(async () => {
  server = await serveDirectory(DIST);
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(server.url).origin,
  });
  page = await newPage(server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function newPage(url) {
  return openPage(browser.context, url, TIMEOUT);
}

async function settledValue(target, text) {
  const value = target
    .locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]')
    .filter({ hasText: text });
  await value.waitFor();
  return value;
}

/**
 * Waits until the address bar's link holds a main.nix with `text`; returns
 * the URL. Polls the page's URL on each animation frame until it changes,
 * then decodes it here (the JS link reader lives in Node).
 */
async function linkWith(target, text) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const url = target.url();
    let files = [];
    try {
      files = decodeLink(url).files;
    } catch {
      // Not (yet) a link of ours: the broken one, or none.
    }
    if (files.some((file) => file.path === 'main.nix' && file.text === text)) return url;
    if (Date.now() > deadline) {
      throw new Error(`the address bar never held ${JSON.stringify(text)}: ${url}`);
    }
    await target.waitForFunction((seen) => location.href !== seen, url, { timeout: 5_000 }).catch(() => {});
  }
}

test('edits reach the address bar without new history entries, and a reload reopens them', async () => {
  await settledValue(page, /^42$/);
  const historyBefore = await page.evaluate(() => history.length);
  await typeSource(page, 'let x = 6; in x * 7');
  await settledValue(page, /^42$/);
  const url = await linkWith(page, 'let x = 6; in x * 7');
  assert.equal(await page.evaluate(() => history.length), historyBefore, 'replaceState, not pushState');
  assert.equal(decodeLink(url).entry, 'main.nix');

  await page.reload();
  await settledValue(page, /^42$/);
  await page.locator('.cm-editor').waitFor();
  assert.match(await page.getByTestId('code-editor').textContent(), /let x = 6; in x \* 7/);
  assert.equal(page.url(), url, 'the same link after the reload');
});

test('the share dialog shows the link, its length, and copies it', async () => {
  await page.getByTestId('share').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.waitFor();
  const url = await page.getByTestId('share-url').inputValue();
  assert.equal(url, page.url());
  assert.equal(await page.getByTestId('share-length').textContent(), `${url.length} characters`);
  assert.equal(await page.getByTestId('share-warning').count(), 0);
  await page.getByTestId('share-copy').click();
  await page.getByTestId('share-copied').filter({ hasText: 'Copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the share dialog warns about a link past 2,000 characters', async () => {
  // Random text does not compress: its link is long.
  const text = `"${randomBytes(1800).toString('hex')}"`;
  const opened = await newPage(server.url + '#' + encodeLink({
    files: [{ path: 'main.nix', text }], entry: 'main.nix',
  }));
  await opened.getByTestId('share').click();
  const length = Number((await opened.getByTestId('share-length').textContent()).split(' ')[0]);
  assert.ok(length > 2000, `a long link (${length})`);
  await opened.getByTestId('share-warning').waitFor();
  await opened.close();
});

test('a corrupt link shows the banner with the reason and offers the last local workspace', async () => {
  // The last local workspace is the one edited in the first test.
  const good = encodeLink({ files: [{ path: 'main.nix', text: '"shared"' }], entry: 'main.nix' });
  // The first base64 characters hold the CRC: change one, the checksum fails.
  const corrupt = good.slice(0, 3) + (good[3] === 'A' ? 'B' : 'A') + good.slice(4);
  const opened = await newPage(server.url + '#' + corrupt);
  const banner = opened.getByTestId('link-banner');
  await banner.waitFor();
  assert.match(await opened.getByTestId('link-error').textContent(), /^the link's checksum does not match/);
  assert.match(await banner.textContent(), /corrupt or truncated/);
  assert.ok(opened.url().endsWith('#' + corrupt), 'the broken link stays in the address bar');
  // Never an empty editor behind the banner.
  await settledValue(opened, /^42$/);
  assert.notEqual((await opened.getByTestId('code-editor').textContent()).trim(), '');

  await opened.getByTestId('restore-last-workspace').click();
  await banner.waitFor({ state: 'detached' });
  await opened.locator('.cm-editor').waitFor();
  await opened.getByTestId('code-editor').filter({ hasText: 'let x = 6; in x * 7' }).waitFor();
  await linkWith(opened, 'let x = 6; in x * 7');
  await opened.close();
});

test('a truncated link says so, and a link pasted into an open page is opened', async () => {
  const good = encodeLink({ files: [{ path: 'main.nix', text: '"shared link"' }], entry: 'main.nix' });
  // Drop the last bytes of the frame (inside the deflate data), and write
  // the rest as well-formed base64url, as a cut-off copy of a link can be.
  const frame = Buffer.from(good.slice(3), 'base64url');
  const cut = 'v1.' + frame.subarray(0, frame.length - 5).toString('base64url');
  const opened = await newPage(server.url + '#' + cut);
  await opened.getByTestId('link-banner').waitFor();
  assert.match(await opened.getByTestId('link-error').textContent(), /truncated|does not decompress|compressed data is corrupt/);
  await opened.evaluate((fragment) => { location.hash = fragment; }, good);
  await opened.getByTestId('link-banner').waitFor({ state: 'detached' });
  const value = opened.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]');
  await value.filter({ hasText: '"shared link"' }).waitFor();
  await opened.close();
});

// Last: its edit becomes the browser's last local workspace.
test('a set-mode link opens its stack, toggles and tab, and edits keep them in the link', async () => {
  const files = [
    { path: 'base.nix', text: 'final: { greeting = "hello"; }' },
    { path: 'name.nix', text: 'final: prev: { name = "nix"; greeting = "hi"; }' },
    { path: 'msg.nix', text: 'final: prev: { msg = "${final.greeting} ${final.name}"; }' },
  ];
  const link = encodeLink({
    files,
    base: 'base.nix',
    overlays: [{ file: 'name.nix', enabled: false }, { file: 'msg.nix', enabled: true }],
    active: 'msg.nix',
    tab: 'graph',
  });
  const opened = await newPage(server.url + '#' + link);
  await opened.locator('[data-testid="tab-graph"][aria-selected="true"]').waitFor();
  await opened.locator('[data-testid="overlay"]').nth(1).waitFor();
  // The stack panel lists the last-applied overlay on top.
  assert.deepEqual(
    await opened.locator('[data-testid="overlay"]').evaluateAll((items) => items.map((item) => item.dataset.file)),
    ['msg.nix', 'name.nix'],
  );
  await opened.locator('.cm-editor').waitFor();
  assert.match(await opened.getByTestId('code-editor').textContent(), /msg = /);
  // An edit: the link follows, with the same stack, toggles and tab.
  await typeSource(opened, 'final: prev: { msg = final.greeting; }');
  const url = await (async () => {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      const current = opened.url();
      try {
        const decoded = decodeLink(current);
        if (decoded.files.some((file) => file.text === 'final: prev: { msg = final.greeting; }')) return current;
      } catch {
        // Not yet.
      }
      if (Date.now() > deadline) throw new Error(`the link never followed the edit: ${current}`);
      await opened.waitForFunction((seen) => location.href !== seen, current, { timeout: 5_000 }).catch(() => {});
    }
  })();
  const decoded = decodeLink(url);
  assert.equal(decoded.base, 'base.nix');
  assert.deepEqual(decoded.overlays, [{ file: 'name.nix', enabled: false }, { file: 'msg.nix', enabled: true }]);
  assert.equal(decoded.active, 'msg.nix');
  assert.equal(decoded.tab, 'graph');
  assert.deepEqual(decoded.files.map((file) => file.path), ['base.nix', 'name.nix', 'msg.nix']);
  await opened.close();
});
