// Fixpoint embeds for documentation pages.
//
//   <script src="https://fixpoint.example/embed.js" defer></script>
//
// Upgrades every `pre.fixpoint` and `<script type="text/x-nix">` block of the
// page into a live playground iframe, lazily: an iframe is created only when
// its block comes within 200px of the viewport (IntersectionObserver). Until
// then, and whenever JavaScript is off, the code stays on the page as text.
//
// All embeds of a page share one evaluation worker: the script adds a single
// hidden "evaluator" iframe (embed-evaluator.html, on the playground's
// origin) and passes its channel name to every embed (`?hub=`); the embeds
// send their evaluations to it over a BroadcastChannel. docs/embedding.md
// explains the choice, the block attributes and the postMessage protocol
// (envelope `{ fixpoint: 1, type, id, … }`) that this script speaks.
//
// No dependencies, no build step; it works as a classic or deferred script.
(function () {
  'use strict';

  var PROTOCOL = 1;
  var SCRIPT = document.currentScript;
  if (!SCRIPT || !SCRIPT.src) return;
  // The playground lives where this script was loaded from, unless the page
  // says otherwise with data-site.
  var SITE = new URL(SCRIPT.getAttribute('data-site') || '.', SCRIPT.src);
  var SITE_ORIGIN = SITE.origin;
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 2000;
  var HUB = 'h' + Math.random().toString(36).slice(2, 12);
  var BLOCKS = 'pre.fixpoint, script[type="text/x-nix"]';
  var PANES = ['editor', 'set', 'graph', 'trace', 'value', 'problems'];

  var embeds = []; // { id, block, iframe, init }
  var hubFrame = null;
  var counter = 0;

  /** Reads a block's code and options from its text and data- attributes. */
  function describe(block) {
    var data = block.dataset;
    var text = block.textContent.replace(/^\n/, '');
    var path = data.file || 'main.nix';
    var message = {
      fixpoint: PROTOCOL,
      type: 'init',
      files: [{ path: path, text: text }],
      mode: data.mode === 'set' ? 'set' : 'expression',
      options: {},
    };
    if (message.mode === 'set') {
      message.base = data.base || 'mini-nixpkgs';
      message.overlays = [{ file: path, enabled: true }];
    } else {
      message.entry = path;
    }
    var options = message.options;
    if ('readOnly' in data) options.readOnly = data.readOnly !== 'false';
    if (data.toolbar === 'off' || data.toolbar === 'false') options.toolbar = false;
    if (data.panes) {
      options.panes = data.panes.split(',').map(function (pane) {
        return pane.trim();
      }).filter(function (pane) {
        return PANES.indexOf(pane) >= 0;
      });
    }
    if (data.theme) options.theme = data.theme;
    if (data.tab) options.tab = data.tab;
    return message;
  }

  /** The hidden evaluator every embed of this page shares (created once). */
  function ensureHub() {
    if (hubFrame) return;
    hubFrame = document.createElement('iframe');
    hubFrame.src = new URL('embed-evaluator.html?hub=' + HUB, SITE).href;
    hubFrame.title = 'Fixpoint evaluator';
    hubFrame.setAttribute('aria-hidden', 'true');
    hubFrame.tabIndex = -1;
    hubFrame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
    document.body.appendChild(hubFrame);
  }

  /** Replaces `block` by a live embed (keeps the code visible until ready). */
  function upgrade(block) {
    if (block.hasAttribute('data-fixpoint-id')) return;
    var id = 'e' + ++counter;
    block.setAttribute('data-fixpoint-id', id);
    ensureHub();
    var init = describe(block);
    init.id = id;
    var iframe = document.createElement('iframe');
    var query = '?origin=' + encodeURIComponent(location.origin) + '&id=' + id + '&hub=' + HUB;
    iframe.src = new URL('embed.html' + query, SITE).href;
    iframe.title = block.getAttribute('data-title') || 'Fixpoint playground: ' + init.files[0].path;
    iframe.className = 'fixpoint-embed';
    iframe.setAttribute('data-fixpoint-id', id);
    var height = parseInt(block.dataset.height, 10);
    iframe.style.cssText = 'display:block;width:100%;border:0;height:' +
      (height > 0 ? height : Math.max(MIN_HEIGHT, block.offsetHeight + 80)) + 'px';
    var placeholder = block.__fixpointPlaceholder || block;
    placeholder.parentNode.insertBefore(iframe, placeholder.nextSibling);
    embeds.push({ id: id, block: block, placeholder: placeholder, iframe: iframe, init: init, ready: false });
  }

  function embedFor(source) {
    for (var i = 0; i < embeds.length; i++) {
      if (embeds[i].iframe.contentWindow === source) return embeds[i];
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    // Only the playground's origin, only our frames, only our namespace.
    if (event.origin !== SITE_ORIGIN) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.fixpoint !== PROTOCOL) return;
    var embed = embedFor(event.source);
    if (!embed) return;
    if (data.type === 'ready') {
      embed.iframe.contentWindow.postMessage(embed.init, SITE_ORIGIN);
      if (!embed.ready) {
        embed.ready = true;
        // The live embed now shows the code; the static copy would repeat it.
        embed.placeholder.hidden = true;
      }
    } else if (data.type === 'resize' && typeof data.height === 'number' && data.height > 0) {
      var height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)));
      embed.iframe.style.height = height + 'px';
    } else if (data.type === 'result') {
      embed.iframe.dispatchEvent(new CustomEvent('fixpoint:result', { detail: data, bubbles: true }));
    }
  });

  function start() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(BLOCKS));
    blocks.forEach(function (block) {
      if (block.tagName === 'SCRIPT') {
        // A script block is invisible: show its code until the embed is up.
        var pre = document.createElement('pre');
        pre.className = 'fixpoint-placeholder';
        pre.textContent = block.textContent.replace(/^\n/, '');
        block.parentNode.insertBefore(pre, block.nextSibling);
        block.__fixpointPlaceholder = pre;
      }
    });
    if (!('IntersectionObserver' in window)) {
      blocks.forEach(upgrade);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        upgrade(entry.target.__fixpointBlock || entry.target);
      });
    }, { rootMargin: '200px 0px' });
    blocks.forEach(function (block) {
      var target = block.__fixpointPlaceholder || block;
      target.__fixpointBlock = block;
      observer.observe(target);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
