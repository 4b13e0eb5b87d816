// End-to-end: the playground's workspace, set views and gallery in headless
// Chromium against the built dist/ (run after `trunk build --release`:
// `node --test tests/e2e/`).
//
// Each test waits for the state it expects (never a fixed sleep), so the
// debounce and the worker's speed do not matter. Screenshots go to
// docs/screenshots/ (phone width, dark theme).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveDirectory } from './support/static-server.mjs';
import { launchBrowser } from './support/browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = process.env.FIXPOINT_DIST ?? join(ROOT, 'dist');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const TIMEOUT = 45_000;

let server;
let browser;
let page;

before(async () => {
  server = await serveDirectory(DIST);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(server.url);
  await page.locator('.cm-editor').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The manifest the app loads. */
async function manifest() {
  return JSON.parse(await readFile(join(ROOT, 'static', 'examples', 'index.json'), 'utf8'));
}

/** Opens the gallery and loads the example `id`. */
async function loadExample(id) {
  await page.getByTestId('open-examples').click();
  await page.locator(`[data-testid="example"][data-id="${id}"]`).click();
  await page.getByTestId('gallery').waitFor({ state: 'detached' });
}

/** The up-to-date result pane. */
function settled() {
  return page.locator('[data-testid="output"]:not(.stale)');
}

/** The row of `path` (dotted) in the up-to-date Set view. */
function row(path) {
  return settled().locator(`[data-testid="row"][data-path="${path}"]`);
}

async function showTab(name) {
  await page.getByTestId(`tab-${name}`).click();
}

/** Replaces the active file's text by typing into CodeMirror. */
async function typeSource(text) {
  const editor = page.getByTestId('code-editor');
  await editor.click();
  await editor.press('Control+A');
  await editor.press('Delete');
  await editor.pressSequentially(text);
}

/** Waits until `locator`'s text matches `pattern`. */
async function waitText(locator, pattern) {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

test('Pill 17: graphviz and asciidocFull are rebuilt, asciidoc is not', async () => {
  await loadExample('pill-17');
  await showTab('set');
  await row('graphviz').and(page.locator('[data-change="rebuild"]')).waitFor();
  assert.equal(await row('asciidocFull').getAttribute('data-change'), 'rebuild');
  assert.equal(await row('asciidoc').getAttribute('data-change'), 'unchanged');
  await showTab('graph');
  const node = settled().locator('[data-testid="graph-node"][data-path="asciidocFull"]');
  assert.equal(await node.getAttribute('data-change'), 'rebuild');
  assert.equal(
    await settled().locator('[data-testid="graph-node"][data-path="asciidoc"]').getAttribute('data-change'),
    'none',
  );
});

test('switching an overlay off and reordering two overlays change the set as Nix would', async () => {
  await loadExample('composition-order');
  await showTab('set');
  const short = (path) => row(path).locator('td.short');
  await waitText(short('c'), /^10$/);
  assert.equal(await short('x').textContent(), '3');
  assert.equal(await short('b').textContent(), '10');

  // second.nix off: c comes from first.nix, x is gone.
  await page.locator('[data-testid="overlay"][data-file="second.nix"] [data-testid="overlay-toggle"]').click();
  await waitText(short('c'), /^3$/);
  assert.equal(await row('x').count(), 0);
  assert.equal(await short('b').textContent(), '3');

  // On again, then second.nix below first.nix: first's c = 3 wins, and
  // second's prev.c finds no c below it.
  await page.locator('[data-testid="overlay"][data-file="second.nix"] [data-testid="overlay-toggle"]').click();
  await waitText(short('x'), /^3$/);
  await page.locator('[data-testid="overlay"][data-file="second.nix"] [data-testid="overlay-down"]').click();
  await waitText(short('x'), /^5$/);
  assert.equal(await short('c').textContent(), '3');
  assert.equal(await short('b').textContent(), '3');
});

test('let f = x: f x; in f 1 is stopped and the page still answers clicks', async () => {
  await page.getByTestId('mode-expression').click();
  await typeSource('let f = x: f x; in f 1');
  // While it runs (or once stopped), the page reacts at once.
  await page.getByTestId('open-help').click();
  await page.getByTestId('help').waitFor();
  await page.getByRole('button', { name: 'close the help' }).click();
  await showTab('value');
  const stopped = page
    .locator('[data-testid="result-failure"], [data-testid="output"]:not(.stale) [data-testid="result-error"]')
    .filter({ hasText: /max-call-depth|step|stopped|recursion|too long/i });
  await stopped.first().waitFor({ timeout: 60_000 });
  // Stop works at any moment and leaves a usable page.
  await typeSource('6 * 7');
  await waitText(settled().getByTestId('result-value'), /^42$/);
});

test('an error is underlined at its span and listed in Problems', async () => {
  await page.getByTestId('mode-expression').click();
  await typeSource('let a = { x = 1; }; in a.y + 1');
  await page.locator('.cm-lintRange-error').first().waitFor();
  await showTab('problems');
  const problem = settled().getByTestId('problem').filter({ hasText: /attribute 'y' missing/ });
  await problem.first().waitFor();
  const underlined = await page.locator('.cm-lintRange-error').first().textContent();
  assert.match(underlined, /a\.y/);
  // Clicking the place moves the editor's selection there.
  await problem.first().getByTestId('problem-location').click();
  const selected = await page.evaluate(() => document.getSelection()?.toString() ?? '');
  assert.match(selected, /a\.y/);
});

test('each gallery example evaluates as its manifest says', async () => {
  const { examples } = await manifest();
  for (const example of examples) {
    await loadExample(example.id);
    if (example.expect.value) {
      await showTab('value');
      const value = settled().getByTestId('result-value');
      await value.waitFor();
      assert.equal(await value.textContent(), example.expect.value, example.id);
    }
    if (example.expect.rows?.length) {
      await showTab('set');
      for (const expected of example.expect.rows) {
        const path = expected.path.join('.');
        let target = row(path);
        if (expected.path.length > 1) {
          await row(expected.path.slice(0, -1).join('.')).getByTestId('expand').click();
          target = settled().locator(`[data-testid="row"][data-path="${path}"]`);
        }
        await target.waitFor();
        if (expected.change) {
          assert.equal(await target.getAttribute('data-change'), expected.change, `${example.id} ${path}`);
        }
        if (expected.short) {
          assert.equal(await target.locator('td.short').textContent(), expected.short, `${example.id} ${path}`);
        }
        if (expected.kind) {
          assert.equal(await target.locator('td.kind').textContent(), expected.kind, `${example.id} ${path}`);
        }
        if (expected.error) {
          const error = target.locator('xpath=following-sibling::tr[1]');
          assert.match(await error.textContent(), new RegExp(expected.error), `${example.id} ${path}`);
        }
      }
    }
    const taught = (example.expect.rows ?? []).filter((r) => r.error).length;
    if (taught === 0) {
      assert.equal(await settled().locator('[data-testid="row-error"]').count(), 0, `${example.id}: no row errors`);
    }
  }
});

test('reload restores the workspace', async () => {
  await loadExample('rec-vs-final');
  await page.locator('[data-testid="file-tab"][data-file="later.nix"]').click();
  await typeSource('final: prev: { name = "reload"; greeting = "hey"; }');
  await waitText(row('msgFinal').locator('td.short'), /"hey reload"/);
  await page.reload();
  await page.locator('.cm-editor').waitFor();
  assert.match(await page.getByTestId('code-editor').textContent(), /name = "reload"/);
  assert.equal(await page.locator('[data-testid="overlay"]').count(), 3);
  await waitText(row('msgFinal').locator('td.short'), /"hey reload"/);
});

test('phone width and dark theme screenshots', async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const phone = await launchBrowser({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  try {
    const small = await phone.context.newPage();
    small.setDefaultTimeout(TIMEOUT);
    await small.goto(`${server.url}?example=pill-17`);
    await small.locator('.cm-editor').waitFor();
    await small.locator('[data-testid="file-tab"][data-file="config.nix"]').waitFor();
    await small.getByTestId('tab-set').click();
    await small.locator('[data-testid="output"]:not(.stale) [data-testid="row"][data-path="graphviz"]').waitFor();
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 400, `no sideways scrolling at phone width (scrollWidth ${width})`);
    const background = await small.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(22, 24, 27)', 'the dark theme follows the system');
    await small.screenshot({ path: join(SCREENSHOTS, 'phone-dark.png'), fullPage: false });
  } finally {
    await phone.close();
  }
  await loadExample('pill-17');
  await showTab('graph');
  await settled().locator('[data-testid="graph-node"][data-path="asciidocFull"]').waitFor();
  // The toggle moves system → light → dark.
  await page.getByTestId('theme').click();
  await page.getByTestId('theme').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-dark-graph.png') });
  await page.getByTestId('theme').click();
});
