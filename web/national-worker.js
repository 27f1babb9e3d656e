// The Web Worker: the national view, find my practice and reading practice
// files run here, in their own WebAssembly (src/bin/gpsim-worker.rs), so the
// page never waits on them and its first load carries none of their code.
// It fetches the population from this site (never anywhere else) the first
// time a request needs it, then passes each request to the engine
// (`worker_handle`, which is gpsim_app::national::handle). Generated into
// dist/ by scripts/post-build.mjs, which fills in this build's hashed names.
importScripts('./__WORKER_JS__');

const ready = wasm_bindgen({ module_or_path: './__WORKER_WASM__' });
const handle = (request) => wasm_bindgen.worker_handle(JSON.stringify(request));
// The requests that answer from the population; the rest need none.
const NEEDS_POPULATION = new Set(['load', 'search', 'practice', 'run', 'corners']);
let loaded = null;

// Why the population could not be fetched, in words: a fetch that fails
// without an answer means no connection (Chromium says only "Failed to
// fetch"), and the population is kept for offline use only once it has been
// fetched online.
function unreachable() {
  return new Error(navigator.onLine === false
    ? 'this device is offline, and the national data is kept for offline use only after the national view has been opened once online. Connect to the internet and try again'
    : 'this site could not be reached (the connection failed or was lost). Check the connection and try again');
}

function load() {
  if (!loaded) {
    loaded = fetch('national/population-2014-15.tsv')
      .catch(() => { throw unreachable(); })
      .then((r) => {
        if (!r.ok) throw new Error(`the site answered ${r.status} ${r.statusText || ''}`.trim() + '; try again later');
        return r.text();
      })
      .then((text) => JSON.parse(handle({ id: 0, kind: 'load', text })))
      .then((reply) => {
        if (!reply.ok) throw new Error(reply.error);
        return reply;
      })
      .catch((e) => {
        loaded = null;
        throw e;
      });
  }
  return loaded;
}

self.onmessage = async (event) => {
  const request = event.data && typeof event.data === 'object' ? event.data : {};
  const id = Number.isFinite(request.id) ? request.id : 0;
  try {
    await ready;
  } catch (e) {
    self.postMessage(JSON.stringify({ id, ok: false, error: `This part of the simulator could not start: ${(e && e.message) || e}.` }));
    return;
  }
  if (!NEEDS_POPULATION.has(request.kind)) {
    try {
      self.postMessage(handle(request));
    } catch (e) {
      // The module stopped (it should not: the engine refuses what it cannot
      // read); the page still gets an answer rather than waiting for ever.
      self.postMessage(JSON.stringify({ id, ok: false, error: `This could not be read: ${(e && e.message) || e}.` }));
    }
    return;
  }
  try {
    const population = await load();
    if (request.kind === 'load') {
      self.postMessage(JSON.stringify({ id, ok: true, practices: population.practices, provenance: population.provenance }));
      return;
    }
    self.postMessage(handle(request));
  } catch (e) {
    self.postMessage(JSON.stringify({ id, ok: false, error: `The national data could not be loaded: ${(e && e.message) || e}.` }));
  }
};
