// By hand: opens the built app and takes screenshots of what a new user
// sees, for looking at (not a test). Usage: node e2e/look.mjs [fragment]
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = process.env.OUT || '/tmp/shots';
fs.mkdirSync(out, { recursive: true });
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.tsv': 'text/plain' };
const srv = http.createServer((req, res) => {
  let p = decodeURIComponent((req.url || '/').split('?')[0]);
  if (p === '/') p = '/index.html';
  const file = path.join(dist, path.normalize(p));
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => srv.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${srv.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
for (const width of [1280, 375]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
  await page.goto(`${origin}/${process.argv[2] || ''}`);
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  await page.waitForSelector('.matters li', { timeout: 30000 }).catch(() => console.log('no matters'));
  await page.screenshot({ path: `${out}/top-${width}.png` });
  const sure = await page.$('#how-sure');
  if (sure) await sure.screenshot({ path: `${out}/sure-${width}.png` });
  console.log(width, await page.$$eval('.card', (cs) => cs.map((c) => c.innerText.replace(/\n/g, ' | '))));
  await page.close();
}
await browser.close();
srv.close();
