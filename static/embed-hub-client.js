// Runs in embed.html before the app starts. When the page was opened by
// embed.js with `?hub=NAME`, it replaces `Worker` for the evaluation worker
// script by a stand-in that forwards to the page's shared evaluator
// (embed-evaluator.js) over the BroadcastChannel "fixpoint-hub:NAME".
//
// The stand-in has the part of the Worker interface the app uses:
// postMessage, terminate, onmessage, onerror. It says `Ready` once the hub
// has answered, like a freshly loaded worker, and delivers answers as real
// MessageEvents. Without `hub`, or without BroadcastChannel, nothing is
// replaced and the embed starts its own worker.
(function () {
  'use strict';

  var name = new URLSearchParams(location.search).get('hub');
  if (!name || !('BroadcastChannel' in self)) return;
  var RealWorker = self.Worker;
  var HELLO_EVERY_MS = 250;

  function HubWorker() {
    var self_ = this;
    var client = 'c' + Math.random().toString(36).slice(2, 12);
    var channel = new BroadcastChannel('fixpoint-hub:' + name);
    var welcomed = false;
    var pending = [];
    this.onmessage = null;
    this.onerror = null;

    function send(message) {
      message.hub = 1;
      message.client = client;
      channel.postMessage(message);
    }

    function deliver(data) {
      var event = new MessageEvent('message', { data: data });
      if (typeof self_.onmessage === 'function') self_.onmessage(event);
    }

    channel.onmessage = function (event) {
      var message = event.data;
      if (!message || message.hub !== 1 || message.client !== client) return;
      if (message.kind === 'welcome') {
        if (welcomed) return;
        welcomed = true;
        clearInterval(hello);
        deliver('Ready');
        pending.splice(0).forEach(function (data) { send({ kind: 'post', data: data }); });
      } else if (message.kind === 'message') {
        deliver(message.data);
      } else if (message.kind === 'error') {
        var error = new ErrorEvent('error', { message: message.message });
        if (typeof self_.onerror === 'function') self_.onerror(error);
      }
    };

    // The hub may still be loading: keep asking until it answers.
    var hello = setInterval(function () { send({ kind: 'hello' }); }, HELLO_EVERY_MS);
    send({ kind: 'hello' });

    this.postMessage = function (data) {
      if (welcomed) send({ kind: 'post', data: data });
      else pending.push(data);
    };
    this.terminate = function () {
      clearInterval(hello);
      send({ kind: 'terminate' });
      channel.close();
    };
  }

  self.Worker = function (url, options) {
    if (String(url).indexOf('worker_loader.js') >= 0) return new HubWorker();
    return new RealWorker(url, options);
  };
})();
