// Starts the full simulator (index.html), in place of the inline script
// Trunk writes (scripts/post-build.mjs swaps them), so the page needs no
// inline script. The files' hashed names are on this script's data-*.
//
// The page comes with the example practice's headline figures in
// #first-view, rendered at build time (src/first_view.rs's prerender), so a
// first visit without a link shows real figures before any WebAssembly.
// On a first visit with a link (no service worker has the app yet) the
// small module, the embed's (src/bin/gpsim-embed.rs), loads first and draws
// the link's headline figures there (web/opening.js hid the example's);
// then the full app's module loads and, once it has rendered, removes that
// view. The link's first result thus needs about half the bytes of the full
// app. Once a service worker
// controls the page, every file is on the device and the full app starts at
// once. If the small module fails, the full app still starts.
(function () {
  'use strict';
  var me = document.currentScript;
  var get = function (name) { return me ? me.getAttribute('data-' + name) : null; };
  var appJs = get('app-js');
  var appWasm = get('app-wasm');
  var smallJs = get('small-js');
  var smallWasm = get('small-wasm');
  var first = document.getElementById('first-view');

  function failed(e) {
    // Over the first view's "Loading…" line, if it is there: the figures
    // above it stay, and the line says what went wrong.
    var loading = document.getElementById('loading-rest');
    var hidden = document.documentElement.classList.contains('opening-other') && document.querySelector('#first-view .prerendered');
    if (loading && hidden) {
      // The prerendered figures are the example practice's, hidden because
      // the page opened on the visitor's own scenario, which needs the app.
      var opening = document.querySelector('#first-view .opening-note');
      if (opening) opening.remove();
      loading.classList.remove('needs-js');
      loading.setAttribute('role', 'alert');
      loading.textContent = 'Your scenario could not be opened: the simulator could not start in this browser (' + e + '). Reload the page to try again.';
      return;
    }
    if (loading) {
      loading.setAttribute('role', 'alert');
      loading.textContent = 'The editor could not be loaded (' + e + '). The figures above are right; reload the page to try again.';
      return;
    }
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = 'The simulator could not start in this browser: ' + e;
    document.body.appendChild(p);
  }

  function startSmall() {
    return new Promise(function (resolve, reject) {
      // The module downloads while its script does.
      var wasm = fetch(smallWasm);
      var script = document.createElement('script');
      script.src = smallJs;
      script.onload = function () {
        resolve(wasm_bindgen({ module_or_path: wasm }));
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The full app's stylesheet, loaded (or failed) before the app renders,
  // so that it never shows unstyled.
  function stylesheet(href) {
    return new Promise(function (resolve) {
      if (!href) return resolve();
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.onload = link.onerror = function () { resolve(); };
      document.head.appendChild(link);
    });
  }

  function startApp() {
    // The small module marks its view when the address belongs to the
    // embed's page and the page is already going there.
    if (first && first.hasAttribute('data-moved')) return undefined;
    return Promise.all([import(appJs), stylesheet(get('app-css'))]).then(function (loaded) {
      return loaded[0].default({ module_or_path: appWasm });
    });
  }

  // Whether the page opens on something other than the example practice,
  // as web/opening.js found before the body was drawn: a link, or a last
  // session kept in this browser. Only a link needs the small module: the
  // example practice's figures came prerendered in the page, and a kept
  // session it cannot read (it is JSON), so a visitor who has one and no
  // link gets the full app at once, with no extra download.
  function hasLink() {
    var link = (typeof history.state === 'string' && history.state) || location.hash.replace(/^#/, '');
    return /[^A-Za-z0-9_-]/.test(link);
  }

  if (!appJs || !appWasm) return;
  var controlled = 'serviceWorker' in navigator && navigator.serviceWorker.controller;
  var before = controlled || !first || !smallJs || !smallWasm || !hasLink()
    ? Promise.resolve()
    : startSmall().catch(function (e) {
      console.warn('The first view could not be drawn:', e);
    });
  // The service worker registers once the full app runs (web/sw-register.js),
  // so that its precaching never competes with the app's own download.
  before.then(startApp).then(function () {
    window.dispatchEvent(new Event('gpsim-started'));
  }).catch(failed);
})();
