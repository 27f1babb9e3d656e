// The service worker: precaches this build's files so the app opens and
// computes with no network, and removes every other build's cache when it
// takes over. Generated into dist/ by scripts/post-build.mjs, which fills in
// the version and the file list; do not edit the copy in dist/.
'use strict';
const VERSION = '__VERSION__';
const CACHE = 'gpsim-' + VERSION;
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('gpsim-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The embed's page is itself; any other page of the app is index.html
    // (the query and fragment carry state).
    const page = url.pathname.endsWith('/embed.html') ? './embed.html' : './index.html';
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match(page))
        .then((hit) => hit || fetch(request))
    );
    return;
  }
  if (url.pathname.includes('/national/') || url.pathname.includes('/embed/')) {
    // The national data and the small module are not precached: the data
    // is fetched only when the national view or find opens, and the full
    // app needs the small module only on a first visit, before there is a
    // service worker. Each is kept the first time it is fetched (the small
    // module by the embed's page).
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((hit) => hit || fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        })))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request))
  );
});
