// The playground's real evaluation worker (dist/worker.js + worker_bg.wasm),
// loaded exactly as dist/worker_loader.js loads it, with one addition for the
// benchmark: it keeps a handle on the wasm instance's linear memory so that
// the harness can ask how large the memory grew.
//
// A wasm memory only ever grows, so its size after one evaluation in a fresh
// worker is the peak the evaluation needed (plus the module's static data).
// The probe answers `{ benchProbe: 'memory' }` with `{ benchMemoryBytes: N }`
// and stops that message before the worker's own handler sees it.
(function () {
  'use strict';
  let memory = null;
  const remember = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    if (instance && instance.exports && instance.exports.memory) memory = instance.exports.memory;
    return result;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    return instantiate.apply(this, args).then(remember);
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  if (typeof instantiateStreaming === 'function') {
    WebAssembly.instantiateStreaming = function (...args) {
      return instantiateStreaming.apply(this, args).then(remember);
    };
  }
  // Registered before the worker sets `onmessage`, so it runs first.
  self.addEventListener('message', (event) => {
    if (event.data && event.data.benchProbe === 'memory') {
      event.stopImmediatePropagation();
      self.postMessage({ benchMemoryBytes: memory ? memory.buffer.byteLength : null });
    }
  });
})();

importScripts('/worker.js');
wasm_bindgen('/worker_bg.wasm');
