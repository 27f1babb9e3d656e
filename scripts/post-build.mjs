// Trunk post-build hook: makes the built site work offline and locks down
// what it may load. Runs on the staging folder Trunk is about to publish:
//   1. copies web/ (the manifest, the icon, the service worker registration);
//   2. writes sw.js from web/sw.js with this build's version and the list of
//      every file to precache (Trunk hashes file names, so the list must be
//      made after the build, never by hand);
//   3. swaps the inline script Trunk writes to start the app for
//      web/app-boot.js, which starts the small module's first view on a
//      first visit and then the full app (so the page has no inline script),
//      and puts a Content-Security-Policy <meta> first in <head>, allowing
//      only this origin;
//   4. links the manifest and the registration script, and puts the first
//      view into the page: the example practice's headline figures,
//      rendered natively by the app's own components
//      (src/bin/gpsim-prerender.rs), with web/opening.js first in <head>,
//      which hides them when the page opens on a link or a kept session;
//   5. writes embed.html, the embed's own page, which loads the small
//      module (src/bin/gpsim-embed.rs) from embed/.
// It reads and writes only inside the project and the staging folder.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Stops the build with a message: the hook edits Trunk's output, and an
// edit that cannot be made must never publish a half-made site.
const fail = (message) => {
  console.error(`post-build: ${message}`);
  process.exit(1);
};
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging || !fs.existsSync(path.join(staging, 'index.html'))) fail('TRUNK_STAGING_DIR with index.html is required');
const web = path.join(root, 'web');

for (const name of ['manifest.webmanifest', 'icon.svg', 'sw-register.js', 'embed-boot.js', 'app-boot.js', 'opening.js', 'embed-resize.js']) {
  fs.copyFileSync(path.join(web, name), path.join(staging, name));
}

// The worker (the national view, find my practice, reading practice files):
// its script imports this build's hashed worker module, built by Trunk from
// src/bin/gpsim-worker.rs. The population asset goes in a folder of its own
// so the precache list (top-level files only) leaves it out: it is fetched
// only when the national view or find opens, then kept by the service worker
// for offline use. The worker's module is precached, so file import works
// offline from the first visit.
// Trunk does not hash a worker's file names, so they are hashed here (by
// content), as every other file is, so that no cache serves an old one.
const hashed = (name, folder = '') => {
  const file = path.join(staging, name);
  if (!fs.existsSync(file)) fail(`Trunk's ${name} is missing`);
  const tag = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  const out = path.posix.join(folder, name.replace(/(_bg\.wasm|\.js)$/, `-${tag}$1`));
  fs.mkdirSync(path.join(staging, folder), { recursive: true });
  fs.renameSync(file, path.join(staging, out));
  return out;
};
const workerJs = hashed('gpsim-worker.js');
const workerWasm = hashed('gpsim-worker_bg.wasm');
fs.writeFileSync(path.join(staging, 'national-worker.js'),
  fs.readFileSync(path.join(web, 'national-worker.js'), 'utf8').replace('__WORKER_JS__', workerJs).replace('__WORKER_WASM__', workerWasm));
fs.mkdirSync(path.join(staging, 'national'), { recursive: true });
fs.copyFileSync(path.join(root, 'assets/national/population-2014-15.tsv'), path.join(staging, 'national/population-2014-15.tsv'));

// The small module, which the embed's page and the full app's first view
// both load. Its folder, like national/, is kept by the service worker only
// once fetched: the full app needs it only before a service worker has the
// app, and a visitor to the full app never downloads the embed's page.
const embedJs = hashed('gpsim-embed.js', 'embed');
const embedWasm = hashed('gpsim-embed_bg.wasm', 'embed');

// 3 and 4: the page.
const indexPath = path.join(staging, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
// Trunk's start script and its preloads go; app-boot.js starts the app.
const starter = html.match(/<script type="?module"?>\s*import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);[\s\S]*?<\/script>/);
if (!starter) fail("index.html has no start script from Trunk to replace");
const [appJs, appWasm] = [starter[1], starter[2]];
html = html.replace(starter[0], '');
for (const file of [appJs, appWasm]) {
  const before = html.length;
  html = html.replace(new RegExp(`<link[^>]*href="?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?[^>]*>`), '');
  if (html.length === before) fail(`index.html does not preload ${file}`);
}
// The full app's own stylesheet (app.css) is loaded by app-boot.js with
// the full app, so the first view waits only for styles.css.
const appCss = html.match(/<link[^>]*href="?([^"\s>]*\/?app-[0-9a-f]+\.css)"?[^>]*>/);
if (!appCss) fail("index.html links no app stylesheet");
html = html.replace(appCss[0], '');
html = html.replace('</head>', `<script src="app-boot.js" data-app-js="${appJs}" data-app-wasm="${appWasm}" data-app-css="${appCss[1]}" data-small-js="${embedJs}" data-small-wasm="${embedWasm}" defer></script></head>`);
// Trunk minifies the page in a release build, so attributes may be unquoted.
const styles = html.match(/href="?([^"\s>]*styles-[0-9a-f]+\.css)/);
if (!styles) fail("index.html links no stylesheet");
// The policy allows no inline script: fail if the page still has one.
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('index.html still has an inline script, which the policy would block');
export const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'none'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace(/(<meta charset="?utf-8"?>)/i, `$1\n    ${meta}`);
if (!html.includes(meta)) fail('index.html has no <meta charset> to put the CSP after');
if (!html.includes('rel="manifest"')) {
  html = html.replace('</head>', '  <link rel="manifest" href="manifest.webmanifest">\n    <link rel="icon" href="icon.svg" type="image/svg+xml">\n    <script src="sw-register.js" defer></script>\n  </head>');
}
html = html.replace(/<link[^>]*\bhref="?data:,"?[^>]*>/, '');
// The first view, prerendered. Native, with the same Cargo.lock; in the
// test run the native tests have built its dependencies already.
const cargo = process.env.CARGO || 'cargo';
let firstView;
try {
  firstView = execFileSync(cargo, ['run', '--quiet', '--locked', '--features', 'prerender', '--bin', 'gpsim-prerender'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
} catch (e) {
  fail(`the first view could not be prerendered: ${e.message}`);
}
if (!firstView.includes('class="card-total"')) fail('the prerendered first view has no headline figures');
const slot = html.match(/<div id="?first-view"?><\/div>/);
if (!slot) fail('index.html has no empty <div id="first-view">');
html = html.replace(slot[0], () => `<div id="first-view">${firstView}</div>`);
html = html.replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, '$1\n    <script src="opening.js"></script>');
if (!html.includes('<script src="opening.js">')) fail('index.html has no place for opening.js');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('the first view brought an inline script, which the policy would block');
fs.writeFileSync(indexPath, html);

// 5: the embed's page, with the small module (above).
fs.writeFileSync(path.join(staging, 'embed.html'),
  fs.readFileSync(path.join(web, 'embed.html'), 'utf8')
    .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`)
    .replace('__STYLES__', styles[1])
    .replaceAll('__EMBED_WASM__', embedWasm)
    .replace('__EMBED_JS__', embedJs));

// 2: the service worker, last, so it lists the final files (not the
// national folder).
const files = fs.readdirSync(staging).filter((f) => f !== 'sw.js' && fs.statSync(path.join(staging, f)).isFile()).sort();
const digest = crypto.createHash('sha256');
for (const f of files) digest.update(f).update(fs.readFileSync(path.join(staging, f)));
const version = digest.digest('hex').slice(0, 16);
const precache = ['./', ...files.map((f) => `./${f}`)];
const sw = fs.readFileSync(path.join(web, 'sw.js'), 'utf8')
  .replace('__VERSION__', version)
  .replace('__PRECACHE__', JSON.stringify(precache));
fs.writeFileSync(path.join(staging, 'sw.js'), sw);
fs.writeFileSync(path.join(staging, 'csp-header.txt'), `Content-Security-Policy: ${policy}; frame-ancestors *\n`);
console.log(`post-build: CSP set; service worker ${version} precaches ${precache.length} entries`);
