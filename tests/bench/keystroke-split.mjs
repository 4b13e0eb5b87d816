// Splits the "worker" part of a keystroke (bench.mjs: posted → answer
// received, measured in the page) into what the worker does and what the
// page makes it wait for, for one gallery example in a real page:
//
//   node tests/bench/keystroke-split.mjs --dist dist --example nixpkgs-prebuilt [--keys 12]
//
//   to post  keydown → request posted (the page)
//   queue    posted → the worker's message handler starts
//   handler  the worker's handler: decode, evaluate, encode (up to its postMessage)
//   deliver  the worker's postMessage → the page's message event (an answer
//            that arrives while the page's main thread is busy, rendering the
//            keystroke, waits here)
//
// How: a copy of the built dist whose worker_loader.js first installs a
// listener (which runs before the worker's own handler) and wraps the
// worker's postMessage; both stamp `performance.timeOrigin + now()`, which
// page and worker share, and the stamps reach the test through the
// worker's console. Two keystrokes warm up first, as in bench.mjs. Medians,
// then every keystroke. Diagnostic only: nothing here is asserted.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs as parseFlags } from 'node:util';

import { launchBrowser } from '../e2e/support/browser.mjs';
import { serveDirectory } from '../e2e/support/static-server.mjs';

function parseArgs(argv) {
  const { values } = parseFlags({
    args: argv,
    options: {
      dist: { type: 'string', default: 'dist' },
      example: { type: 'string', default: 'nixpkgs-prebuilt' },
      keys: { type: 'string', default: '12' },
    },
  });
  const args = { dist: values.dist, example: values.example, keys: Number(values.keys) };
  if (!(args.keys >= 1)) throw new Error('--keys must be at least 1');
  return args;
}

/** Stamps the worker's message handling; prepended to worker_loader.js. */
const WORKER_STAMPS = `
let splitStarted = 0;
self.addEventListener('message', () => { splitStarted = performance.timeOrigin + performance.now(); });
const splitPost = self.postMessage.bind(self);
self.postMessage = (message, ...rest) => {
  const posting = performance.timeOrigin + performance.now();
  splitPost(message, ...rest);
  if (message && message !== 'Ready' && message !== 'Retire') {
    console.log('SPLIT ' + JSON.stringify({ started: splitStarted, posting }));
  }
};
`;

/** In the page, before its scripts: stamps keydowns, posts and answers. */
function stampPage() {
  const stamps = { keydowns: [], posts: [], answers: [] };
  window.__split = stamps;
  const now = () => performance.timeOrigin + performance.now();
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data !== 'Ready' && event.data !== 'Retire') stamps.answers.push(now());
      });
    }
    postMessage(...args) {
      stamps.posts.push(now());
      return super.postMessage(...args);
    }
  };
  window.addEventListener('keydown', (event) => stamps.keydowns.push(performance.timeOrigin + event.timeStamp), true);
}

const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scratch = await mkdtemp(join(tmpdir(), 'fixpoint-split-'));
  const browser = await launchBrowser();
  let server = null;
  try {
    await cp(args.dist, scratch, { recursive: true });
    const loader = join(scratch, 'worker_loader.js');
    await writeFile(loader, WORKER_STAMPS + (await readFile(loader, 'utf8')));
    server = await serveDirectory(scratch);
    const page = await browser.context.newPage();
    const workerStamps = [];
    page.on('worker', (worker) =>
      worker.on('console', (message) => {
        if (message.text().startsWith('SPLIT ')) workerStamps.push(JSON.parse(message.text().slice(6)));
      }),
    );
    await page.addInitScript(stampPage);
    await page.goto(server.url);
    await page.locator('.cm-editor').waitFor({ timeout: 60_000 });
    await page.getByTestId('open-examples').click();
    await page.locator(`[data-testid="example"][data-id="${args.example}"]`).click();
    await page.getByTestId('gallery').waitFor({ state: 'detached', timeout: 60_000 });
    await page.waitForTimeout(1500);
    const editor = page.getByTestId('code-editor');
    await editor.click();
    await editor.press('Control+End');
    const press = async (count) => {
      for (let i = 0; i < count; i++) {
        await page.keyboard.press(i % 2 ? 'Backspace' : 'Space');
        await page.waitForTimeout(400);
      }
    };
    await press(2);
    const before = await page.evaluate(() => ({
      keydowns: __split.keydowns.length,
      posts: __split.posts.length,
      answers: __split.answers.length,
    }));
    const workerBefore = workerStamps.length;
    await press(args.keys);
    const stamps = await page.evaluate(() => __split);
    const rows = [];
    for (let i = 0; i < args.keys; i++) {
      const key = stamps.keydowns[before.keydowns + i];
      const posted = stamps.posts[before.posts + i];
      const answered = stamps.answers[before.answers + i];
      const worker = workerStamps[workerBefore + i];
      // A keystroke that posted nothing (or an answer still missing) ends the table.
      if ([key, posted, answered].some((x) => x === undefined) || !worker) break;
      rows.push({
        'to post': posted - key,
        queue: worker.started - posted,
        handler: worker.posting - worker.started,
        deliver: answered - worker.posting,
      });
    }
    console.log(`${args.example}: ${rows.length} keystrokes (ms; median, then each)`);
    for (const part of ['to post', 'queue', 'handler', 'deliver']) {
      const values = rows.map((row) => row[part]);
      console.log(`${part.padEnd(8)} ${median(values).toFixed(1).padStart(6)}   ${values.map((v) => v.toFixed(1)).join(' ')}`);
    }
  } finally {
    await browser.close();
    await server?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
