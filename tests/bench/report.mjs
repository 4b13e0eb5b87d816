// Turns target/bench/results.json (from bench.mjs) and the callgrind
// summaries (from profile.sh) into Markdown: the generated part of
// docs/benchmarks.md (between `<!-- bench:begin -->` and `<!-- bench:end -->`)
// and the README's Performance table (between `<!-- bench-readme:begin -->`
// and `<!-- bench-readme:end -->`). Text outside the markers is left alone;
// a README without the markers gets a `## Performance` section appended.
//
//   node tests/bench/report.mjs --results R.json --profiles DIR --doc D.md --readme README.md
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

const results = JSON.parse(await readFile(args.results, 'utf8'));

// ---------------------------------------------------------------- statistics

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const min = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined);
  return s.length ? Math.min(...s) : null;
};
const ms = (x) => (x === null || x === undefined ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (bytes) => (bytes === null || bytes === undefined ? '–' : (bytes / 2 ** 20).toFixed(1));
const kb = (bytes) => (bytes / 1024).toFixed(1);
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
const times = (r) => (r === null ? '–' : `${r.toFixed(2)}×`);

function engineFigures(workload, engine) {
  const runs = workload.runs[engine] ?? [];
  const check = workload.check[engine];
  if (!check || check.status !== 'ok') return { status: check ? check.status : 'not run', detail: check?.detail };
  return {
    status: 'ok',
    median: median(runs.map((r) => r.ms)),
    min: min(runs.map((r) => r.ms)),
    warm: median(runs.map((r) => r.warmMs)),
    warmMin: min(runs.map((r) => r.warmMs)),
    hot: median(runs.map((r) => r.hotMs)),
    hotMin: min(runs.map((r) => r.hotMs)),
    memory: median(runs.map((r) => r.memoryBytes)),
    startup: median(runs.map((r) => r.startupMs)),
    n: runs.length,
  };
}

const STATUS_TEXT = {
  'stack-overflow': 'stack overflow',
  crash: 'crashed',
  error: 'error',
  wrong: 'WRONG RESULT',
  'not run': 'not run',
};
const cell = (f, value) => (f.status === 'ok' ? value : `**${STATUS_TEXT[f.status] ?? f.status}**`);

const rows = results.workloads.map((w) => {
  const native = engineFigures(w, 'native');
  const wasm = engineFigures(w, 'wasm');
  const nix = engineFigures(w, 'nix');
  return { w, native, wasm, nix };
});

// ---------------------------------------------------------------- sections

function machineSection() {
  const m = results.machine;
  const load = (l) => (l ? l.map((x) => x.toFixed(1)).join(' / ') : '–');
  return [
    '### Machine and versions',
    '',
    '| | |',
    '|---|---|',
    `| date | ${results.date} |`,
    `| CPU | ${m.cpu}, ${m.nproc} cores (nproc) |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| kernel | ${m.kernel ?? '–'} |`,
    `| load average (1/5/15 min) before / after | ${load(m.loadBefore)} · ${load(m.loadAfter)} |`,
    `| Fixpoint commit | \`${m.commit ?? '–'}\` |`,
    `| rustc | ${m.rustc ?? '–'} |`,
    `| C++ Nix | ${m.nix ?? '–'} |`,
    `| Chromium | ${m.chromium ?? '–'} (headless) |`,
    `| Node.js | ${m.node} |`,
    `| rounds | ${results.runs} interleaved rounds per workload and evaluator |`,
    '',
  ].join('\n');
}

function checkSection() {
  const lines = [
    '### Correctness check (before any timing)',
    '',
    '| workload | expected | native | wasm | C++ Nix |',
    '|---|---|---|---|---|',
  ];
  for (const { w } of rows) {
    const show = (engine) => {
      const c = w.check[engine];
      if (!c) return 'not run';
      if (c.status === 'ok') return 'ok';
      return `${STATUS_TEXT[c.status] ?? c.status}${c.detail ? `: ${c.detail.replace(/\|/g, '\\|')}` : ''}`;
    };
    lines.push(`| ${w.id} | \`${w.expected}\` | ${show('native')} | ${show('wasm')} | ${show('nix')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function timeSection() {
  const lines = [
    '### Evaluation time and memory',
    '',
    'Median wall time in milliseconds (minimum in brackets); native and C++ Nix are whole processes',
    '(start-up included); wasm is one evaluation in the page\'s worker, from postMessage to the answer:',
    '*cold* is the first request in a fresh worker (V8 still runs most code from its baseline',
    'compiler), *warm* the same request again in that worker (V8 has optimised part of the hot code',
    'by then), *hot* the median of four more (V8 optimises a wasm function only after it has run a',
    'while: this is the steady state of a page in use); worker start-up (script and module compile)',
    'is the last column. Memory: peak RSS of the',
    'process for native and C++ Nix; for wasm the size of the linear memory after the cold request',
    '(it never shrinks, so this is the evaluation\'s peak; the browser\'s own overhead is not in it).',
    '',
    '| workload | native ms | wasm cold ms | wasm warm ms | wasm hot ms | C++ Nix ms | native / Nix | wasm hot / native | wasm warm / native | wasm cold / native | native MB | wasm MB | Nix MB | worker start ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { w, native, wasm, nix } of rows) {
    lines.push(
      `| ${w.id} | ${cell(native, `${ms(native.median)} (${ms(native.min)})`)} | ${cell(wasm, `${ms(wasm.median)} (${ms(wasm.min)})`)} | ${cell(wasm, `${ms(wasm.warm)} (${ms(wasm.warmMin)})`)} | ${cell(wasm, `${ms(wasm.hot)} (${ms(wasm.hotMin)})`)} | ${cell(nix, `${ms(nix.median)} (${ms(nix.min)})`)} | ${times(ratio(native.median ?? null, nix.median ?? null))} | ${times(ratio(wasm.hot ?? null, native.median ?? null))} | ${times(ratio(wasm.warm ?? null, native.median ?? null))} | ${times(ratio(wasm.median ?? null, native.median ?? null))} | ${cell(native, mb(native.memory))} | ${cell(wasm, mb(wasm.memory))} | ${cell(nix, mb(nix.memory))} | ${wasm.status === 'ok' ? ms(wasm.startup) : '–'} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

function uiSections() {
  const ui = results.ui;
  if (!ui) return { text: '', firstVisitGzip: null, firstResult: null, keys: [] };
  const kind = (path) =>
    path.endsWith('.wasm') ? 'wasm' : path.endsWith('.js') ? 'JS' : path.endsWith('.css') ? 'CSS' : path.endsWith('.html') || path === '/' ? 'HTML' : 'other';
  const files = ui.visits.files;
  const total = (key, filter = () => true) => files.filter(filter).reduce((a, f) => a + f[key], 0);
  const lines = [
    '### First visit',
    '',
    'Every file the server sent for one visit with an empty cache (`cache-control: no-store`),',
    'counted by the server; compressed sizes are of the same files (gzip -9, brotli -q 11), as a',
    'server or CDN that compresses would send them.',
    '',
    '| file | kind | raw KiB | gzip KiB | brotli KiB |',
    '|---|---|---|---|---|',
  ];
  for (const f of files) lines.push(`| \`${f.path}\` | ${kind(f.path)} | ${kb(f.bytes)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
  for (const k of ['wasm', 'JS', 'CSS', 'HTML']) {
    const filter = (f) => kind(f.path) === k;
    if (files.some(filter)) lines.push(`| *all ${k}* | | ${kb(total('bytes', filter))} | ${kb(total('gzip', filter))} | ${kb(total('brotli', filter))} |`);
  }
  lines.push(`| **total** | | **${kb(total('bytes'))}** | **${kb(total('gzip'))}** | **${kb(total('brotli'))}** |`);
  const firstResult = median(ui.visits.firstResultMs);
  lines.push(
    '',
    `Time from navigation start to the first result on screen (the page's own example evaluated by the`,
    `worker and rendered), over ${ui.visits.firstResultMs.length} visits on loopback: median **${ms(firstResult)} ms**`,
    `(${ui.visits.firstResultMs.map(ms).join(', ')}); DOMContentLoaded median ${ms(median(ui.visits.domContentLoadedMs))} ms.`,
    '',
    '### Keystroke to updated view',
    '',
    'Every gallery example (`static/examples/index.json`, set and expression mode), opened through the',
    'page\'s Examples dialog as a user would. Keys are pressed at the end of the file the example opens',
    '(space, then backspace, alternately: the workspace changes and is evaluated again, its result',
    'does not); two keystrokes first warm the worker up and are not counted. Time from the keydown',
    'event to the moment the result pane is current again (no longer marked stale, the open tab',
    'showing the answer). Split: keystroke → request posted to the worker (the page: reducer, render,',
    'effect, encoding), posted → answer received (the worker: decoding, evaluation, the set view,',
    'encoding), answer → view updated (the page: decoding, reducer, render, layout). Medians over',
    `${ui.keystrokes[0]?.samples.length ?? 0} keystrokes per example (fastest–slowest in brackets).`,
    '',
    '| example | mode | tab | total ms | to post | worker | render | shown |',
    '|---|---|---|---|---|---|---|---|',
  );
  const keys = [];
  for (const k of ui.keystrokes) {
    const m = (key) => median(k.samples.map((s) => s[key]));
    const totals = k.samples.map((s) => s.totalMs).filter((x) => x !== null);
    const total = m('totalMs');
    // Older result files kept the shown text as a string.
    const shown = typeof k.shown === 'string' ? { text: k.shown, tab: '', rows: 0, rowErrors: 0, error: /^(evaluation )?error/i.test(k.shown) } : k.shown;
    keys.push({
      id: k.id,
      total,
      post: m('postMs') ?? m('debounceMs'),
      worker: m('workerMs'),
      render: m('renderMs'),
      errored: shown.error,
    });
    const what = shown.rows > 0
      ? `${shown.rows} rows${shown.rowErrors ? `, ${shown.rowErrors} with an error` : ''}`
      : `\`${shown.text.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
    const spread = totals.length ? ` (${ms(Math.min(...totals))}–${ms(Math.max(...totals))})` : '';
    lines.push(
      `| ${k.id} | ${k.mode ?? 'expression'}${k.files ? `, ${k.files} file${k.files === 1 ? '' : 's'}` : ''} | ${shown.tab || '–'} | ${ms(total)}${spread} | ${ms(m('postMs') ?? m('debounceMs'))} | ${ms(m('workerMs'))} | ${ms(m('renderMs'))} | ${what}${shown.error ? ' (error)' : ''} |`,
    );
  }
  if (ui.skippedExamples && ui.skippedExamples.length > 0) {
    lines.push(
      '',
      `Gallery examples not measured: ${ui.skippedExamples.map((x) => `${x.id} (${x.reason})`).join(', ')}.`,
    );
  }
  lines.push('');
  return { text: lines.join('\n'), firstVisitGzip: total('gzip'), firstResult, keys };
}

const goalVerdicts = [];

function goalsSection(ui) {
  const verdicts = goalVerdicts;
  const yes = (b) => (b === null ? '–' : b ? 'met' : '**not met**');
  const record = (goal, met) => {
    if (met !== null) verdicts.push({ goal, met });
    return yes(met);
  };
  const lines = ['### Goals', '', '| goal | measured | |', '|---|---|---|'];
  const timed = rows.filter((r) => r.w.id !== 'trivial');
  const nativeRatios = timed.map((r) => ({ id: r.w.id, r: ratio(r.native.median ?? null, r.nix.median ?? null) })).filter((x) => x.r !== null);
  const slowNative = nativeRatios.filter((x) => x.r > 0.5);
  lines.push(
    `| native ≤ ½ of C++ Nix (all but start-up) | ${nativeRatios.map((x) => `${x.id} ${times(x.r)}`).join(', ')} | ${record('native ≤ ½ of C++ Nix', nativeRatios.length ? slowNative.length === 0 : null)}${slowNative.length ? ` (${slowNative.map((x) => x.id).join(', ')})` : ''} |`,
  );
  for (const [label, key] of [['hot', 'hot'], ['warm', 'warm'], ['cold', 'median']]) {
    const wasmRatios = rows
      .map((r) => ({ id: r.w.id, r: ratio(r.wasm[key] ?? null, r.native.median ?? null) }))
      .filter((x) => x.r !== null && x.id !== 'trivial');
    const slowWasm = wasmRatios.filter((x) => x.r > 2);
    lines.push(
      `| wasm within 2× of native (${label}) | ${wasmRatios.map((x) => `${x.id} ${times(x.r)}`).join(', ')} | ${record(`wasm within 2× of native (${label})`, wasmRatios.length ? slowWasm.length === 0 : null)}${slowWasm.length ? ` (${slowWasm.map((x) => x.id).join(', ')})` : ''} |`,
    );
  }
  const deep = rows.find((r) => r.w.id === 'deep-chain');
  if (deep) {
    const fine = deep.native.status === 'ok' && (deep.wasm.status === 'ok' || deep.wasm.status === 'not run');
    lines.push(
      `| deep chain finishes where C++ Nix overflows | native ${deep.native.status}, wasm ${deep.wasm.status}, C++ Nix ${STATUS_TEXT[deep.nix.status] ?? deep.nix.status} | ${record('deep chain finishes', fine)} |`,
    );
  }
  const memRows = rows.filter((r) => r.native.status === 'ok' && r.nix.status === 'ok');
  const heavy = memRows.filter((r) => r.native.memory > r.nix.memory || (r.wasm.status === 'ok' && r.wasm.memory > r.nix.memory));
  lines.push(
    `| peak memory ≤ C++ Nix | ${memRows.map((r) => `${r.w.id} ${mb(r.native.memory)}/${r.wasm.status === 'ok' ? mb(r.wasm.memory) : '–'}/${mb(r.nix.memory)}`).join(', ')} (MB native/wasm/Nix) | ${record('peak memory ≤ C++ Nix', memRows.length ? heavy.length === 0 : null)}${heavy.length ? ` (${heavy.map((r) => r.w.id).join(', ')})` : ''} |`,
  );
  if (ui.firstVisitGzip !== null) {
    lines.push(`| first visit < 1 MB gzipped | ${kb(ui.firstVisitGzip)} KiB | ${record('first visit < 1 MB gzipped', ui.firstVisitGzip < 1_000_000)} |`);
    const slowKeys = ui.keys.filter((k) => k.total === null || k.total >= 50);
    lines.push(
      `| keystroke-to-view < 50 ms (every gallery example) | ${ui.keys.map((k) => `${k.id} ${ms(k.total)}`).join(', ')} ms | ${record('keystroke-to-view < 50 ms', ui.keys.length ? slowKeys.length === 0 : null)}${slowKeys.length ? ` (${slowKeys.length} of ${ui.keys.length}: ${slowKeys.map((k) => k.id).join(', ')})` : ''} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

async function profileSection() {
  const dir = args.profiles;
  if (!dir) return '';
  let picked;
  try {
    picked = (await readFile(join(dir, 'profiled.txt'), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return '';
  }
  const lines = [
    '### Profile (callgrind, native CLI)',
    '',
    'Instructions counted by `valgrind --tool=callgrind` for the workloads with the worst',
    'native / C++ Nix ratio (deterministic for a given binary; names are of the release build,',
    'so inlined functions count towards their callers).',
    '',
  ];
  for (const id of picked) {
    let text;
    try {
      text = await readFile(join(dir, `callgrind.${id}.txt`), 'utf8');
    } catch {
      continue;
    }
    const [selfPart, inclusivePart = ''] = text.split('== inclusive');
    const top = (part, n, { below = 101 } = {}) => {
      const total = /([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS/.exec(part);
      const fns = [];
      for (const line of part.split('\n')) {
        const m = /^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.+?)\s*$/.exec(line);
        if (!m || /PROGRAM TOTALS/.test(line)) continue;
        // The inclusive list starts with main and the evaluator's entry points.
        if (Number(m[2]) >= below) continue;
        const name = m[3].replace(/^[^:]*:/, '').replace(/ \[[^\]]*\]$/, '');
        fns.push({ ir: m[1], pct: m[2], name: name.length > 110 ? `${name.slice(0, 110)}…` : name });
        if (fns.length >= n) break;
      }
      return { total: total ? total[1] : '?', fns };
    };
    const self = top(selfPart, 12);
    const incl = top(inclusivePart, 12, { below: 99 });
    // The allocator's own functions, whoever called them: mimalloc's (`mi_…`,
    // the native CLI's allocator) and glibc's malloc.c (anything linked without it).
    const allocator = top(selfPart, 1000).fns.filter((f) => /^mi_/.test(f.name) || /^(_int_)?(malloc|free|realloc|malloc_consolidate|_int_realloc|unlink_chunk)/.test(f.name));
    const allocatorPct = allocator.reduce((a, f) => a + Number(f.pct), 0);
    lines.push(
      `#### ${id}: ${self.total} instructions`,
      '',
      `The allocator's own code (mimalloc's \`mi_*\` and glibc's \`malloc.c\`) is ${allocatorPct.toFixed(1)}% of them (self, summed over the functions listed by callgrind_annotate).`,
      '',
      '| self % | function |',
      '|---|---|',
    );
    for (const f of self.fns) lines.push(`| ${f.pct} | \`${f.name.replace(/\|/g, '\\|')}\` |`);
    lines.push('', '| inclusive % | function |', '|---|---|');
    for (const f of incl.fns) lines.push(`| ${f.pct} | \`${f.name.replace(/\|/g, '\\|')}\` |`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- output

function replaceBetween(text, begin, end, body) {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start === -1 || stop === -1 || stop < start) return null;
  return `${text.slice(0, start + begin.length)}\n${body}\n${text.slice(stop)}`;
}

const ui = uiSections();
const generated = [
  `<!-- generated by .ci/bench (tests/bench/report.mjs); do not edit by hand -->`,
  '',
  machineSection(),
  checkSection(),
  timeSection(),
  ui.text,
  goalsSection(ui),
  await profileSection(),
].join('\n');

if (args.doc) {
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  let doc;
  try {
    doc = await readFile(args.doc, 'utf8');
  } catch {
    doc = `# Benchmarks\n\n${begin}\n${end}\n`;
  }
  const updated = replaceBetween(doc, begin, end, generated) ?? `${doc.trimEnd()}\n\n${begin}\n${generated}\n${end}\n`;
  await writeFile(args.doc, updated);
}

if (args.readme) {
  const begin = '<!-- bench-readme:begin -->';
  const end = '<!-- bench-readme:end -->';
  const short = [
    `Measured by \`bash .ci/bench\` on ${results.date.slice(0, 10)} (${results.machine.cpu}, ${results.machine.nproc} cores shared with other builds, load average ${results.machine.loadBefore.map((x) => x.toFixed(0)).join('/')}; commit \`${results.machine.commit}\`; ${results.machine.rustc ?? 'rustc ?'}, ${results.machine.nix ?? 'C++ Nix ?'}, Chromium ${results.machine.chromium ?? '?'} headless, Node.js ${results.machine.node}): median wall time in ms over ${results.runs} interleaved rounds, the whole process for native and C++ Nix, one evaluation in the page's worker for wasm (the first request in a fresh worker / the same request again / the steady state, the median of four more). Every result was checked first. Goals, method, memory, profile: [docs/benchmarks.md](docs/benchmarks.md).`,
    '',
    '| workload | native | wasm in the browser (first / again / steady) | C++ Nix 2.8 | native / Nix |',
    '|---|---|---|---|---|',
    ...rows.map(({ w, native, wasm, nix }) =>
      `| ${w.id} | ${cell(native, ms(native.median))} | ${cell(wasm, `${ms(wasm.median)} / ${ms(wasm.warm)} / ${ms(wasm.hot)}`)} | ${cell(nix, ms(nix.median))} | ${times(ratio(native.median ?? null, nix.median ?? null))} |`,
    ),
    '',
    `Goals of issue 8 met: ${goalVerdicts.filter((v) => v.met).map((v) => v.goal).join('; ') || 'none'}. Not met: ${goalVerdicts.filter((v) => !v.met).map((v) => v.goal).join('; ') || 'none'} (why, and where the time goes: the document).`,
    '',
    ui.firstVisitGzip !== null
      ? [
          `First visit: ${kb(ui.firstVisitGzip)} KiB gzipped; first result on screen ${ms(ui.firstResult)} ms after navigation (loopback). Keystroke to updated view, median per gallery example (ms: total = page before posting + worker + page rendering):`,
          '',
          '| example | keystroke → view | page → post | worker | render |',
          '|---|---|---|---|---|',
          ...ui.keys.map((k) => `| ${k.id}${k.errored ? ' †' : ''} | ${ms(k.total)} | ${ms(k.post)} | ${ms(k.worker)} | ${ms(k.render)} |`),
          '',
          `${ui.keys.filter((k) => k.total !== null && k.total < 50).length} of ${ui.keys.length} examples under the 50 ms goal.${ui.keys.some((k) => k.errored) ? ' † the example shows the error it teaches.' : ''}`,
        ].join('\n')
      : '',
  ].join('\n');
  let readme = null;
  try {
    readme = await readFile(args.readme, 'utf8');
  } catch {
    process.stderr.write(`[bench] ${args.readme} does not exist: its Performance table was not written\n`);
  }
  if (readme !== null) {
    const updated =
      replaceBetween(readme, begin, end, short) ??
      `${readme.trimEnd()}\n\n## Performance\n\nBenchmark command: \`bash .ci/bench\` (after \`.ci/setup\`; not part of \`.ci/run\`).\n\n${begin}\n${short}\n${end}\n`;
    await writeFile(args.readme, updated);
  }
}
