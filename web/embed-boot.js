// Starts the embed (embed.html): its own small WebAssembly module, built by
// Trunk from src/bin/gpsim-embed.rs, whose main renders the compact page.
// A file of the site's own origin, so the Content-Security-Policy needs no
// inline script. The module's hashed name is on this script's data-wasm.
(function () {
  'use strict';
  var wasm = document.currentScript && document.currentScript.getAttribute('data-wasm');
  if (!wasm || typeof wasm_bindgen !== 'function') return;
  wasm_bindgen({ module_or_path: wasm }).catch(function (e) {
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = 'The simulator could not start in this browser: ' + e;
    document.body.appendChild(p);
  });
})();
