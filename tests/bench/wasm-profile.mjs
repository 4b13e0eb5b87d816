// Profiles the evaluation worker's wasm in headless Chromium: the same
// request N times in one worker (as the benchmark's cold and warm figures
// do), V8's sampling profiler on the worker for one of them, and the
// functions with the most self time.
//
//   node tests/bench/wasm-profile.mjs --workload rec-attrset
//        [--dist DIR | --worker-wasm target/wasm32-unknown-unknown/release/worker.wasm]
//        [--workloads ../shared/bench] [--requests 6] [--profile 2]
//        [--workers 1] [--js-flags '--no-liftoff'] [--top 40] [--out DIR]
//
// --dist uses a built dist/ as it is (Trunk's wasm-opt drops the function
// names: the table shows wasm-function[N]); --worker-wasm takes the worker
// binary cargo built for wasm32-unknown-unknown and runs wasm-bindgen and
// wasm-opt -O -g on it (Trunk's steps, names kept) into a scratch folder.
// --profile is 1-based: 1 is the bench's cold request, 2 its warm one.
// --workers repeats everything in that many fresh workers (one browser) and
// adds their profiles up in the table. Writes DIR/WORKLOAD.request-K.W.cpuprofile
// (open it in Chromium's DevTools, Performance panel) and prints every
// request's time and the table.
//
// The worker is loaded as the bench loads it (worker-probe.js: the page's
// worker_loader.js plus an answer with the wasm memory's size, printed after
// every request: a memory only grows, so a rising figure is memory an
// evaluation kept). Chromium is
// started directly (not through playwright-core, whose sessions cannot reach
// a worker's profiler) with the end-to-end tests' flags, and driven over the
// DevTools protocol's WebSocket. Node 20 needs --experimental-websocket for
// that; the script restarts itself with it when WebSocket is missing.
//
// Wall-time samples: on a busy machine a descheduled worker thread is
// charged to whatever function it was in. Compare figures of several runs.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs as parseFlags } from 'node:util';

import { CHROMIUM } from '../e2e/support/browser.mjs';

if (typeof WebSocket === 'undefined' && !process.execArgv.includes('--experimental-websocket')) {
  const child = spawnSync(
    process.execPath,
    ['--experimental-websocket', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../..');
const VIRTUAL_DIR = '/bench';
// The bench's worker script: the real worker, plus an answer to
// `{ benchProbe: 'memory' }` with the size of the wasm linear memory.
const PROBE = join(HERE, 'worker-probe.js');

function parseArgs(argv) {
  const { values } = parseFlags({
    args: argv,
    options: {
      dist: { type: 'string', default: 'dist' },
      'worker-wasm': { type: 'string' },
      workloads: { type: 'string', default: '../shared/bench' },
      workload: { type: 'string' },
      requests: { type: 'string', default: '6' },
      profile: { type: 'string', default: '2' },
      workers: { type: 'string', default: '1' },
      'js-flags': { type: 'string' },
      top: { type: 'string', default: '40' },
      out: { type: 'string', default: 'target/wasm-profile' },
    },
  });
  const args = {
    dist: values.dist,
    workerWasm: values['worker-wasm'] ?? null,
    workloads: values.workloads,
    workload: values.workload ?? null,
    requests: Number(values.requests),
    profile: Number(values.profile),
    workers: Number(values.workers),
    jsFlags: values['js-flags'] ?? null,
    top: Number(values.top),
    out: values.out,
  };
  if (!args.workload) throw new Error('--workload ID is required (a .nix file of --workloads, without .nix)');
  if (!(args.workers >= 1)) throw new Error('--workers must be at least 1');
  if (!(args.requests >= 1)) throw new Error('--requests must be at least 1');
  if (!(args.profile >= 0 && args.profile <= args.requests)) throw new Error('--profile must be 0 (none) to --requests');
  return args;
}

/** Trunk's steps for the worker (wasm-bindgen, wasm-opt -O), names kept. */
function namedDist(workerWasm, scratch) {
  const run = (command, args) => {
    const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH: `${join(REPO, 'web/node_modules/.bin')}:${process.env.PATH}` } });
    if (r.status !== 0) throw new Error(`${command} failed`);
  };
  run('wasm-bindgen', ['--target', 'no-modules', '--keep-debug', '--out-dir', scratch, '--out-name', 'worker', workerWasm]);
  const wasm = join(scratch, 'worker_bg.wasm');
  // The features Rust's wasm32 target enables; wasm-opt would refuse the module otherwise.
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  run('wasm-opt', ['-O', '-g', ...features.map((f) => `--enable-${f}`), wasm, '-o', wasm]);
}

async function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/__profile/blank') {
      response.writeHead(200, { 'content-type': types['.html'] }).end('<!DOCTYPE html><title>profile</title>');
      return;
    }
    const name = basename(path);
    const file = path === '/__bench/worker-probe.js' ? PROBE : join(root, name);
    if (file !== PROBE && (!['worker.js', 'worker_bg.wasm'].includes(name) || path !== `/${name}`)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(name)], 'cache-control': 'no-store' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) };
}

/** Chromium with a DevTools WebSocket; resolves to { send, on, close }. */
async function startChromium(jsFlags) {
  const profileDir = await mkdtemp(join(tmpdir(), 'fixpoint-wasm-profile-'));
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profileDir}`, '--remote-debugging-port=0',
    ...(jsFlags ? [`--js-flags=${jsFlags}`] : []),
    'about:blank',
  ];
  const chrome = spawn(CHROMIUM, flags, { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise((resolveUrl, reject) => {
    let text = '';
    chrome.on('exit', () => reject(new Error(`chromium exited: ${text.slice(-500)}`)));
    chrome.stderr.on('data', (chunk) => {
      text += chunk;
      const match = /DevTools listening on (ws:\S+)/.exec(text);
      if (match) resolveUrl(match[1]);
    });
  });
  const socket = new WebSocket(endpoint);
  await new Promise((done, reject) => {
    socket.addEventListener('open', done);
    socket.addEventListener('error', () => reject(new Error('cannot reach chromium')));
  });
  let nextId = 0;
  const pending = new Map();
  const listeners = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolveReply, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
      else resolveReply(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  });
  return {
    send: (method, params = {}, sessionId = undefined) =>
      new Promise((resolveReply, reject) => {
        const id = ++nextId;
        pending.set(id, { resolveReply, reject });
        socket.send(JSON.stringify({ id, method, params, sessionId }));
      }),
    on: (listener) => listeners.push(listener),
    close: async () => {
      socket.close();
      const exited = new Promise((done) => chrome.once('exit', done));
      chrome.kill();
      await exited;
      await rm(profileDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** Self time per function (ms), largest first. */
export function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const name = frame.functionName || `(${basename(frame.url) || 'anonymous'})`;
    times.set(name, (times.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...times].sort((a, b) => b[1] - a[1]);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const workloadsDir = resolve(args.workloads);
  const files = [];
  for (const name of (await readdir(workloadsDir)).filter((n) => n.endsWith('.nix')).sort()) {
    files.push([`${VIRTUAL_DIR}/${name}`, await readFile(join(workloadsDir, name), 'utf8')]);
  }
  const entry = `${VIRTUAL_DIR}/${args.workload}.nix`;
  if (!files.some(([path]) => path === entry)) throw new Error(`no ${args.workload}.nix in ${workloadsDir}`);

  let root = resolve(args.dist);
  let scratch = null;
  if (args.workerWasm) {
    scratch = await mkdtemp(join(tmpdir(), 'fixpoint-wasm-named-'));
    namedDist(resolve(args.workerWasm), scratch);
    root = scratch;
  }

  const server = await serve(root);
  const chrome = await startChromium(args.jsFlags);
  try {
    const { targetId } = await chrome.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId: page } = await chrome.send('Target.attachToTarget', { targetId, flatten: true });
    await chrome.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, page);
    await chrome.send('Page.enable', {}, page);
    const loaded = new Promise((done) => chrome.on((m) => m.method === 'Page.loadEventFired' && m.sessionId === page && done()));
    await chrome.send('Page.navigate', { url: `${server.url}/__profile/blank` }, page);
    await loaded;
    const evaluate = async (expression) => {
      const r = await chrome.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, page);
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value;
    };
    await evaluate(`window.files = ${JSON.stringify(files)}; true`);
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const total = new Map();
    for (let w = 1; w <= args.workers; w++) {
      const workerAttached = new Promise((done) => {
        const listener = (message) => {
          if (message.method === 'Target.attachedToTarget' && message.params.targetInfo.type === 'worker') done(message.params.sessionId);
        };
        chrome.on(listener);
      });
      await evaluate(`
        if (window.worker) window.worker.terminate();
        window.worker = new Worker('/__bench/worker-probe.js');
        window.nextAnswer = () => new Promise((answered) => { worker.onmessage = (event) => answered(event.data); });
        window.ready = nextAnswer();
        true`);
      const worker = await workerAttached;
      const first = await evaluate('ready');
      if (first !== 'Ready') throw new Error(`unexpected first message ${JSON.stringify(first)}`);
      const times = [];
      const memory = [];
      for (let k = 1; k <= args.requests; k++) {
        if (k === args.profile) {
          await chrome.send('Profiler.enable', {}, worker);
          await chrome.send('Profiler.setSamplingInterval', { interval: 100 }, worker);
          await chrome.send('Profiler.start', {}, worker);
        }
        const r = await evaluate(`(async () => {
          const answer = nextAnswer();
          const posted = performance.now();
          worker.postMessage({ Evaluate: { rev: ${k}, files, entry: ${JSON.stringify(entry)} } });
          const done = await answer;
          const ms = performance.now() - posted;
          const outcome = done && done.Done ? done.Done.outcome : null;
          return { ms, value: outcome ? outcome.value : null, error: outcome && outcome.error ? outcome.error.message : JSON.stringify(done) };
        })()`);
        if (k === args.profile) {
          const { profile } = await chrome.send('Profiler.stop', {}, worker);
          await writeFile(join(out, `${args.workload}.request-${k}.${w}.cpuprofile`), JSON.stringify(profile));
          for (const [name, ms] of selfTimes(profile)) total.set(name, (total.get(name) ?? 0) + ms);
        }
        if (r.value === null || r.value === undefined) throw new Error(`request ${k} failed: ${r.error}`);
        times.push(r.ms);
        memory.push(await evaluate(`(async () => {
          const answer = nextAnswer();
          worker.postMessage({ benchProbe: 'memory' });
          return (await answer).benchMemoryBytes;
        })()`));
      }
      const mib = memory.map((bytes) => (bytes === null ? '?' : (bytes / 2 ** 20).toFixed(0)));
      console.log(
        `${args.workload} worker ${w}: request ms ${times.map((t) => t.toFixed(1)).join(' ')}; ` +
          `wasm memory MiB after each ${mib.join(' ')}${args.jsFlags ? ` (js-flags ${args.jsFlags})` : ''}`,
      );
    }
    if (total.size > 0) {
      const rows = [...total].sort((a, b) => b[1] - a[1]);
      const sum = rows.reduce((acc, [, ms]) => acc + ms, 0);
      console.log(`request ${args.profile}, ${args.workers} worker(s): ${(sum / args.workers).toFixed(1)} ms sampled per worker (profiler start included), profiles in ${out}`);
      for (const [name, ms] of rows.slice(0, args.top)) {
        console.log(`${((100 * ms) / sum).toFixed(1).padStart(5)}% ${(ms / args.workers).toFixed(1).padStart(7)} ms  ${name.slice(0, 140)}`);
      }
    }
  } finally {
    await chrome.close();
    await server.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[wasm-profile] failed: ${error.stack ?? error}`);
  process.exit(1);
});
