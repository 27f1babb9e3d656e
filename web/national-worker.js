// The national view's Web Worker: the same WebAssembly as the page, so the
// population run never holds up typing. It fetches the population from this
// site (never anywhere else) the first time it is asked, then passes each
// request to the engine (`national_handle` in src/nationwide.rs). Generated
// into dist/ by scripts/post-build.mjs, which fills in the app's script
// and module.
import init, { national_handle } from './__APP_JS__';

// Trunk renames the module with a hash, so its address is given here.
const ready = init({ module_or_path: './__APP_WASM__' });
let loaded = null;

function load() {
  if (!loaded) {
    loaded = fetch('national/population-2014-15.tsv')
      .then((r) => {
        if (!r.ok) throw new Error(`the site answered ${r.status}`);
        return r.text();
      })
      .then((text) => JSON.parse(national_handle(JSON.stringify({ id: 0, kind: 'load', text }))))
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
    const population = await load();
    if (request.kind === 'load') {
      self.postMessage(JSON.stringify({ id, ok: true, practices: population.practices, provenance: population.provenance }));
      return;
    }
    self.postMessage(national_handle(JSON.stringify(request)));
  } catch (e) {
    self.postMessage(JSON.stringify({ id, ok: false, error: `The national data could not be loaded: ${(e && e.message) || e}.` }));
  }
};
