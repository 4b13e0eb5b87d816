// Measures Fixpoint against C++ Nix, natively and in the browser, and writes
// the raw results as JSON. `.ci/bench` runs it and then `report.mjs`.
//
//   node tests/bench/bench.mjs --cli target/release/fixpoint --dist DIR \
//        --workloads ../shared/bench --runs 7 --out results.json
//        [--only fib25,trivial] [--no-ui] [--no-wasm] [--ui-only] [--examples DIR]
//
// Evaluation: every workload (a .nix file with an `expected:` comment, or a
// file that is a bare integer literal) is first checked against its expected
// result by all three evaluators; then `--runs` rounds run every workload by
//   native — our release CLI, `fixpoint eval --strict FILE`, under
//            /usr/bin/time for the peak resident set size;
//   wasm   — the real evaluation worker of the built dist/ (worker.js +
//            worker_bg.wasm), a fresh worker per run in headless Chromium;
//            time from postMessage to the answer, for the first request
//            (cold: V8 runs most code from its baseline compiler), for the
//            same request again (warm: the code V8 has optimised by then)
//            and the median of four more (hot: V8 optimises a wasm function
//            only after it has run a while, so this is the steady state of a
//            page in use); memory = the size of the wasm linear memory after
//            the first request (it only grows: that evaluation's peak);
//   nix    — `nix-instantiate --eval --strict FILE` with NIX_REMOTE=dummy://,
//            under /usr/bin/time;
// interleaved (each round runs each workload by all three, in a rotating
// order). A wrong result or a crash is recorded as such for that run, never
// as a figure.
//
// UI: first visits of the built page (bytes served per file, raw, gzip and
// brotli; time from navigation start to the first result on screen) and
// keystroke-to-updated-view for every gallery example (static/examples/
// index.json, set and expression mode: each opened through the gallery,
// keys pressed at the end of the file it opens) or, without a gallery, a few
// representative programs.
//
// No assertion here is timed: the harness reports, it does not judge.
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseFlags } from 'node:util';
import { gzipSync, brotliCompressSync, constants as zlibConstants } from 'node:zlib';

// Debian's Chromium through playwright-core, launched as the end-to-end
// tests launch it (headless, fresh profile, no background networking).
import { CHROMIUM, launchBrowser } from '../e2e/support/browser.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROBE = join(HERE, 'worker-probe.js');
const VIRTUAL_DIR = '/bench';
const RUN_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const { values } = parseFlags({
    args: argv,
    options: {
      cli: { type: 'string', default: 'target/release/fixpoint' },
      dist: { type: 'string', default: 'dist' },
      workloads: { type: 'string', default: '../shared/bench' },
      runs: { type: 'string', default: '7' },
      'ui-runs': { type: 'string', default: '5' },
      out: { type: 'string', default: 'target/bench/results.json' },
      only: { type: 'string' },
      examples: { type: 'string', default: 'static/examples' },
      'no-ui': { type: 'boolean', default: false },
      'no-wasm': { type: 'boolean', default: false },
      // Only the browser figures of the UI (for trying the harness out;
      // report.mjs needs the evaluation figures too).
      'ui-only': { type: 'boolean', default: false },
    },
  });
  const args = {
    cli: values.cli,
    dist: values.dist,
    workloads: values.workloads,
    runs: Number(values.runs),
    out: values.out,
    only: values.only ? values.only.split(',') : null,
    ui: !values['no-ui'],
    wasm: !values['no-wasm'] && !values['ui-only'],
    eval: !values['ui-only'],
    examples: values.examples,
    uiRuns: Number(values['ui-runs']),
  };
  if (!(args.runs >= 1)) throw new Error('--runs must be at least 1');
  return args;
}

// ---------------------------------------------------------------- workloads

/** The expected printed result of a workload, or null if it states none. */
export function expectedOf(text) {
  for (const line of text.split('\n')) {
    const match = /expected:\s*(.+?)\s*$/.exec(line);
    if (match && line.trimStart().startsWith('#')) return match[1];
  }
  // trivial.nix is a bare literal; its README row gives the result `1`.
  const bare = text.trim();
  if (/^-?[0-9]+$/.test(bare)) return bare;
  return null;
}

async function loadWorkloads(dir, only) {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.nix')).sort();
  const files = [];
  for (const name of names) files.push([name, await readFile(join(dir, name), 'utf8')]);
  const workloads = [];
  for (const [name, text] of files) {
    const expected = expectedOf(text);
    if (expected === null) continue; // helper files such as rec2000.nix
    const id = basename(name, '.nix');
    if (only && !only.includes(id)) continue;
    workloads.push({ id, file: resolve(dir, name), name, expected });
  }
  return {
    workloads,
    // The whole folder goes to the worker, so `import ./rec2000.nix` works.
    virtualFiles: files.map(([name, text]) => [`${VIRTUAL_DIR}/${name}`, text]),
  };
}

// ---------------------------------------------------------------- processes

/**
 * Runs a command under GNU time; resolves to wall milliseconds (measured
 * here, with a high-resolution clock), the peak RSS in KiB, status and output.
 */
async function timed(command, args, { cwd, env }) {
  const scratch = await mkdtemp(join(tmpdir(), 'fixpoint-bench-'));
  const rssFile = join(scratch, 'rss');
  try {
    const started = process.hrtime.bigint();
    const result = await new Promise((resolveRun) => {
      const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = [];
      const err = [];
      child.stdout.on('data', (chunk) => out.push(chunk));
      child.stderr.on('data', (chunk) => err.push(chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolveRun({
          code,
          signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        });
      });
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let rssKiB = null;
    try {
      // On a crash GNU time writes "Command terminated by signal N" first.
      const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
      rssKiB = Number(lines[lines.length - 1]);
    } catch {
      rssKiB = null;
    }
    // GNU time exits with the command's status, or 128+signal.
    return { ms, rssKiB, ...result };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Classifies one run's output against the workload's expectation. */
function verdict(workload, { code, signal, stdout, stderr }) {
  const printed = stdout.trim();
  if (code === 0 && printed === workload.expected) return { status: 'ok' };
  const text = `${stderr}\n${stdout}`;
  if (/stack overflow/i.test(text)) return { status: 'stack-overflow', detail: firstLine(stderr) };
  if (signal || (code !== null && code > 128)) {
    return { status: 'crash', detail: `signal ${signal ?? code - 128}: ${firstLine(stderr)}` };
  }
  if (code !== 0) return { status: 'error', detail: firstLine(stderr) || `exit ${code}` };
  return { status: 'wrong', detail: `printed ${truncate(printed)}, expected ${workload.expected}` };
}

function firstLine(text) {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return truncate(line.trim());
}

function truncate(text, max = 160) {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function runNative(cli, workload) {
  return timed(cli, ['eval', '--strict', workload.file], { cwd: HERE, env: {} });
}

function runNix(workload) {
  return timed('nix-instantiate', ['--eval', '--strict', workload.file], {
    cwd: HERE,
    env: { NIX_REMOTE: 'dummy://' },
  });
}

// ---------------------------------------------------------------- browser

/** Serves dist/ plus the worker probe, and counts the bytes of every response. */
async function serveDist(root) {
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json',
    '.nix': 'text/plain; charset=utf-8',
  };
  const served = [];
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      let file;
      if (path === '/__bench/blank') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!DOCTYPE html><title>bench</title>');
        return;
      }
      if (path === '/__bench/worker-probe.js') {
        file = PROBE;
      } else {
        file = normalize(join(root, path));
        if (file !== root && !file.startsWith(root + sep)) {
          response.writeHead(403).end();
          return;
        }
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      }
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
      served.push({ path, file, bytes: body.length });
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    served,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * In the page: starts a fresh probe worker, evaluates one entry, reads the
 * wasm memory size, and terminates the worker.
 */
async function evaluateInFreshWorker({ files, entry, timeoutMs }) {
  const worker = new Worker('/__bench/worker-probe.js');
  const next = () =>
    new Promise((resolveMessage, rejectMessage) => {
      const timer = setTimeout(() => rejectMessage(new Error('worker timed out')), timeoutMs);
      worker.onmessage = (event) => {
        // A worker whose memory grew large asks to be replaced after an
        // answer; the harness uses each worker for one workload only.
        if (event.data === 'Retire') return;
        clearTimeout(timer);
        resolveMessage(event.data);
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        event.preventDefault();
        rejectMessage(new Error(`worker error: ${event.message}`));
      };
    });
  try {
    const spawned = performance.now();
    const ready = await next();
    const readyAt = performance.now();
    if (ready !== 'Ready') throw new Error(`unexpected first message ${JSON.stringify(ready)}`);
    const memoryBefore = await (async () => {
      const answer = next();
      worker.postMessage({ benchProbe: 'memory' });
      return (await answer).benchMemoryBytes;
    })();
    const answer = next();
    const posted = performance.now();
    worker.postMessage({ Evaluate: { rev: 1, files, entry } });
    const done = await answer;
    const answered = performance.now();
    const memory = next();
    worker.postMessage({ benchProbe: 'memory' });
    const memoryAfter = (await memory).benchMemoryBytes;
    const outcome = done && done.Done ? done.Done.outcome : null;
    // The same request again in the same worker: V8 has by now tiered the
    // hot wasm functions up from its baseline compiler, as it has in a page
    // where the user has been typing for a while.
    // Then four more: V8 optimises a wasm function only once it has run a
    // while (Chromium's tiering budget), so the second request still runs
    // much baseline code; the median of requests 3 to 6 is the steady state.
    let warmMs = null;
    let hotMs = null;
    if (outcome && outcome.value !== null && outcome.value !== undefined) {
      const times = [];
      for (let rev = 2; rev <= 6; rev++) {
        const again = next();
        const repostedAt = performance.now();
        worker.postMessage({ Evaluate: { rev, files, entry } });
        const reply = await again;
        if (!(reply && reply.Done && reply.Done.outcome.value === outcome.value)) break;
        times.push(performance.now() - repostedAt);
      }
      warmMs = times.length > 0 ? times[0] : null;
      const later = times.slice(1).sort((a, b) => a - b);
      hotMs = later.length === 4 ? (later[1] + later[2]) / 2 : null;
    }
    return {
      ms: answered - posted,
      warmMs,
      hotMs,
      startupMs: readyAt - spawned,
      memoryBefore,
      memoryAfter,
      value: outcome ? outcome.value : null,
      error: outcome && outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : null,
      failed: done && done.Failed ? JSON.stringify(done.Failed) : null,
    };
  } catch (error) {
    return { crashed: String(error && error.message ? error.message : error) };
  } finally {
    worker.terminate();
  }
}

async function runWasm(page, virtualFiles, workload) {
  const entry = `${VIRTUAL_DIR}/${workload.name}`;
  const r = await page.evaluate(evaluateInFreshWorker, {
    files: virtualFiles,
    entry,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  if (r.crashed) {
    const status = /overflow|recursion/i.test(r.crashed) ? 'stack-overflow' : 'crash';
    return { ms: null, memoryBytes: null, verdict: { status, detail: truncate(r.crashed) } };
  }
  let v;
  if (r.value !== null && r.value !== undefined && r.value.trim() === workload.expected) v = { status: 'ok' };
  else if (r.error) v = { status: /overflow|stack/i.test(r.error) ? 'stack-overflow' : 'error', detail: truncate(r.error) };
  else if (r.failed) v = { status: 'error', detail: truncate(r.failed) };
  else v = { status: 'wrong', detail: `printed ${truncate(String(r.value))}, expected ${workload.expected}` };
  return {
    ms: r.ms,
    warmMs: r.warmMs,
    hotMs: r.hotMs,
    startupMs: r.startupMs,
    memoryBytes: r.memoryAfter,
    baseMemoryBytes: r.memoryBefore,
    verdict: v,
  };
}

// ---------------------------------------------------------------- UI figures

// Installed before every page script: records when the result first shows,
// when the page posts to a worker and hears back, and when the result view
// changes after a keystroke.
function pageInstrumentation() {
  // A result is on screen: the open tab shows an answer (a value, an error,
  // the set table, a set-level error, a note that the value is not a set,
  // the graph, the trace, the problems) or the failure banner — anything
  // but the "Evaluating…" placeholder of a page that has no answer yet.
  window.__benchResultShown = (output) => {
    if (output.querySelector('[data-testid="result-failure"]')) return true;
    const body = output.querySelector('.tab-body');
    if (!body) return false;
    const text = body.textContent.trim();
    return text !== '' && text !== 'Evaluating…';
  };
  const bench = {
    firstResultAt: null,
    posts: [],
    answers: [],
    keydowns: [],
    views: [],
  };
  window.__bench = bench;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => bench.answers.push(performance.now()));
    }
    postMessage(...args) {
      bench.posts.push(performance.now());
      return super.postMessage(...args);
    }
  };
  window.addEventListener('keydown', (event) => bench.keydowns.push(event.timeStamp), true);
  let lastSignature = null;
  const observe = () => {
    const output = document.querySelector('[data-testid="output"]');
    if (!output) return;
    const stale = output.classList.contains('stale');
    const shown = window.__benchResultShown(output);
    if (!stale && shown && bench.firstResultAt === null) bench.firstResultAt = performance.now();
    const signature = `${stale}|${output.textContent}`;
    if (signature !== lastSignature) {
      lastSignature = signature;
      bench.views.push({ at: performance.now(), stale, hasResult: Boolean(shown) });
    }
  };
  new MutationObserver(observe).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

async function firstVisits(context, server, distRoot, runs) {
  const visits = [];
  for (let i = 0; i < runs; i++) {
    server.served.length = 0;
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench && window.__bench.firstResultAt !== null, null, {
      timeout: 60_000,
    });
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        firstResultMs: window.__bench.firstResultAt,
        domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null,
        loadMs: nav ? nav.loadEventEnd : null,
      };
    });
    // Let late requests (the editor bundle) land before counting bytes.
    await page.waitForLoadState('networkidle');
    visits.push({ ...timing, served: server.served.map(({ path, file, bytes }) => ({ path, file, bytes })) });
    await page.close();
  }
  // Bytes of the first visit, per file, with compressed sizes of the same files.
  const files = [];
  const seen = new Set();
  for (const { path, file, bytes } of visits[0].served) {
    if (seen.has(path)) continue;
    seen.add(path);
    const body = await readFile(file);
    files.push({
      path,
      bytes,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
      }).length,
    });
  }
  return {
    files,
    firstResultMs: visits.map((v) => v.firstResultMs),
    domContentLoadedMs: visits.map((v) => v.domContentLoadedMs),
    loadMs: visits.map((v) => v.loadMs),
    distRoot,
  };
}

/**
 * The programs to type into: every example of the gallery
 * (static/examples/index.json), in set and expression mode alike, each
 * opened through the gallery as a user would; without a gallery, a
 * representative set typed into the single editor.
 */
async function representativePrograms(examplesDir, workloadDir) {
  let index = null;
  try {
    index = JSON.parse(await readFile(join(examplesDir, 'index.json'), 'utf8'));
  } catch {
    index = null; // No gallery yet: the representative set below.
  }
  if (index && Array.isArray(index.examples) && index.examples.length > 0) {
    const programs = index.examples.map((example) => ({
      id: example.id,
      source: 'gallery',
      example: example.id,
      mode: example.mode?.kind ?? 'expression',
      files: (example.files ?? []).length,
      // The gallery opens the last file; the keys go to its end.
      typedIn: (example.files ?? []).slice(-1)[0] ?? null,
    }));
    return { programs, skipped: [] };
  }
  const fromBench = async (name) => ({
    id: name,
    source: 'bench',
    mode: 'expression',
    files: 1,
    text: await readFile(join(workloadDir, name), 'utf8'),
  });
  const programs = [
    { id: 'arithmetic', source: 'inline', mode: 'expression', files: 1, text: '1 + 2\n' },
    {
      id: 'overlay',
      source: 'inline',
      mode: 'expression',
      files: 1,
      text:
        'let\n  fix = f: let x = f x; in x;\n  base = final: { a = 1; b = final.a + 1; };\n' +
        '  overlay = final: prev: { a = prev.a * 10; };\n' +
        '  extends = o: f: final: let prev = f final; in prev // o final prev;\n' +
        'in fix (extends overlay base)\n',
    },
    await fromBench('fib25.nix'),
    await fromBench('fixpoint-overlays.nix'),
  ];
  return { programs, skipped: [] };
}

/** Opens gallery example `id` through the page's Examples dialog. */
async function openExample(page, id) {
  await page.getByTestId('open-examples').click();
  await page.locator(`[data-testid="example"][data-id="${id}"]`).click();
  await page.getByTestId('gallery').waitFor({ state: 'detached', timeout: 60_000 });
}

async function keystrokes(context, server, programs, runs) {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.__bench && window.__bench.firstResultAt !== null, null, {
    timeout: 60_000,
  });
  await page.locator('.cm-editor').waitFor({ timeout: 60_000 });
  const editor = page.getByTestId('code-editor');
  const results = [];
  for (const program of programs) {
    if (program.example) {
      await openExample(page, program.example);
    } else {
      await editor.click();
      await editor.press('Control+A');
      await page.keyboard.insertText(program.text);
    }
    await settle(page);
    await editor.click();
    await editor.press('Control+End');
    // Two keystrokes that are not counted: the first evaluations of a new
    // workspace also warm the worker's code for it (V8 tiers up hot wasm
    // functions), as a user's first keys after opening an example do.
    for (const key of ['Space', 'Backspace']) {
      const views = await page.evaluate(() => window.__bench.views.length);
      await page.keyboard.press(key);
      await settle(page, views);
    }
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const before = await page.evaluate(() => ({
        keydowns: window.__bench.keydowns.length,
        posts: window.__bench.posts.length,
        answers: window.__bench.answers.length,
        views: window.__bench.views.length,
      }));
      await page.keyboard.press(i % 2 === 0 ? 'Space' : 'Backspace');
      await settle(page, before.views);
      samples.push(
        await page.evaluate((b) => {
          const bench = window.__bench;
          const keydown = bench.keydowns[b.keydowns];
          // The first request after the key is the one for it (the page
          // posts at once when the worker is idle, and it is idle here).
          const posted = bench.posts[b.posts];
          const answered = bench.answers[b.answers];
          const view = bench.views.slice(b.views).find((v) => !v.stale && v.hasResult);
          return {
            totalMs: view ? view.at - keydown : null,
            postMs: posted !== undefined ? posted - keydown : null,
            workerMs: posted !== undefined && answered !== undefined ? answered - posted : null,
            renderMs: view && answered !== undefined ? view.at - answered : null,
            requests: bench.posts.length - b.posts,
          };
        }, before),
      );
    }
    const shown = await page.evaluate(() => {
      const body = document.querySelector('[data-testid="output"] .tab-body');
      const failure = document.querySelector('[data-testid="result-failure"]');
      const tab = document.querySelector('[data-testid="output"] [role="tab"][aria-selected="true"]');
      return {
        tab: tab ? tab.textContent.trim() : '',
        text: `${failure ? failure.textContent : ''}${body ? body.textContent : ''}`,
        rows: document.querySelectorAll('[data-testid="output"] [data-testid="row"]').length,
        rowErrors: document.querySelectorAll('[data-testid="output"] [data-testid="row-error"]').length,
        error: Boolean(
          failure ||
            document.querySelector('[data-testid="output"] [data-testid="result-error"], [data-testid="output"] [data-testid="set-error"]'),
        ),
      };
    });
    results.push({
      id: program.id,
      source: program.source,
      mode: program.mode,
      files: program.files,
      typedIn: program.typedIn ?? null,
      samples,
      shown: {
        tab: shown.tab,
        text: truncate(shown.text.replace(/\s+/g, ' ').trim(), 80),
        rows: shown.rows,
        rowErrors: shown.rowErrors,
        error: shown.error,
      },
    });
  }
  await page.close();
  return results;
}

/** Waits until the output is current (not stale) and shows a result. */
async function settle(page, viewsBefore = null) {
  await page.waitForFunction(
    (viewsBefore) => {
      const bench = window.__bench;
      if (viewsBefore !== null && bench.views.length <= viewsBefore) return false;
      const output = document.querySelector('[data-testid="output"]');
      if (!output || output.classList.contains('stale')) return false;
      return window.__benchResultShown(output);
    },
    viewsBefore,
    { timeout: 60_000, polling: 10 },
  );
  // A quiet moment so that the next keystroke starts from an idle page
  // (queries such as a trace may still be on their way to the worker).
  await page.waitForTimeout(300);
}

// ---------------------------------------------------------------- main

async function commandOutput(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.on('error', () => done(null));
    child.on('close', () => done(Buffer.concat(out).toString('utf8').trim()));
  });
}

async function machine() {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo);
  return {
    nproc: cpus().length,
    cpu: model ? model[1].trim() : 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: await commandOutput('uname', ['-r']),
    rustc: await commandOutput('rustc', ['--version']),
    nix: await commandOutput('nix-instantiate', ['--version']),
    node: process.version,
    commit: await commandOutput('git', ['describe', '--always', '--dirty', '--abbrev=10']),
    loadBefore: loadavg(),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cli = resolve(args.cli);
  const distRoot = resolve(args.dist);
  const { workloads, virtualFiles } = await loadWorkloads(resolve(args.workloads), args.only);
  if (workloads.length === 0) throw new Error(`no workloads in ${args.workloads}`);
  const info = await machine();
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);

  let browser = null;
  let server = null;
  let page = null;
  if (args.wasm || args.ui) {
    server = await serveDist(distRoot);
    browser = await launchBrowser();
    info.chromium = browser.context.browser()?.version() ?? (await commandOutput(CHROMIUM, ['--version']));
    page = await browser.context.newPage();
    page.on('pageerror', (error) => log(`page error: ${error}`));
    // A blank page of the same origin: the worker runs without the UI around it.
    await page.goto(`${server.url}__bench/blank`);
  }

  const engines = ['native', ...(args.wasm ? ['wasm'] : []), 'nix'];
  const runs = Object.fromEntries(workloads.map((w) => [w.id, Object.fromEntries(engines.map((e) => [e, []]))]));
  const runOne = async (engine, workload) => {
    if (engine === 'native') {
      const r = await runNative(cli, workload);
      return { ms: r.ms, memoryBytes: r.rssKiB === null ? null : r.rssKiB * 1024, verdict: verdict(workload, r) };
    }
    if (engine === 'nix') {
      const r = await runNix(workload);
      return { ms: r.ms, memoryBytes: r.rssKiB === null ? null : r.rssKiB * 1024, verdict: verdict(workload, r) };
    }
    return runWasm(page, virtualFiles, workload);
  };

  // Round 0: the correctness check (also a warm-up of the file cache).
  log(`checking ${workloads.length} workloads against their expected results`);
  const checks = {};
  for (const workload of args.eval ? workloads : []) {
    checks[workload.id] = {};
    for (const engine of engines) {
      const r = await runOne(engine, workload);
      checks[workload.id][engine] = r.verdict;
      log(`  ${workload.id} ${engine}: ${r.verdict.status}${r.verdict.detail ? ` (${r.verdict.detail})` : ''}`);
    }
  }

  for (let round = 0; args.eval && round < args.runs; round++) {
    log(`round ${round + 1}/${args.runs}`);
    for (const [index, workload] of workloads.entries()) {
      // Rotate the order so that no evaluator always runs first or last.
      const shift = (round + index) % engines.length;
      const order = [...engines.slice(shift), ...engines.slice(0, shift)];
      for (const engine of order) {
        // An evaluator that did not pass the check is not timed again.
        if (checks[workload.id][engine].status !== 'ok') continue;
        runs[workload.id][engine].push(await runOne(engine, workload));
      }
    }
  }

  let ui = null;
  if (args.ui) {
    log('UI: first visits');
    await browser.context.addInitScript(pageInstrumentation);
    const visits = await firstVisits(browser.context, server, distRoot, args.uiRuns);
    log('UI: keystroke to view');
    const { programs, skipped } = await representativePrograms(resolve(args.examples), resolve(args.workloads));
    const keys = await keystrokes(browser.context, server, programs, args.uiRuns);
    ui = { visits, keystrokes: keys, skippedExamples: skipped };
  }

  if (browser) await browser.close();
  if (server) await server.close();
  info.loadAfter = loadavg();

  const results = {
    date: new Date().toISOString(),
    machine: info,
    runs: args.runs,
    engines,
    workloads: workloads.map((w) => ({ id: w.id, expected: w.expected, check: checks[w.id], runs: runs[w.id] })),
    ui,
  };
  await writeFile(args.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${args.out}`);
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
