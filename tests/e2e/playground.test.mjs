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

import { serveDirectory } from './support/static-server.mjs';
import { launchBrowser } from './support/browser.mjs';
import { DIST, openPage, typeSource as typeInto } from './support/playground.mjs';
const TIMEOUT = 30_000;

let server;
let browser;
let page;

before(async () => {
  server = await serveDirectory(DIST);
  browser = await launchBrowser();
  page = await openPage(browser.context, server.url, TIMEOUT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

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
