// Trunk post-build hook: makes the built site work offline and locks down
// what it may load. Runs on the staging folder Trunk is about to publish:
//   1. copies web/ (the manifest, the icon, the service worker registration);
//   2. writes sw.js from web/sw.js with this build's version and the list of
//      every file to precache (Trunk hashes file names, so the list must be
//      made after the build, never by hand);
//   3. puts a Content-Security-Policy <meta> first in <head>, allowing only
//      this origin, plus the SHA-256 of the one inline script Trunk writes;
//   4. links the manifest and the registration script;
//   5. writes embed.html, the embed's own page, which loads the embed's
//      small module (src/bin/gpsim-embed.rs) from embed/.
// It reads and writes only inside the project and the staging folder.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging || !fs.existsSync(path.join(staging, 'index.html'))) {
  console.error('post-build: TRUNK_STAGING_DIR with index.html is required');
  process.exit(1);
}
const web = path.join(root, 'web');

for (const name of ['manifest.webmanifest', 'icon.svg', 'sw-register.js', 'embed-boot.js']) {
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
  if (!fs.existsSync(file)) {
    console.error(`post-build: Trunk's ${name} is missing`);
    process.exit(1);
  }
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

// 3 and 4: the page.
const indexPath = path.join(staging, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
// Trunk minifies the page in a release build, so attributes may be unquoted.
const styles = html.match(/href="?([^"\s>]*styles-[0-9a-f]+\.css)/);
if (!styles) {
  console.error("post-build: index.html links no stylesheet");
  process.exit(1);
}
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inline.map((s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`);
export const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
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
if (!html.includes(meta)) {
  console.error('post-build: index.html has no <meta charset> to put the CSP after');
  process.exit(1);
}
if (!html.includes('rel="manifest"')) {
  html = html.replace('</head>', '  <link rel="manifest" href="manifest.webmanifest">\n    <link rel="icon" href="icon.svg" type="image/svg+xml">\n    <script src="sw-register.js" defer></script>\n  </head>');
}
html = html.replace(/<link[^>]*\bhref="?data:,"?[^>]*>/, '');
fs.writeFileSync(indexPath, html);

// 5: the embed's page. Its module is in embed/, which (like national/) the
// service worker keeps only once an embed has fetched it: a visitor to the
// full app never downloads the embed. Its page needs no inline script.
const embedJs = hashed('gpsim-embed.js', 'embed');
const embedWasm = hashed('gpsim-embed_bg.wasm', 'embed');
const embedPolicy = policy.replace(/ 'sha256-[^']+'/g, '');
fs.writeFileSync(path.join(staging, 'embed.html'),
  fs.readFileSync(path.join(web, 'embed.html'), 'utf8')
    .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${embedPolicy}">`)
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
console.log(`post-build: CSP with ${hashes.length} inline script hash(es); service worker ${version} precaches ${precache.length} entries`);
