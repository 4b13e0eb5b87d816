// The shared evaluator of a documentation page (embed-evaluator.html?hub=NAME).
//
// It owns the page's single evaluation worker (worker_loader.js, the same
// worker the playground uses) and serves every embed of the page over the
// BroadcastChannel "fixpoint-hub:NAME". The embeds talk to it through
// embed-hub-client.js, which gives them a stand-in for `Worker`.
//
// Channel messages (all objects with `hub: 1`):
//   client → hub  { kind: 'hello', client }             until welcomed
//                 { kind: 'post', client, data }         a request for the worker
//                 { kind: 'terminate', client }          the client gave up (Stop, watchdog)
//   hub → client  { kind: 'welcome', client }
//                 { kind: 'message', client, data }      the worker's answer
//                 { kind: 'error', client, message }     the worker crashed on its request
//
// Scheduling: one request at a time; each client has at most one waiting
// request (a newer one replaces it: latest edit wins); clients are served in
// the order they asked. A client that terminates while its request runs gets
// the worker killed and respawned, as the playground's Stop does.
(function () {
  'use strict';

  var name = new URLSearchParams(location.search).get('hub');
  if (!name || !('BroadcastChannel' in self)) return;
  var channel = new BroadcastChannel('fixpoint-hub:' + name);

  var worker = null;
  var workerReady = false;
  var running = null; // client id whose request is with the worker
  var retiring = false; // the worker asked to be replaced once idle
  var queue = []; // [{ client, data }]

  function send(message) {
    message.hub = 1;
    channel.postMessage(message);
  }

  function spawn() {
    workerReady = false;
    running = null;
    retiring = false;
    worker = new Worker('worker_loader.js');
    worker.onmessage = function (event) {
      if (event.data === 'Ready') {
        workerReady = true;
        next();
        return;
      }
      // Sent after an answer when the worker's memory has grown too large
      // (docs/embedding.md): replace it once no request is with it.
      if (event.data === 'Retire') {
        retiring = true;
        if (running === null) respawn();
        return;
      }
      var client = running;
      running = null;
      if (client !== null) send({ kind: 'message', client: client, data: event.data });
      if (retiring) {
        respawn();
        return;
      }
      next();
    };
    worker.onerror = function (event) {
      event.preventDefault();
      var client = running;
      worker.terminate();
      if (client !== null) send({ kind: 'error', client: client, message: String(event.message) });
      spawn();
    };
  }

  // The queue stays; the new worker takes it once it says Ready.
  function respawn() {
    worker.terminate();
    spawn();
  }

  function next() {
    if (!workerReady || running !== null || queue.length === 0) return;
    var job = queue.shift();
    running = job.client;
    worker.postMessage(job.data);
  }

  channel.onmessage = function (event) {
    var message = event.data;
    if (!message || message.hub !== 1 || typeof message.client !== 'string') return;
    if (message.kind === 'hello') {
      // Every stand-in starts by asking as if the worker had just loaded.
      send({ kind: 'welcome', client: message.client });
    } else if (message.kind === 'post') {
      queue = queue.filter(function (job) { return job.client !== message.client; });
      queue.push({ client: message.client, data: message.data });
      next();
    } else if (message.kind === 'terminate') {
      queue = queue.filter(function (job) { return job.client !== message.client; });
      if (running === message.client) {
        worker.terminate();
        spawn();
      }
    }
  };

  spawn();
})();
