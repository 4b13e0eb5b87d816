// End-to-end: the built playground (dist/) in real headless Chromium.
//
// Run after `trunk build --release`: `node --test tests/e2e/` (from the
// repository root; .ci/run does both). FIXPOINT_DIST=DIR tests another
// build. Set FIXPOINT_SCREENSHOT_DIR to also save a screenshot of the
// evaluated page there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DIST, openPage, openPlayground, typeSource as typeInto } from './support/playground.mjs';
const TIMEOUT = 30_000;

let opened;
let server;
let browser;
let page;

before(async () => {
  opened = await openPlayground(TIMEOUT);
  ({ server, browser, page } = opened);
});

after(() => opened?.close());

/** Replaces the editor's text by typing it, key by key, into CodeMirror. */
const typeSource = (text) => typeInto(page, text);

/**
 * Waits until the result pane shows an up-to-date `testId` element whose text
 * matches `text`, and returns it. Waiting for the expected state (rather than
 * reading whatever is there) keeps the test independent of the debounce.
 */
async function settledResult(testId, text) {
  const result = page
    .locator(`[data-testid="output"]:not(.stale) [data-testid="${testId}"]`)
    .filter({ hasText: text });
  await result.waitFor();
  return result;
}

test('the page loads and evaluates its first example in a worker', async () => {
  const value = await settledResult('result-value', /^42$/);
  assert.equal(await value.textContent(), '42');
  const workers = page.workers().map((worker) => worker.url());
  assert.ok(
    workers.some((url) => url.endsWith('/worker_loader.js')),
    `an evaluation worker runs (workers: ${JSON.stringify(workers)})`,
  );
});

test('the CodeMirror editor replaces the textarea once loaded', async () => {
  await page.locator('.cm-editor').waitFor();
  assert.equal(await page.getByTestId('editor').count(), 0, 'the fallback textarea is gone');
  assert.match(await page.getByTestId('code-editor').textContent(), /fix = f:/);
});

test('typing 1 + 2 shows 3', async () => {
  await typeSource('1 + 2');
  const value = await settledResult('result-value', /^3$/);
  assert.equal(await value.textContent(), '3');
  if (process.env.FIXPOINT_SCREENSHOT_DIR) {
    await page.screenshot({ path: join(process.env.FIXPOINT_SCREENSHOT_DIR, 'playground-value.png') });
  }
});

test('typing 1 + shows a parse error with its location', async () => {
  await typeSource('1 +');
  const error = await settledResult('result-error', /parse error/i);
  assert.match(await error.textContent(), /parse error/i);
  assert.equal(await error.getAttribute('data-code'), 'E001');
  assert.match(await error.getByTestId('location').textContent(), /^at \/workspace\/main\.nix:1:\d+$/);
  assert.equal(await page.getByTestId('result-value').count(), 0, 'no stale value is left on screen');
  await page.locator('.cm-lint-marker-error').waitFor();
  if (process.env.FIXPOINT_SCREENSHOT_DIR) {
    await page.screenshot({ path: join(process.env.FIXPOINT_SCREENSHOT_DIR, 'playground-parse-error.png') });
  }
});

test('fixing the error shows a value again', async () => {
  await typeSource('let x = { a = 20; }; in x.a * 2 + 2');
  const value = await settledResult('result-value', /^42$/);
  assert.equal(await value.textContent(), '42');
});

test('Show as JSON asks the worker for the JSON form, and it follows edits', async () => {
  // The worker prints JSON only on request (not with every evaluation):
  // the toggle must fetch it, and fetch it again for each new answer.
  await typeSource('[ 1 "x" ]');
  await settledResult('result-value', /^\[ 1 "x" \]$/);
  await page.getByTestId('json-toggle').click();
  await settledResult('result-json', /^\[1,"x"\]$/);
  await typeSource('[ 2 ]');
  const json = await settledResult('result-json', /^\[2\]$/);
  assert.equal(await json.textContent(), '[2]');
  await page.getByTestId('json-toggle').click();
  await settledResult('result-value', /^\[ 2 \]$/);
});

test('the page bundle does not contain the evaluator', async () => {
  // The evaluator's message texts are in the worker's wasm, and must not be
  // in the page's: that is what keeps the page small and the page thread
  // free of evaluation.
  const marker = 'infinite recursion encountered';
  const app = await readFile(join(DIST, 'app_bg.wasm'));
  const worker = await readFile(join(DIST, 'worker_bg.wasm'));
  assert.ok(worker.includes(marker), 'the worker contains the evaluator');
  assert.ok(!app.includes(marker), 'the page does not');
});

test('a keystroke is posted to the worker once, with the text as typed', async () => {
  // The editor reports an edit before it redraws, and the page posts that
  // revision at once (hooks::use_revision_posting); its render must not
  // post it again, and what was posted must be what the editor holds.
  const probe = await openPage(browser.context, 'about:blank', TIMEOUT);
  await probe.addInitScript(() => {
    window.__resolves = [];
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      postMessage(message, ...rest) {
        if (message && message.Resolve) {
          const { rev, workspace } = message.Resolve;
          window.__resolves.push({ rev, texts: workspace.files.map((file) => file.text) });
        }
        return super.postMessage(message, ...rest);
      }
    };
  });
  await probe.goto(server.url);
  try {
    await typeInto(probe, '1 + 2');
    await probe.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]').filter({ hasText: /^3$/ }).waitFor();
    // Let any query after the answer go out, so the count starts from quiet.
    await probe.waitForTimeout(300);
    const before = await probe.evaluate(() => window.__resolves.length);
    const editor = probe.getByTestId('code-editor');
    await editor.press('End');
    await editor.press('0');
    await probe.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]').filter({ hasText: /^21$/ }).waitFor();
    await probe.waitForTimeout(300);
    const posted = await probe.evaluate((from) => window.__resolves.slice(from), before);
    assert.equal(posted.length, 1, `one request for one keystroke: ${JSON.stringify(posted)}`);
    assert.deepEqual(posted[0].texts, ['1 + 20']);
    const last = await probe.evaluate((at) => window.__resolves[at - 1].rev, before);
    assert.equal(posted[0].rev, last + 1, 'the next revision');
  } finally {
    await probe.close();
  }
});

test('a worker whose memory grew past its limit is replaced after its answer', async () => {
  // A 256 MiB string takes the worker's memory past RETIRE_AT_BYTES
  // (web/src/worker/mod.rs): the answer is shown, the worker says Retire,
  // and the page starts a new one that answers the next edit.
  const probe = await openPage(browser.context, server.url, 60_000);
  const started = [];
  probe.on('worker', (worker) => started.push(worker.url()));
  try {
    await probe.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]').waitFor();
    const doublings = 'd ('.repeat(23) + 'd "0123456789abcdef"' + ')'.repeat(23);
    await typeInto(probe, `let d = s: s + s; in builtins.stringLength (${doublings})`);
    await probe
      .locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]')
      .filter({ hasText: /^268435456$/ })
      .waitFor();
    const deadline = Date.now() + 30_000;
    while (started.filter((url) => url.endsWith('/worker_loader.js')).length < 2 && Date.now() < deadline) {
      await probe.waitForTimeout(100);
    }
    assert.equal(
      started.filter((url) => url.endsWith('/worker_loader.js')).length,
      2,
      `a second worker started: ${JSON.stringify(started)}`,
    );
    await typeInto(probe, '6 * 7');
    const value = probe.locator('[data-testid="output"]:not(.stale) [data-testid="result-value"]').filter({ hasText: /^42$/ });
    await value.waitFor();
    assert.equal(await probe.getByTestId('result-failure').count(), 0, 'no request was lost');
  } finally {
    await probe.close();
  }
});
