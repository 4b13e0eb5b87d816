// End-to-end: the embed page and the docs script, with the host page on
// another origin than the playground (two loopback ports), in headless
// Chromium. docs/embedding.md describes what is tested here.
//
// Run after `trunk build --release`: `node --test tests/e2e/` (.ci/run);
// FIXPOINT_DIST=/path/to/dist points the tests at another build.
//
// Every wait is on a condition (an element, a message, a style), with
// generous time-outs for a slow, shared 2-core machine; none is a fixed
// sleep. Where a test shows that a message was ignored, it sends a probe
// afterwards (messages are delivered in order) and waits for the probe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serveDirectory } from './support/static-server.mjs';
import { launchBrowser } from './support/browser.mjs';
import { decodeLink, encodeLink } from './support/share-link.mjs';
import { DIST, openPage } from './support/playground.mjs';

const TIMEOUT = 90_000;

let playground; // the playground's origin: dist/
let host; // the documentation site: pages written by the tests
let other; // a third origin, for messages that must be ignored
let hostDir;
let otherDir;
let browser;

before(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'fixpoint-host-'));
  otherDir = await mkdtemp(join(tmpdir(), 'fixpoint-other-'));
  playground = await serveDirectory(DIST);
  host = await serveDirectory(hostDir);
  other = await serveDirectory(otherDir);
  assert.notEqual(new URL(playground.url).origin, new URL(host.url).origin);
  browser = await launchBrowser();
  // The demo documentation page, on the host's origin, loading embed.js
  // from the playground's.
  const demo = await readFile(join(DIST, 'docs-demo.html'), 'utf8');
  const hosted = demo.replace('src="embed.js"', `src="${playground.url}embed.js"`);
  assert.notEqual(hosted, demo, 'the demo loads embed.js');
  await writeFile(join(hostDir, 'docs-demo.html'), hosted);
});

after(async () => {
  await browser?.close();
  await Promise.all([playground?.close(), host?.close(), other?.close()]);
  await rm(hostDir, { recursive: true, force: true });
  await rm(otherDir, { recursive: true, force: true });
});

const origin = (server) => new URL(server.url).origin;

/**
 * A host page that frames the embed and records every Fixpoint message
 * from the playground's origin in `window.fixpointMessages`; it sizes the
 * iframe from `resize` like embed.js does. Returns the opened page.
 */
async function openHost({ fragment = '', declaredOrigin = origin(host), server = host, dir = hostDir, extra = '' }) {
  const query = `?origin=${encodeURIComponent(declaredOrigin)}&id=t1`;
  const src = `${playground.url}embed.html${query}${fragment ? '#' + fragment : ''}`;
  const name = `host-${Math.random().toString(36).slice(2)}.html`;
  await writeFile(join(dir, name), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title></head>
<body>
<script>
  const PLAYGROUND = ${JSON.stringify(origin(playground))};
  window.fixpointMessages = [];
  window.allMessages = [];
  window.addEventListener('message', (event) => {
    window.allMessages.push({ origin: event.origin, data: event.data });
    if (event.origin !== PLAYGROUND || !event.data || event.data.fixpoint !== 1) return;
    window.fixpointMessages.push(event.data);
    if (event.data.type === 'resize') document.getElementById('embed').style.height = event.data.height + 'px';
  });
  window.sendToEmbed = (message) => document.getElementById('embed').contentWindow.postMessage(message, PLAYGROUND);
</script>
<iframe id="embed" name="embed" src="${src}" style="display:block;width:640px;height:50px;border:0"></iframe>
${extra}
</body></html>`);
  return openPage(browser.context, server.url + name, TIMEOUT);
}

function embedFrame(page) {
  return page.frameLocator('#embed');
}

async function waitForMessage(page, predicate, argument) {
  await page.waitForFunction(
    ([source, arg]) => window.fixpointMessages.some((message) => new Function('m', 'arg', source)(message, arg)),
    [predicate, argument],
  );
}

async function settledValue(frame, text) {
  const value = frame
    .locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]')
    .filter({ hasText: text });
  await value.waitFor();
  return value;
}

const expression = (text, embed) =>
  encodeLink({ files: [{ path: 'main.nix', text }], entry: 'main.nix', embed });

test('the embed says ready, then sizes its iframe to its content', async () => {
  const page = await openHost({ fragment: expression('1 + 2') });
  await waitForMessage(page, "return m.type === 'ready' && m.id === arg", 't1');
  await settledValue(embedFrame(page), /^3$/);
  await waitForMessage(page, "return m.type === 'result' && m.ok && m.value === '3'");
  const heights = async () => page.evaluate(() => ({
    iframe: document.getElementById('embed').getBoundingClientRect().height,
    last: window.fixpointMessages.filter((m) => m.type === 'resize').at(-1)?.height,
  }));
  await page.waitForFunction(() => {
    const last = window.fixpointMessages.filter((m) => m.type === 'resize').at(-1);
    return last && last.height > 100;
  });
  const first = await heights();
  assert.equal(first.iframe, first.last, 'the iframe has the reported height');
  const content = await page.frame({ url: /embed\.html/ }).evaluate(
    () => Math.ceil(document.querySelector('.embed').getBoundingClientRect().height),
  );
  assert.equal(first.last, content, 'the reported height is the content height');

  // Longer code: the content grows and the iframe follows.
  const long = Array.from({ length: 30 }, (_, i) => `  a${i} = ${i};`).join('\n');
  await page.evaluate((text) => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: `{\n${text}\n}.a29` }],
  }), long);
  await waitForMessage(page, "return m.type === 'result' && m.value === '29'");
  await page.waitForFunction((before) => {
    const last = window.fixpointMessages.filter((m) => m.type === 'resize').at(-1);
    return last.height > before && document.getElementById('embed').getBoundingClientRect().height === last.height;
  }, first.last);
  await page.close();
});

test('a read-only embed shows its code in a locked editor, still evaluates and switches tabs', async () => {
  const page = await openHost({ fragment: expression('6 * 7', { readOnly: true, toolbar: false }) });
  const frame = embedFrame(page);
  await settledValue(frame, /^42$/);
  await frame.locator('.cm-editor').waitFor();
  const code = frame.getByTestId('code-editor');
  assert.equal(await code.textContent(), '6 * 7');
  assert.equal(await code.getAttribute('contenteditable'), 'false', 'CodeMirror is read-only');
  assert.equal(await frame.locator('textarea:not([readonly]), [contenteditable="true"]').count(), 0);
  assert.equal(await frame.getByTestId('embed-toolbar').count(), 0, 'toolbar off');
  await code.click();
  await page.keyboard.type('+ 1');
  await page.keyboard.press('Backspace');
  assert.equal(await code.textContent(), '6 * 7');
  // Reading is not locked: the other panes are a click away.
  await frame.getByTestId('tab-problems').click();
  await frame.locator('[data-testid="tab-problems"][aria-selected="true"]').waitFor();
  await frame.locator('[role="tabpanel"] [data-testid="problems"], [role="tabpanel"] [data-testid="no-problems"]').first().waitFor();
  assert.equal(await code.textContent(), '6 * 7');
  await page.close();
});

test('the theme comes from the link, and setTheme changes it', async () => {
  const page = await openHost({ fragment: expression('1', { theme: 'dark' }) });
  await waitForMessage(page, "return m.type === 'ready'");
  const frame = page.frame({ url: /embed\.html/ });
  const background = () => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.equal(await background(), 'rgb(22, 24, 27)');
  await page.evaluate(() => window.sendToEmbed({ fixpoint: 1, type: 'setTheme', theme: 'light' }));
  await frame.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.equal(await background(), 'rgb(251, 251, 248)');
  await page.close();
});

test('init from the host replaces the files, and the result comes back', async () => {
  const page = await openHost({});
  const frame = embedFrame(page);
  await frame.getByTestId('embed-waiting').waitFor();
  await waitForMessage(page, "return m.type === 'ready'");
  // An init that a link could not carry changes nothing…
  await page.evaluate(() => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: '../escape.nix', text: '1' }],
  }));
  // …a valid one opens its files.
  await page.evaluate(() => window.sendToEmbed({
    fixpoint: 1,
    type: 'init',
    files: [
      { path: 'lib.nix', text: '{ x = 21; }' },
      { path: 'main.nix', text: '(import ./lib.nix).x * 2' },
    ],
    entry: 'main.nix',
    options: { panes: ['editor', 'value'] },
  }));
  await waitForMessage(page, "return m.type === 'result' && m.ok && m.value === '42' && m.id === 't1'");
  await settledValue(frame, /^42$/);
  await page.evaluate(() => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: '1 +' }],
  }));
  await waitForMessage(page, "return m.type === 'result' && !m.ok && m.error.file === 'main.nix' && m.error.line === 1");
  await page.close();
});

/**
 * Resolves once the embed in `page` has handled every message posted to it
 * before this call: posts a probe after them (message events keep their
 * order) and waits for it inside the embed's own window.
 */
async function drained(page) {
  const frame = page.frame({ url: /embed\.html/ });
  await frame.evaluate(() => new Promise((resolve) => {
    const tag = 'probe-' + Math.random();
    addEventListener('message', function probe(event) {
      if (event.data !== tag) return;
      removeEventListener('message', probe);
      // Let the app render what an earlier message changed.
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
    postMessage(tag, location.origin);
  }));
}

test('messages from another origin, or outside the namespace, are ignored', async () => {
  // A frame of a third origin on the host page posts an init to the embed.
  await writeFile(join(otherDir, 'intruder.html'), `<!DOCTYPE html><html><body><script>
    window.attack = () => parent.frames['embed'].postMessage(
      { fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: '666' }] }, '*');
  </script></body></html>`);
  const page = await openHost({
    fragment: expression('1 + 2'),
    extra: `<iframe id="intruder" src="${other.url}intruder.html"></iframe>`,
  });
  const frame = embedFrame(page);
  await waitForMessage(page, "return m.type === 'result' && m.value === '3'");
  await page.frame({ url: /intruder\.html/ }).evaluate(() => window.attack());
  await page.evaluate(() => {
    // The host's own origin, but outside the namespace, or another version.
    const embed = document.getElementById('embed').contentWindow;
    embed.postMessage({ type: 'init', files: [{ path: 'main.nix', text: '777' }] }, PLAYGROUND);
    embed.postMessage({ fixpoint: 2, type: 'init', files: [{ path: 'main.nix', text: '888' }] }, PLAYGROUND);
  });
  await drained(page);
  assert.equal(await frame.getByTestId('code-editor').textContent(), '1 + 2', 'nothing was taken');
  // A real init afterwards is answered.
  await page.evaluate(() => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: '6 * 7' }],
  }));
  await waitForMessage(page, "return m.type === 'result' && m.value === '42'");
  const values = await page.evaluate(() =>
    window.fixpointMessages.filter((m) => m.type === 'result').map((m) => m.value));
  assert.deepEqual(values.filter((value) => ['666', '777', '888'].includes(value)), []);
  await settledValue(frame, /^42$/);
  await page.close();

  // A page that claims another origin than its own gets no messages at all
  // and cannot drive the embed.
  const liar = await openHost({
    fragment: expression('1 + 2'),
    declaredOrigin: origin(host),
    server: other,
    dir: otherDir,
  });
  const liarFrame = embedFrame(liar);
  // By the time the value shows, `ready` and `resize` would have been sent.
  await settledValue(liarFrame, /^3$/);
  await liar.evaluate(() => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: '666' }],
  }));
  await drained(liar);
  assert.deepEqual(await liar.evaluate(() => window.allMessages), []);
  assert.equal(await liarFrame.getByTestId('code-editor').textContent(), '1 + 2');
  await settledValue(liarFrame, /^3$/);
  await liar.close();
});

test('"Open in playground" carries the edited workspace', async () => {
  const page = await openHost({ fragment: expression('1 + 2', { panes: ['editor', 'value'], theme: 'dark' }) });
  const frame = embedFrame(page);
  await settledValue(frame, /^3$/);
  const editor = frame.getByTestId('code-editor');
  await editor.click();
  await editor.press('Control+A');
  await editor.press('Delete');
  await editor.pressSequentially('20 + 22');
  await settledValue(frame, /^42$/);
  const [opened] = await Promise.all([
    browser.context.waitForEvent('page'),
    frame.getByTestId('open-in-playground').click(),
  ]);
  await opened.waitForLoadState();
  const url = opened.url();
  assert.ok(url.startsWith(playground.url + '#v1.'), url);
  const workspace = decodeLink(url);
  assert.deepEqual(workspace.files, [{ path: 'main.nix', text: '20 + 22' }]);
  assert.equal(workspace.entry, 'main.nix');
  assert.equal(workspace.embed, null, 'embed options are reset to the defaults');
  const value = opened.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]');
  await value.filter({ hasText: /^42$/ }).waitFor();
  await opened.close();
  await page.close();
});

test('a corrupt embed link shows the banner with the reason, not an empty editor', async () => {
  const good = expression('1 + 2', { readOnly: true });
  const corrupt = good.slice(0, 3) + (good[3] === 'A' ? 'B' : 'A') + good.slice(4);
  const page = await openHost({ fragment: corrupt });
  const frame = embedFrame(page);
  await frame.getByTestId('link-banner').waitFor();
  assert.match(await frame.getByTestId('link-error').textContent(), /^the link's checksum does not match/);
  assert.equal(await frame.locator('.cm-editor, textarea').count(), 0, 'no empty editor');
  // The host can still send the code.
  await page.evaluate(() => window.sendToEmbed({
    fixpoint: 1, type: 'init', files: [{ path: 'main.nix', text: '2 + 3' }],
  }));
  await settledValue(frame, /^5$/);
  assert.equal(await frame.getByTestId('link-banner').count(), 0);
  await page.close();
});

test('the docs script upgrades the demo page\'s three blocks lazily, on one shared evaluator', async () => {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.addInitScript(() => {
    window.results = [];
    addEventListener('fixpoint:result', (event) => window.results.push(event.detail));
  });
  await page.goto(host.url + 'docs-demo.html');
  const iframes = page.locator('iframe.fixpoint-embed');
  await iframes.first().waitFor();
  // The first embed has loaded and evaluated: any other block in view
  // would have been upgraded by now (the observer reports at once).
  await page.waitForFunction(() => window.results.length >= 1);
  assert.equal(await iframes.count(), 1, 'only the block in view is upgraded');
  assert.equal(await page.locator('pre.fixpoint').count(), 2, 'the other blocks are still code');

  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => document.querySelectorAll('iframe.fixpoint-embed').length === 3);
  await page.waitForFunction(() => window.results.length >= 3);
  const results = await page.evaluate(() => window.results.map((r) => [r.id, r.ok, r.value ?? r.error.message]));
  const byId = Object.fromEntries(results.map(([id, ok, text]) => [id, [ok, text]]));
  assert.deepEqual(byId.e1, [true, '42']);
  assert.deepEqual(byId.e2, [true, '11']);
  assert.equal(byId.e3[0], false);
  assert.match(byId.e3[1], /infinite recursion/);
  const evaluators = page.frames().filter((frame) => frame.url().includes('embed-evaluator.html'));
  assert.equal(evaluators.length, 1, 'one evaluator frame for the page');
  // Each embed's code was readable before its upgrade and is hidden after.
  assert.equal(await page.locator('pre.fixpoint:visible, pre.fixpoint-placeholder:visible').count(), 0);
  await page.close();
});

test('the shared evaluator replaces a worker that says Retire, and keeps serving', async () => {
  // One block builds a 256 MiB string: its worker's memory passes
  // RETIRE_AT_BYTES (web/src/worker/mod.rs) and it says Retire after the
  // answer. embed-evaluator.js must replace it once idle, not take the
  // message for an answer, and the other block must still be answered.
  const doublings = 'd ('.repeat(23) + 'd "0123456789abcdef"' + ')'.repeat(23);
  await writeFile(join(hostDir, 'retire.html'), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>retire</title>
<script src="${playground.url}embed.js" defer></script></head>
<body>
<pre class="fixpoint" data-file="big.nix" data-tab="value">let d = s: s + s; in builtins.stringLength (${doublings})</pre>
<pre class="fixpoint" data-file="small.nix" data-tab="value">6 * 7</pre>
</body></html>`);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const workers = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.addInitScript(() => {
    window.results = [];
    addEventListener('fixpoint:result', (event) => window.results.push(event.detail));
  });
  try {
    await page.goto(host.url + 'retire.html');
    await page.waitForFunction(() => window.results.filter((r) => r.ok).length >= 2);
    const values = await page.evaluate(() => window.results.map((r) => [r.id, r.ok, r.value ?? r.error.message]));
    assert.deepEqual(Object.fromEntries(values.map(([id, ok, text]) => [id, [ok, text]])), {
      e1: [true, '268435456'],
      e2: [true, '42'],
    });
    const evaluations = () => workers.filter((url) => url.endsWith('/worker_loader.js')).length;
    const deadline = Date.now() + 30_000;
    while (evaluations() < 2 && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(evaluations(), 2, `the hub started a second worker: ${JSON.stringify(workers)}`);
    // The new worker answers an edit of the small block.
    const frame = page.frameLocator('iframe.fixpoint-embed >> nth=1');
    const editor = frame.getByTestId('code-editor');
    await editor.click();
    await editor.press('End');
    await editor.press('0');
    await page.waitForFunction(() => window.results.some((r) => r.id === 'e2' && r.ok && r.value === '420'));
  } finally {
    await page.close();
  }
});

test('without JavaScript the demo page shows its code', async () => {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const session = await browser.context.newCDPSession(page);
  await session.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.goto(host.url + 'docs-demo.html');
  const text = await page.locator('body').innerText();
  assert.match(text, /pkgs = fix \(self: \{ a = 1; b = self\.a \+ 1; \}\);/);
  assert.match(text, /overlay = final: prev: \{ a = prev\.a \* 10; \};/);
  assert.match(text, /overlay = final: prev: \{ a = final\.a \+ 1; \};/);
  assert.equal(await page.locator('iframe').count(), 0);
  await page.close();
});
