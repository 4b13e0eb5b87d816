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

import { launchBrowser } from './support/browser.mjs';
import { decodeLink } from './support/share-link.mjs';
import { openPlayground, typeSource as typeInto } from './support/playground.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const TIMEOUT = 45_000;

let opened;
let server;
let browser;
let page;

before(async () => {
  opened = await openPlayground(TIMEOUT);
  ({ server, browser, page } = opened);
  await page.locator('.cm-editor').waitFor();
});

after(() => opened?.close());

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
const typeSource = (text) => typeInto(page, text);

/**
 * Waits until the share link in the address (its fragment, written by the
 * page after a short debounce) decodes to a workspace for which `holds` is
 * true: a reload opens that link, so a test reloads only after it.
 */
async function waitForLink(holds, what = 'the address') {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const hash = await page.evaluate(() => location.hash);
    let workspace = null;
    try {
      workspace = hash ? decodeLink(hash) : null;
    } catch {
      workspace = null; // Not a link (yet).
    }
    if (workspace && holds(workspace)) return;
    assert.ok(Date.now() < deadline, `${what}: the link in the address carries the change (${hash.slice(0, 40)})`);
    await page.waitForTimeout(50);
  }
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
  // A row's reads are what forcing that row looked up: asciidoc reads the
  // set's python, and the overlays-off comparison behind the rebuild
  // column (which forces its own set) adds nothing to the column.
  const reads = await row('asciidoc').locator('td.reads .read').allTextContents();
  assert.ok(reads.includes('final.python'), `asciidoc reads final.python: ${reads}`);
  for (const name of ['final.python3', 'final.python312', 'final.newScope']) {
    assert.ok(!reads.includes(name), `asciidoc's reads do not list ${name}: ${reads}`);
  }
  await showTab('graph');
  const node = settled().locator('[data-testid="graph-node"][data-path="asciidocFull"]');
  assert.equal(await node.getAttribute('data-change'), 'rebuild');
  assert.equal(
    await settled().locator('[data-testid="graph-node"][data-path="asciidoc"]').getAttribute('data-change'),
    'none',
  );
});

test('a store path keeps a readable column beside the layers at desktop width', async () => {
  await loadExample('pill-17');
  await showTab('set');
  const value = row('graphviz').locator('td.short');
  await waitText(value, /\/nix\/store\//);
  // 10rem: break-all alone let the table squeeze the column to a few
  // characters a line (about 50 px).
  const { width } = await value.boundingBox();
  const rem = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(width >= 10 * rem, `the value column is ${width} px wide (1rem = ${rem} px)`);
  const badge = await row('graphviz').locator('td.defined').boundingBox();
  const viewport = page.viewportSize();
  assert.ok(badge.x < viewport.width, `'defined by' starts in view (at ${badge.x} px)`);
});

/** Opens "show derivation" for the row `path` and returns its `.drv` path and JSON. */
async function showDerivation(path) {
  await row(path).getByTestId('show-derivation').click();
  const panel = page.getByTestId('derivation-panel');
  const drvPath = panel.locator('.drv-path code');
  await drvPath.filter({ hasText: /\.drv$/ }).waitFor();
  const json = JSON.parse(await panel.getByTestId('derivation-text').textContent());
  return { panel, drvPath: await drvPath.textContent(), json };
}

async function closeDerivation() {
  await page.getByRole('button', { name: 'close the derivation panel' }).click();
  await page.getByTestId('derivation-panel').waitFor({ state: 'detached' });
}

test('show derivation: asciidocFull\'s .drv names the new graphviz among its inputs', async () => {
  await loadExample('pill-17');
  await showTab('set');
  await row('graphviz').and(page.locator('[data-change="rebuild"]')).waitFor();

  const graphviz = await showDerivation('graphviz');
  assert.match(graphviz.drvPath, /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-graphviz[^/]*\.drv$/);
  const graphvizOut = graphviz.json[graphviz.drvPath].outputs.out.path;
  assert.match(graphvizOut, /^\/nix\/store\/[0-9a-df-np-sv-z]{32}-graphviz/);
  await graphviz.panel.getByRole('button', { name: 'Show ATerm' }).click();
  await graphviz.panel.getByTestId('derivation-text').filter({ hasText: /^Derive\(\[\("out","/ }).waitFor();
  assert.ok((await graphviz.panel.getByTestId('derivation-text').textContent()).includes(graphvizOut));
  await closeDerivation();

  // The rebuild is explained by the inputs: asciidocFull depends on this
  // graphviz's .drv and has it in its environment; asciidoc does not.
  const full = await showDerivation('asciidocFull');
  assert.ok(graphviz.drvPath in full.json[full.drvPath].inputDrvs, 'asciidocFull has graphviz among its inputDrvs');
  assert.ok(JSON.stringify(full.json[full.drvPath].env).includes(graphvizOut));
  await closeDerivation();
  const plain = await showDerivation('asciidoc');
  assert.ok(!(graphviz.drvPath in plain.json[plain.drvPath].inputDrvs), 'asciidoc does not depend on graphviz');
  await closeDerivation();
});

test('today\'s withXorg on the Pill\'s graphviz fails in its row, with a hint naming xlibs', async () => {
  await loadExample('pill-17');
  await page.locator('[data-testid="file-tab"][data-file="config.nix"]').click();
  await typeSource('{ packageOverrides = pkgs: { graphviz = pkgs.graphviz.override { withXorg = false; }; }; }');
  await showTab('set');
  const error = settled()
    .locator('[data-testid="row-error"]')
    .filter({ hasText: "called with unexpected argument 'withXorg'" })
    .first();
  await error.waitFor();
  assert.match(await error.locator('.hint').textContent(), /xlibs = null.*withXorg = false/s);
  // The other rows still resolve: asciidoc does not need graphviz.
  assert.equal(await row('asciidoc').getAttribute('data-change'), 'unchanged');
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

/** The overlay files in the stack as shown, top (applied last) first. */
function stackOrder() {
  return page
    .locator('[data-testid="overlay-stack"] [data-testid="overlay"]')
    .evaluateAll((items) => items.map((item) => item.dataset.file));
}

/** Waits until the stack shows `files`, top first. */
async function waitStack(files) {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid="overlay-stack"] [data-testid="overlay"]')].map(
          (item) => item.dataset.file,
        ),
      ) === JSON.stringify(expected),
    files,
  );
}

/**
 * Drags overlay `from` by its handle onto overlay `onto` with the mouse:
 * press, move in small steps (the browser starts an HTML drag only after
 * the pointer has moved), release over the target.
 */
async function dragOverlay(from, onto) {
  const handle = page.locator(`[data-testid="overlay"][data-file="${from}"] [data-testid="overlay-handle"]`);
  const target = page.locator(`[data-testid="overlay"][data-file="${onto}"]`);
  const start = await handle.boundingBox();
  const end = await target.boundingBox();
  assert.ok(start && end, 'both overlays are on screen');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2 + 4, { steps: 2 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 });
  await page.mouse.up();
}

test('dragging an overlay onto another with the mouse reorders the stack', async () => {
  await loadExample('composition-order');
  await showTab('set');
  const short = (path) => row(path).locator('td.short');
  await waitText(short('x'), /^3$/);
  assert.deepEqual(await stackOrder(), ['second.nix', 'first.nix']);

  // second.nix (on top) dropped on first.nix: second now applies first, so
  // first's c = 3 wins and second's prev.c finds nothing below it.
  await dragOverlay('second.nix', 'first.nix');
  await waitStack(['first.nix', 'second.nix']);
  await waitText(short('x'), /^5$/);
  assert.equal(await short('c').textContent(), '3');
  assert.equal(await short('b').textContent(), '3');
  assert.equal(await page.locator('.overlay.dragging, .overlay.drop-target').count(), 0, 'no drag marks are left');

  // And back: the set is as the example wrote it again.
  await dragOverlay('second.nix', 'first.nix');
  await waitStack(['second.nix', 'first.nix']);
  await waitText(short('x'), /^3$/);
  assert.equal(await short('c').textContent(), '10');

  // Dropping an overlay on itself changes nothing.
  await dragOverlay('first.nix', 'first.nix');
  assert.deepEqual(await stackOrder(), ['second.nix', 'first.nix']);
  await waitText(short('c'), /^10$/);
});

test('Trace steps through the forcing order of the selected attribute', async () => {
  await loadExample('composition-order');
  await showTab('set');
  await waitText(row('x').locator('td.short'), /^3$/);
  // Select x (x = prev.c or 5 in second.nix) and open its trace.
  await row('x').locator('button.attr').click();
  await showTab('trace');
  const trace = settled().getByTestId('trace');
  await trace.waitFor();
  const position = trace.getByTestId('trace-position');
  await waitText(position, /^step 1 of \d+$/);
  const total = Number(/of (\d+)/.exec(await position.textContent())[1]);
  assert.ok(total >= 2, `the trace has several steps (${total})`);
  const events = trace.getByTestId('trace-event');
  assert.equal(await events.count(), Math.min(total, 200), 'the first page lists every step');

  // Step forward to the end, one step at a time, collecting what each
  // current step says; the back button then returns one step.
  const seen = [];
  const current = trace.locator('[data-testid="trace-event"][aria-current="step"]');
  for (let step = 1; step <= total; step++) {
    await waitText(position, new RegExp(`^step ${step} of ${total}$`));
    assert.equal(await current.getAttribute('data-step'), String(step - 1));
    seen.push((await current.textContent()).replace(/\s+/g, ' ').trim());
    if (step < total) await trace.getByTestId('trace-forward').click();
  }
  assert.ok(await trace.getByTestId('trace-forward').isDisabled(), 'forward stops at the last step');
  await trace.getByTestId('trace-back').click();
  await waitText(position, new RegExp(`^step ${total - 1} of ${total}$`));

  // The reads: x looks up prev.c, which first.nix (the overlay below
  // second.nix) answers; the first step forces x itself.
  assert.match(seen[0], /force x\b/);
  const read = seen.find((text) => /look up prev\.c/.test(text));
  assert.ok(read, `a step reads prev.c (steps: ${JSON.stringify(seen)})`);
  assert.match(read, /answered by first\.nix/);
  assert.ok(!seen.some((text) => /look up final\./.test(text)), 'x reads nothing through final');

  // b = final.c reads through final, answered by the top overlay.
  await showTab('set');
  await row('b').locator('button.attr').click();
  await showTab('trace');
  await waitText(settled().getByTestId('trace').locator('strong'), /^b$/);
  const reads = settled().getByTestId('trace-event').filter({ hasText: /look up final\.c/ });
  await reads.first().waitFor();
  assert.match(await reads.first().textContent(), /answered by second\.nix/);
});

test('changing the workspace drops ?example= so that a reload restores the change', async () => {
  const example = () => page.evaluate(() => new URLSearchParams(location.search).get('example'));
  const stackToggle = (file) =>
    page.locator(`[data-testid="overlay"][data-file="${file}"] [data-testid="overlay-toggle"]`);
  // The page also keeps the workspace in the address fragment (a share
  // link, written after a short debounce): a reload opens that link, so
  // each change is reloaded only once the link in the address carries it.
  const linked = (name, holds) => waitForLink(holds, name);
  const files = (workspace) => workspace.files.map((file) => file.path);
  const changes = [
    {
      name: 'overlay toggle',
      inLink: (w) => w.overlays?.some((o) => o.file === 'second.nix' && !o.enabled),
      change: () => stackToggle('second.nix').click(),
      restored: async () => assert.equal(await stackToggle('second.nix').isChecked(), false),
    },
    {
      name: 'reorder',
      inLink: (w) => w.overlays?.[0]?.file === 'second.nix',
      change: () => page.locator('[data-testid="overlay"][data-file="second.nix"] [data-testid="overlay-down"]').click(),
      restored: () => waitStack(['first.nix', 'second.nix']),
    },
    {
      name: 'rename',
      inLink: (w) => files(w).includes('renamed.nix'),
      change: async () => {
        await page.locator('[data-testid="file-tab"][data-file="second.nix"]').click();
        await page.getByTestId('rename-file').click();
        await page.getByTestId('rename-input').fill('renamed.nix');
        await page.getByTestId('rename-input').press('Enter');
      },
      restored: () => waitStack(['renamed.nix', 'first.nix']),
    },
    {
      name: 'add',
      inLink: (w) => files(w).includes('overlay-1.nix'),
      change: () => page.getByTestId('add-file').click(),
      restored: () => waitStack(['overlay-1.nix', 'second.nix', 'first.nix']),
    },
    {
      name: 'delete',
      inLink: (w) => !files(w).includes('first.nix'),
      change: async () => {
        await page.locator('[data-testid="file-tab"][data-file="first.nix"]').click();
        await page.getByTestId('delete-file').click();
      },
      restored: () => waitStack(['second.nix']),
    },
    {
      name: 'mode switch',
      inLink: (w) => w.entry !== undefined,
      change: () => page.getByTestId('mode-expression').click(),
      restored: async () => assert.equal(await page.getByTestId('mode-expression').getAttribute('aria-pressed'), 'true'),
    },
  ];
  for (const { name, inLink, change, restored } of changes) {
    await loadExample('composition-order');
    await waitStack(['second.nix', 'first.nix']);
    assert.equal(await example(), 'composition-order', `${name}: the example is in the address`);
    await change();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('example'));
    // The change is on screen (and so stored), and in the address's link,
    // before the reload.
    await restored();
    await linked(name, inLink);
    await page.reload();
    await page.locator('.cm-editor').waitFor();
    assert.equal(await example(), null, name);
    await restored();
  }
  // Only opening a file (not a change of the workspace) keeps the example.
  await loadExample('composition-order');
  await page.locator('[data-testid="file-tab"][data-file="base.nix"]').click();
  assert.equal(await example(), 'composition-order');
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
  // A correct expression that is not a set is no problem.
  await showTab('problems');
  await settled().getByTestId('no-problems').waitFor();
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
  // A reload opens the link in the address: wait until it carries the edit.
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
  await waitForLink((workspace) =>
    workspace.files.some((file) => file.path === 'later.nix' && file.text.includes('name = "reload"')));
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
    // The editor follows too: dark panel, dark syntax colours.
    await small.locator('.cm-editor[data-editor-theme="dark"]').waitFor();
    assert.deepEqual(await editorColours(small), DARK_EDITOR);
    await small.screenshot({ path: join(SCREENSHOTS, 'phone-dark.png'), fullPage: false });
    // The result is below the editor, reached by scrolling the page itself
    // (no pane of a fixed height traps it out of reach).
    const { top, scrolled } = await small.locator('.result-tabs').evaluate((element) => {
      window.scrollTo(0, window.scrollY + element.getBoundingClientRect().top - 8);
      return { top: element.getBoundingClientRect().top, scrolled: window.scrollY };
    });
    assert.ok(scrolled > 0, 'the page scrolls down to the result');
    assert.ok(Math.abs(top - 8) < 2, `the result tabs are at the top of the screen (top ${top})`);
    await small.locator('[data-testid="output"] [data-testid="row"][data-path="graphviz"]').waitFor();
    await small.screenshot({ path: join(SCREENSHOTS, 'phone-dark-result.png'), fullPage: false });
  } finally {
    await phone.close();
  }
  await loadExample('pill-17');
  await showTab('graph');
  await settled().locator('[data-testid="graph-node"][data-path="asciidocFull"]').waitFor();
  // The toggle moves system → light → dark → system, and the editor
  // follows each step in place (the light system theme here).
  await page.locator('.cm-editor[data-editor-theme="light"]').waitFor();
  assert.deepEqual(await editorColours(page), LIGHT_EDITOR);
  await page.getByTestId('theme').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.locator('.cm-editor[data-editor-theme="light"]').waitFor();
  await page.getByTestId('theme').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.locator('.cm-editor[data-editor-theme="dark"]').waitFor();
  assert.deepEqual(await editorColours(page), DARK_EDITOR);
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-dark-graph.png') });
  await page.getByTestId('theme').click();
  await page.locator('.cm-editor[data-editor-theme="light"]').waitFor();
  assert.deepEqual(await editorColours(page), LIGHT_EDITOR);
});

// The editor's background and the colour of a keyword (`let`, `in`, …) and
// of the page around it, per theme.
const DARK_EDITOR = { editor: 'rgb(30, 33, 37)', keyword: 'rgb(212, 168, 255)' };
const LIGHT_EDITOR = { editor: 'rgb(255, 255, 255)', keyword: 'rgb(119, 0, 136)' };

/** The editor's background colour and its keywords' colour in `target`. */
async function editorColours(target) {
  await target.locator('.cm-content span').filter({ hasText: /^(let|in|inherit|rec|with|import)$/ }).first().waitFor();
  return target.evaluate(() => {
    const editor = document.querySelector('.cm-editor');
    const keyword = [...document.querySelectorAll('.cm-content span')].find((span) =>
      /^(let|in|inherit|rec|with|import)$/.test(span.textContent),
    );
    return {
      editor: getComputedStyle(editor).backgroundColor,
      keyword: getComputedStyle(keyword).color,
    };
  });
}
