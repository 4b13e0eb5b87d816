// End-to-end: what a keystroke costs the page's renderer, read from
// Chromium's own trace (not timed: element counts and paint records do not
// depend on the machine's speed).
//
// Each keystroke marks the shown answer stale and, when the worker answers,
// current again. That must stay cheap however large the answer is: a CSS
// rule reaching every child of the stale pane once made Chromium restyle
// the whole result (622 elements for the model nixpkgs) twice a keystroke,
// and an answer without a compositing layer of its own was repainted whole
// each time it was dimmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { openPlayground } from './support/playground.mjs';

const TIMEOUT = 45_000;
// The largest example of the gallery: the model nixpkgs' Set table.
const EXAMPLE = 'nixpkgs-prebuilt';

let opened;
let browser;
let page;

before(async () => {
  opened = await openPlayground(TIMEOUT);
  ({ browser, page } = opened);
  await page.locator('.cm-editor').waitFor();
  await page.getByTestId('open-examples').click();
  await page.locator(`[data-testid="example"][data-id="${EXAMPLE}"]`).click();
  await page.getByTestId('gallery').waitFor({ state: 'detached' });
  await page.locator('[data-testid="output"]:not(.stale) [data-testid="set-table"]').waitFor();
});

after(() => opened?.close());

/** Counts the result pane's stale marks from now on, in the page. */
async function countStaleMarks() {
  await page.evaluate(() => {
    const output = document.querySelector('[data-testid="output"]');
    window.__staleMarks = { on: 0, off: 0 };
    let stale = output.classList.contains('stale');
    new MutationObserver(() => {
      const now = output.classList.contains('stale');
      if (now !== stale) window.__staleMarks[now ? 'on' : 'off'] += 1;
      stale = now;
    }).observe(output, { attributes: true, attributeFilter: ['class'] });
  });
}

/** Presses `key` in the editor and waits until the answer to it is shown. */
async function keystroke(key, marksBefore) {
  await page.keyboard.press(key);
  await page.waitForFunction(
    (before) => window.__staleMarks.off > before && !document.querySelector('[data-testid="output"]').classList.contains('stale'),
    marksBefore,
  );
}

test('a keystroke restyles a few elements and repaints none of the answer', async () => {
  const resultElements = await page.locator('[data-testid="output"] *').count();
  assert.ok(resultElements > 300, `the example shows a large result (${resultElements} elements)`);
  const editor = page.getByTestId('code-editor');
  await editor.click();
  await editor.press('Control+End');
  await countStaleMarks();

  const cdp = await browser.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (batch) => events.push(...batch.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  await keystroke('Space', 0);
  await keystroke('Backspace', 1);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();

  const marks = await page.evaluate(() => window.__staleMarks);
  assert.deepEqual(marks, { on: 2, off: 2 }, 'each keystroke marked the answer stale, then current');

  const threads = new Map();
  for (const event of events) {
    if (event.name === 'thread_name') threads.set(`${event.pid}:${event.tid}`, event.args.name);
  }
  const onPage = (event) => threads.get(`${event.pid}:${event.tid}`) === 'CrRendererMain';
  const restyled = events
    .filter((event) => event.name === 'UpdateLayoutTree' && onPage(event) && event.args?.elementCount !== undefined)
    .map((event) => event.args.elementCount);
  assert.ok(restyled.length > 0, 'the trace recorded style recalculations');
  const most = Math.max(...restyled);
  assert.ok(
    most * 10 < resultElements,
    `the largest style recalculation touched ${most} elements of a page whose result alone has ${resultElements}`,
  );

  const answerPaints = events.filter(
    (event) => event.name === 'Paint' && onPage(event) && /tab-body/.test(event.args?.data?.nodeName ?? ''),
  );
  assert.equal(answerPaints.length, 0, 'dimming and undimming the answer repainted it');
});
