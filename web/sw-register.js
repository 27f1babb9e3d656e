// Registers the service worker that keeps the app working offline, and tells
// the user when a newer version has been downloaded and is ready. Loaded as
// a file of the app's own origin, so the Content-Security-Policy allows it.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;

  function announce(worker) {
    if (document.getElementById('update-ready')) return;
    var bar = document.createElement('div');
    bar.id = 'update-ready';
    bar.className = 'update-ready';
    bar.setAttribute('role', 'status');
    var text = document.createElement('span');
    text.textContent = 'A new version of the simulator is ready. ';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary';
    button.textContent = 'Use it now';
    button.addEventListener('click', function () {
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
    bar.appendChild(text);
    bar.appendChild(button);
    document.body.prepend(bar);
  }

  // The first worker to take control (on the first visit) changes nothing
  // the user sees; a later one is a new version the user asked for, so the
  // page reloads into it.
  var hadController = !!navigator.serviceWorker.controller;
  var reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', function () {
    if (!hadController) {
      hadController = true;
      return;
    }
    if (reloading) return;
    reloading = true;
    window.location.reload();
  });

  // Registered once the app has started (web/app-boot.js says so): the
  // worker then precaches every file without slowing the first visit.
  window.addEventListener('gpsim-started', function () {
    navigator.serviceWorker.register('sw.js').then(function (reg) {
      if (reg.waiting && navigator.serviceWorker.controller) announce(reg.waiting);
      reg.addEventListener('updatefound', function () {
        var installing = reg.installing;
        if (!installing) return;
        installing.addEventListener('statechange', function () {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) {
            announce(installing);
          }
        });
      });
    }).catch(function (err) {
      console.warn('Offline use is not available:', err);
    });
  });
})();
