// End-to-end journeys in real Chromium: Playwright (core only) drives
// Debian's Chromium against the built dist/, served on 127.0.0.1.
// Screenshots go to e2e/screenshots/ at 1280 and 375 px wide.
// Usage: node e2e/run.mjs   (after `trunk build --release`)

import { chromium } from 'playwright-core';
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const shots = path.join(here, 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('e2e: dist/index.html is missing; run `trunk build --release` first');
  process.exit(2);
}

// A static server for a built site, on 127.0.0.1 only (a port of its own).
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain' };
const compressed = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.tsv', '.txt', '.webmanifest']);

async function serve(dir, folder = '') {
  const srv = http.createServer((req, res) => {
    let p = decodeURIComponent((req.url || '/').split('?')[0]);
    if (folder) {
      if (!p.startsWith(folder + '/')) {
        res.writeHead(404);
        res.end();
        return;
      }
      p = p.slice(folder.length);
    }
    if (p === '/') p = '/index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    // Compressed as a static host compresses text and WebAssembly, so the
    // slow-network journey downloads what a reader's phone would.
    const headers = { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' };
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && compressed.has(path.extname(file));
    if (gzip) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    const body = fs.createReadStream(file);
    if (gzip) body.pipe(zlib.createGzip({ level: 9 })).pipe(res);
    else body.pipe(res);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${srv.address().port}`,
    close: () => new Promise((resolve) => { srv.closeAllConnections(); srv.close(resolve); }),
  };
}
const main = await serve(dist);
const origin = main.origin;

// Playwright gives each launch a fresh temporary profile of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Phones: nothing on a page is wider than its viewport. A wide table may
// scroll sideways inside its own region (.table-scroll), but nothing in
// such a region other than the table's own cells may be wider than the
// region: running text there would run off the screen. Returns what
// overflows, as readable lines.
function overflowRule() {
  const W = document.documentElement.clientWidth;
  const tableParts = new Set(['TABLE','THEAD','TBODY','TFOOT','TR','TH','TD','CAPTION','COLGROUP','COL']);
  const bad = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.position === 'fixed' && r.right < 0) continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    // The nearest scrolling ancestor, if any.
    let region = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'auto' || ox === 'scroll') { region = a; break; }
    }
    if (!region) {
      if (r.right > W + 1 || r.left < -1) bad.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${W}px`);
    } else if (!tableParts.has(el.tagName) && r.width > region.clientWidth + 1 && !el.closest('svg')) {
      bad.push(`${name(el)} is ${Math.round(r.width)}px wide in a ${region.clientWidth}px scrolling region`);
    }
  }
  return bad;
}
async function overflowing(page) {
  return page.evaluate(overflowRule);
}
async function noOverflow(page, label) {
  const bad = await overflowing(page);
  assert(bad.length === 0, `${label}: wider than the screen at ${page.viewportSize().width}px:\n  ${bad.slice(0, 12).join('\n  ')}`);
}
// Every context opened at a phone's width checks each of its pages for
// overflow before it closes, so every journey that visits a phone width is
// covered without remembering to ask.
const newContext = browser.newContext.bind(browser);
browser.newContext = async (options = {}) => {
  const context = await newContext(options);
  const close = context.close.bind(context);
  context.close = async () => {
    if ((options.viewport?.width ?? 1280) <= 400) {
      for (const page of context.pages()) {
        if (!page.isClosed() && /^https?:/.test(page.url())) await noOverflow(page, page.url());
      }
    }
    return close();
  };
  return context;
};

const results = [];
const report = {};
// Every page opened, so each journey can be checked for requests to other
// origins and for Content-Security-Policy violations.
let opened = [];

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/// Records a page's errors, requests and CSP violations.
function watch(page) {
  page.errors = [];
  page.urls = [];
  page.csp = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.csp.push(m.text());
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('request', (r) => page.urls.push(r.url()));
  opened.push(page);
  return page;
}

/// Opens the app in a fresh page at a width, recording errors and requests.
async function open(width, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  watch(page);
  await page.goto(origin + '/');
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  return { page, context };
}

async function axe(page, label) {
  // Injected through the debugger, which the page's CSP does not govern
  // (an inline <script> tag would rightly be refused).
  await page.evaluate(axeSource);
  const out = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  assert(out.length === 0, `${label}: axe-core found violations:\n${JSON.stringify(out, null, 2)}`);
}

/// Waits until a count the page keeps (`read`, run in the page) has
/// started and stopped changing, then asserts it stays put for `quietMs`.
async function settles(page, read, quietMs, message) {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const n = await page.evaluate(read);
    if (n === last && n > 0) break;
    last = n;
  }
  const n = await page.evaluate(read);
  await page.waitForTimeout(quietMs);
  assert(n === await page.evaluate(read), message);
}

async function cardTotals(page) {
  return page.$$eval('#app .card-total', (els) => els.map((e) => e.getAttribute('data-total')));
}

/// Waits until the first result card shows a total other than `before[0]`.
async function firstTotalChanges(page, before) {
  await page.waitForFunction((b) => document.querySelector('#app .card-total').getAttribute('data-total') !== b, before[0]);
}

async function journey(name, fn) {
  // ONLY=words runs just the journeys whose names contain them (by hand).
  if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
  const t0 = Date.now();
  opened = [];
  try {
    await fn();
    // Privacy: nothing leaves the origin the page was served from, and the
    // Content-Security-Policy is never violated.
    for (const page of opened) {
      const own = new Set([origin, ...(page.origins || [])]);
      const away = page.urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && !own.has(new URL(u).origin));
      assert(away.length === 0, `requests left the origin: ${away.slice(0, 5)}`);
      assert(page.csp.length === 0, `Content-Security-Policy violations: ${page.csp.slice(0, 3)}`);
    }
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: String(e && e.stack || e) });
    console.log(`FAIL ${name}\n${String(e && e.stack || e)}`);
  }
}

await journey('opens with the average practice, 2012/13 against 2013/14, at 1280 and 375 px', async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await open(width);
    const totals = await cardTotals(page);
    assert(totals.length === 2, `two result cards, got ${totals.length}`);
    assert(totals.every((t) => Number(t) > 100000), `totals look like practice incomes: ${totals}`);
    assert((await page.textContent('h3.card-title')).includes('2012/13'), 'the first card is 2012/13');
    assert(await page.isVisible('#wf-h'), 'the waterfall is shown');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 1, `no sideways scrolling of the page at ${width}px (overflow ${overflow}px)`);
    if (width === 375) {
      const top = await page.$eval('#app .card-total', (e) => e.getBoundingClientRect().top);
      assert(top < 812, `the first result is on the first phone screen (top at ${top}px)`);
    }
    await page.screenshot({ path: path.join(shots, `opening-${width}.png`) });
    await page.screenshot({ path: path.join(shots, `opening-${width}-full.png`), fullPage: true });
    await axe(page, `opening at ${width}px`);
    const foreign = page.urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert(foreign.length === 0, `no requests leave the page's origin: ${foreign}`);
    assert(page.errors.length === 0, `no errors in the console: ${page.errors}`);
    await context.close();
  }
});

await journey('on a phone nothing is wider than the screen: every line open, explanations, the scenario editor, find, the national view and the embed', async () => {
  const { page, context } = await open(375, 800);
  // Every line of the payment table open, and an explanation inside it.
  for (let round = 0; round < 4; round++) {
    const closed = page.locator('#app button.toggle[aria-expanded="false"]');
    const n = await closed.count();
    if (n === 0) break;
    for (let i = n - 1; i >= 0; i--) await closed.nth(i).click();
  }
  await page.click('#row-global-sum .explain-button');
  await page.waitForSelector('#explain-global-sum');
  await noOverflow(page, 'the payment table with every line open and an explanation');
  // The explanation stays in view when the table is scrolled sideways, and
  // so does the payment's name.
  const kept = await page.evaluate(() => {
    const region = document.querySelector('.table-scroll');
    region.scrollLeft = region.scrollWidth;
    const box = region.getBoundingClientRect();
    const panel = document.querySelector('#explain-global-sum .explanations').getBoundingClientRect();
    const label = document.querySelector('#row-global-sum th').getBoundingClientRect();
    return { region: [box.left, box.right], panel: [panel.left, panel.right], label: label.left };
  });
  assert(kept.panel[0] >= kept.region[0] - 1 && kept.panel[1] <= kept.region[1] + 1, `the explanation stays within the table's region when scrolled: ${JSON.stringify(kept)}`);
  assert(Math.abs(kept.label - kept.region[0]) <= 1, `the payment's name stays in view when scrolled: ${JSON.stringify(kept)}`);
  await page.locator('#explain-global-sum').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'phone-explanation-375.png') });
  await page.evaluate(() => { document.querySelector('.table-scroll').scrollLeft = 0; });
  // The scenario editor, every section open, with a message on a field.
  await page.evaluate(() => document.querySelectorAll('#scenario details').forEach((d) => { d.open = true; }));
  await page.fill('#sc-qof-point-value', '-5');
  await page.waitForSelector('#scenario .error-message');
  await noOverflow(page, 'the scenario editor with a message');
  await page.fill('#sc-qof-point-value', '');
  await page.click('#scenario button:has-text("Reset every figure")');
  // Find my practice, with its matches listed.
  await page.fill('#find-input', 'Leeds');
  await page.waitForSelector('#find .find-list li', { timeout: 30000 });
  await noOverflow(page, 'find my practice with its matches');
  // The national view, its sources and its practices.
  await page.click('#national summary');
  await page.waitForSelector('#national-headline', { timeout: 60000 });
  await page.evaluate(() => document.querySelectorAll('#national details').forEach((d) => { d.open = true; }));
  await noOverflow(page, 'the national view with every section open');
  await page.screenshot({ path: path.join(shots, 'phone-national-375.png'), fullPage: true });
  await axe(page, 'the payment table, editor and national view at 375px');
  await context.close();
  // The embed on its own.
  const embed = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const e = watch(await embed.newPage());
  await e.goto(origin + '/embed.html');
  await e.waitForSelector('.card-total', { timeout: 30000 });
  await noOverflow(e, 'the embed');
  await embed.close();
});

await journey('changing an input changes the numbers, and measures the recompute', async () => {
  const { page, context } = await open(1280);
  const before = await cardTotals(page);
  await page.fill('#f-list_size', '8000');
  await firstTotalChanges(page, before);
  const after = await cardTotals(page);
  assert(after[0] !== before[0] && after[1] !== before[1], 'both totals changed');
  // The weighted list follows the list in proportion until it is typed.
  assert((await page.inputValue('#f-weighted_list')) === '8000', `the weighted list follows: ${await page.inputValue('#f-weighted_list')}`);
  // Four-way comparison: every rule set, then time typing.
  for (const id of ['proposal-2012-10', '2014-15']) await page.check(`#set-${id}`);
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 4);
  const samples = [];
  const frames = [];
  for (let i = 0; i < 15; i++) {
    const ms = await page.evaluate(async (value) => {
      const el = document.querySelector('#f-list_size');
      const card = document.querySelectorAll('#app .card-total')[3];
      const old = card.getAttribute('data-total');
      const t0 = performance.now();
      el.value = value;
      el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      // Resolves as soon as the page's DOM shows the new result.
      await new Promise((resolve) => {
        const done = () => { observer.disconnect(); resolve(); };
        const observer = new MutationObserver(() => { if (card.getAttribute('data-total') !== old) done(); });
        observer.observe(card, { attributes: true, childList: true, characterData: true, subtree: true });
        if (card.getAttribute('data-total') !== old) done();
      });
      return performance.now() - t0;
    }, String(7000 + i * 37));
    frames.push(ms);
    samples.push(Number(await page.getAttribute('#compute-time', 'data-ms')));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  report.recompute_four_way_engine_ms_median = median(samples);
  report.recompute_four_way_engine_ms_max = Math.max(...samples);
  report.keystroke_to_updated_dom_ms_median = median(frames);
  report.keystroke_to_updated_dom_ms_max = Math.max(...frames);
  console.log(`     four-way recompute in the browser: engine median ${median(samples).toFixed(1)} ms (max ${Math.max(...samples).toFixed(1)}); keystroke to updated DOM median ${median(frames).toFixed(1)} ms (max ${Math.max(...frames).toFixed(1)})`);
  // Every card's range updated with its total, on the same keystroke.
  const ranged = await page.$$eval('#app .card', (cs) => cs.map((c) => !!c.querySelector('.card-range')));
  assert(ranged.every(Boolean), `every card shows its range: ${ranged}`);
  // The figures that matter come from the worker once typing stops: timed
  // from the last keystroke to the panel being up to date, five times.
  const settles = [];
  for (let i = 0; i < 5; i++) {
    settles.push(await page.evaluate(async (value) => {
      const el = document.querySelector('#f-list_size');
      const panel = document.querySelector('#how-sure');
      el.value = value;
      el.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const t0 = performance.now();
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => {
        const check = () => panel.getAttribute('data-current') === 'true';
        const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(); } });
        observer.observe(panel, { attributes: true });
        if (check()) { observer.disconnect(); resolve(); }
      });
      return performance.now() - t0;
    }, String(6100 + i * 53)));
  }
  report.figures_that_matter_after_typing_stops_ms_median = median(settles);
  report.figures_that_matter_after_typing_stops_ms_max = Math.max(...settles);
  console.log(`     four sets: the figures that matter up to date ${median(settles).toFixed(0)} ms after typing stops (median of 5; max ${Math.max(...settles).toFixed(0)})`);
  await page.screenshot({ path: path.join(shots, 'four-way-1280.png') });
  await context.close();
});

await journey('how we checked: the published worked examples and the 2014/15 calibration pass, run in the page', async () => {
  const { page, context } = await open(1280);
  await page.click('#how-checked > summary');
  await page.waitForSelector('#checks-summary');
  const [passed, cases] = await page.$eval('#checks-summary', (p) => [Number(p.dataset.passed), Number(p.dataset.cases)]);
  assert(cases >= 13 && passed === cases, `every worked example passes in the browser: ${passed} of ${cases}`);
  await page.click('#run-calibration');
  await page.waitForSelector('#calibration-results', { timeout: 60000 });
  const [ok, ms] = await page.$eval('#calibration-results', (d) => [Number(d.dataset.passed), Number(d.dataset.ms)]);
  assert(ok === 3, `the three published 2014/15 totals are within their tolerances: ${ok}`);
  report.how_we_checked_calibration_ms = ms;
  console.log(`     how we checked: ${passed} of ${cases} worked examples pass; the 2014/15 calibration (every practice) ${ms} ms, fetch included`);
  await axe(page, 'how we checked');
  await context.close();
});

await journey('how sure: the cards\' ranges, the figures that matter, and opening one in the editor', async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await open(width);
    await page.waitForSelector('#how-sure[data-current="true"] .matter');
    const cards = await page.$$eval('#app .card', (cs) => cs.map((c) => c.innerText));
    assert(/between £[\d,]+ and £[\d,]+/.test(cards[0]), `the baseline card's range: ${cards[0]}`);
    assert(/change between [−+]£[\d,]+ and [−+]£[\d,]+/.test(cards[1]), `the change's range: ${cards[1]}`);
    const items = await page.$$('#how-sure .matter');
    assert(items.length === 10, `ten figures that matter: ${items.length}`);
    const ends = await page.textContent('#breakeven-ends');
    assert(/lowers the change: .+At the ends that raise it: .+/s.test(ends), `the break-even at the ranges' ends: ${ends}`);
    await page.screenshot({ path: path.join(shots, `cards-ranges-${width}.png`) });
    await (await page.$('#how-sure')).screenshot({ path: path.join(shots, `how-sure-${width}.png`) });
    const first = await page.$eval('#how-sure .matter', (li) => ({ path: li.dataset.path, text: li.innerText }));
    assert(/±£[\d,]+/.test(first.text) && /uncertain|supported|not found|verified/.test(first.text) && /Source:/.test(first.text), `a figure with its swing, status and source: ${first.text}`);
    await (await page.$('#how-sure .matter button')).click();
    const id = 'sc-' + first.path.replace(/[^A-Za-z0-9]/g, '-');
    await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, id, { timeout: 5000 });
    // Editing it makes it certain: it leaves the list of what matters for the scenario.
    await page.fill('#' + id, await page.inputValue('#' + id) === '0' ? '1' : '0');
    await page.waitForFunction(() => document.querySelectorAll('#app .card').length === 3);
    await page.waitForSelector('#how-sure[data-current="true"]');
    await axe(page, `the how-sure panel at ${width}px`);
    if (width === 375) await noOverflow(page, 'the how-sure panel');
    await context.close();
  }
});

await journey('an explanation opens with its rule, working and sources', async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await open(width);
    const button = page.locator('#row-global-sum .explain-button');
    await button.click();
    assert((await button.getAttribute('aria-expanded')) === 'true', 'the button says it is expanded');
    const panel = page.locator('#explain-global-sum');
    await panel.waitFor();
    const text = await panel.textContent();
    assert(text.includes('Weighted list') || text.includes('weighted list'), 'the formula is in words');
    assert(text.includes('Global sum £ per weighted patient'), 'the rule figure is named');
    assert((await panel.locator('a[href^="http"]').count()) > 0, 'the source links out');
    assert((await panel.locator('.badge-uncertain').count()) > 0, 'the uncertain out-of-hours deduction is marked');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, `explanation-${width}.png`) });
    // Keyboard: open the QOF line's parts with Enter.
    const toggle = page.locator('#row-qof .toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#row-qof-diabetes');
    assert((await toggle.getAttribute('aria-expanded')) === 'true', 'the QOF line opens from the keyboard');
    await axe(page, `explanation at ${width}px`);
    await context.close();
  }
});

await journey('editing a rule figure builds a custom scenario, and resets', async () => {
  const { page, context } = await open(1280);
  await page.click('#scenario summary:has-text("Prices")');
  // A share is shown and typed as the percentage it is.
  const ooh = await page.inputValue('#sc-funding-ooh-deduction');
  assert(ooh === '4.7', `the out-of-hours deduction is typed as a percentage: ${ooh}`);
  await page.fill('#sc-qof-point-value', '200');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  const totals = await cardTotals(page);
  assert(Number(totals[2]) > Number(totals[1]), `a £200 point pays more than 2013/14's £156.92: ${totals}`);
  assert((await page.textContent('.cards')).includes('Custom scenario'), 'the custom scenario is compared');
  await page.fill('#sc-qof-point-value', '-3');
  await page.waitForSelector('#scenario .error-message');
  assert((await page.textContent('#scenario .error-message')).includes('negative'), 'a bad figure says what is wrong');
  const describedBy = await page.getAttribute('#sc-qof-point-value', 'aria-describedby');
  assert(describedBy.split(' ').includes('sc-qof-point-value-error'), `the message is tied to its field: ${describedBy}`);
  assert((await page.textContent('#sc-qof-point-value-error')).includes('point'), 'the message names its figure');
  await page.screenshot({ path: path.join(shots, 'scenario-1280.png'), fullPage: false });
  await page.click('#scenario button:has-text("Reset every figure")');
  await page.waitForFunction(() => !document.querySelector('#scenario .error-message'));
  const reset = await cardTotals(page);
  assert(reset[2] === totals[1], `after a reset the custom scenario equals 2013/14: ${reset}`);
  await axe(page, 'scenario editor');
  await context.close();
});

await journey('scenario edits that once crashed the engine get a message on the field, and the page lives', async () => {
  const { page, context } = await open(1280);
  await page.click('#scenario summary:has-text("Prices")');
  await page.fill('#sc-qof-point-value', '170');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  const before = await cardTotals(page);
  for (const [id, value, words] of [
    ['#sc-qof-pms-deduction-per-patients', '0', 'at least 1'],
    ['#sc-qof-average-list-size', '0.0000000000000000000000001', 'decimal places'],
  ]) {
    await page.fill(id, value);
    await page.waitForSelector('#scenario .error-message');
    const text = await page.textContent('#scenario');
    assert(text.includes(words), `${id} = ${value} should say "${words}"`);
    // The page is alive, still computing with the other edit (£170 a point).
    const now = await cardTotals(page);
    assert(now[2] === before[2], `the other edit survives: ${now} vs ${before}`);
    await page.fill(id, '');
  }
  assert(page.errors.length === 0, `no page errors: ${page.errors}`);
  await context.close();
});

await journey('invalid input gets a clear message and keeps the other entries', async () => {
  for (const width of [1280, 375]) {
    const { page, context } = await open(width);
    const totals = await cardTotals(page);
    await page.fill('#f-weighted_list', '7100');
    await page.fill('#f-list_size', '6,9x1');
    await page.waitForSelector('.error-summary');
    const summary = await page.textContent('.error-summary');
    assert(summary.includes('Registered list'), `the summary names the field: ${summary}`);
    const link = page.locator('.error-summary a').first();
    assert((await link.getAttribute('href')) === '#f-list_size', 'the summary links to the field');
    assert((await page.getAttribute('#f-list_size', 'aria-invalid')) === 'true', 'the field is marked invalid');
    assert((await page.inputValue('#f-list_size')) === '6,9x1', 'what was typed is kept');
    assert((await page.inputValue('#f-weighted_list')) === '7100', 'other entries survive');
    assert(await page.isVisible('.stale-note'), 'results say they are for the last valid entries');
    assert((await cardTotals(page)).length === totals.length, 'results stay on screen');
    await page.screenshot({ path: path.join(shots, `invalid-${width}.png`) });
    await axe(page, `error state at ${width}px`);
    await link.click();
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(focused === 'f-list_size' || (await page.evaluate(() => location.hash)) === '#f-list_size', 'the link takes you to the field');
    // A decimal comma is refused with a word on it, not read as 691.
    await page.fill('#f-list_size', '6,91');
    await page.waitForFunction(() => (document.querySelector('.error-summary') || {}).textContent?.includes('decimal'));
    await page.fill('#f-list_size', '6911');
    await page.waitForSelector('.error-summary', { state: 'detached' });
    assert(!(await page.isVisible('.stale-note')), 'fixed: results are current again');
    // Pasted junk in an achievement field is caught too.
    await page.click('#achievement > summary');
    await page.click('#achievement details:first-of-type > summary');
    const first = page.locator('#achievement details:first-of-type input[type=text]').first();
    await first.fill('150/100');
    await page.waitForSelector('.error-summary');
    assert((await page.textContent('.error-summary')).includes('numerator'), 'numerator above denominator is explained');
    assert(page.errors.length === 0, `no errors in the console: ${page.errors}`);
    await context.close();
  }
});

await journey('presets load and describe themselves as illustrative', async () => {
  const { page, context } = await open(1280);
  const before = await cardTotals(page);
  await page.selectOption('#preset', 'small-rural');
  await firstTotalChanges(page, before);
  assert((await page.inputValue('#f-list_size')) === '2756', 'the small rural practice is loaded');
  assert((await page.textContent('.preset-description')).toLowerCase().includes('illustrative'), 'described as illustrative');
  await context.close();
});

await journey('a new user can follow it: a losing practice to learn from, plain explanations, the glossary and limits, grouped warnings, and the keyboard through Find and the contract choice', async () => {
  const { page, context } = await open(1280);
  // A losing illustrative practice: the MPIG-reliant one loses in 2014/15,
  // so "What would it take?" has something to say.
  const before = await cardTotals(page);
  await page.selectOption('#preset', 'mpig-reliant');
  await firstTotalChanges(page, before);
  await page.check('#set-2014-15');
  await page.selectOption('#target', '2014-15');
  await page.waitForFunction(() => /2014\/15/.test(document.querySelector('#breakeven-text')?.textContent || ''));
  const be = await page.textContent('#breakeven-text');
  assert(!be.includes('nothing more is needed'), `the MPIG-reliant practice loses under 2014/15 and the break-even says what it would take: ${be}`);
  // The explanation of a joined indicator row: both codes in one row, the
  // placeholder code never shown, and the research notes kept apart from
  // the plain words (collapsed, with their shorthand).
  await page.selectOption('#preset', 'average');
  await page.click('#row-qof .toggle');
  await page.click('#row-qof-stroke .toggle');
  const stroke = await page.textContent('#row-qof-stroke ~ tr:has-text("STROKE 7")');
  assert(stroke.includes('STROKE 7 → code not found') && !stroke.includes('STIA-x') && !stroke.includes('(was '), `the joined row names its codes plainly: ${stroke}`);
  await page.click('#row-qof-chd .toggle');
  await page.click('#row-qof-CHD6 .explain-button');
  const panel = page.locator('#explain-qof-CHD6');
  await panel.waitFor();
  const notes = await panel.locator('details.research-notes');
  assert(await notes.count() > 0, 'the research notes are there for anyone checking');
  assert(!(await notes.first().getAttribute('open')), 'and collapsed');
  const plain = await panel.evaluate((e) => { const c = e.cloneNode(true); c.querySelectorAll('details.research-notes').forEach((d) => d.remove()); return c.textContent; });
  for (const word of ['conflict unresolved', 'VERIFIED', 'UNCERTAIN', 'NOT_FOUND', 'ASSUMPTION', 'research-recollection']) {
    assert(!plain.includes(word), `"${word}" is out of the plain explanation: ${plain.slice(0, 400)}`);
  }
  // What the figures leave out, and the words they use.
  const limits = await page.textContent('#not-modelled');
  assert(/Premises/.test(limits) && /Dispensing/.test(limits) && /locums/.test(limits) && /expenses/.test(limits), `the limits are stated: ${limits}`);
  await page.click('#glossary summary');
  const glossary = await page.textContent('#glossary');
  for (const term of ['CPI', 'Carr-Hill', 'Aspiration payment', 'MPIG']) assert(glossary.includes(term), `the glossary explains ${term}`);
  await axe(page, 'glossary and limits');
  // Contract choice: a contract that must stay chosen is still reached by
  // Tab, and says why it cannot be cleared.
  await page.uncheck('#set-2014-15');
  await page.focus('#set-2012-13');
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement.id) === 'set-proposal-2012-10', 'Tab moves through the contracts');
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement.id) === 'set-2013-14', 'Tab reaches a contract that must stay chosen');
  await page.keyboard.press('Space');
  assert(await page.isChecked('#set-2013-14'), 'it stays chosen');
  assert((await page.getAttribute('#set-2013-14', 'aria-describedby')).includes('chooser-two'), 'and says why');
  // Find from the keyboard: Down to the matches, Down/End/Home between
  // them, Escape back to the box; choosing one puts focus on its note.
  await page.fill('#find-input', 'SK11');
  await page.waitForFunction(() => document.querySelectorAll('.find-match').length >= 3, null, { timeout: 30000 });
  const at = () => page.evaluate(() => [...document.querySelectorAll('.find-match')].indexOf(document.activeElement));
  const last = (await page.locator('.find-match').count()) - 1;
  await page.keyboard.press('ArrowDown');
  assert(await at() === 0, 'Down from Find goes to the first match');
  await page.keyboard.press('ArrowDown');
  assert(await at() === 1, 'Down moves to the next');
  await page.keyboard.press('End');
  assert(await at() === last, 'End goes to the last');
  await page.keyboard.press('Home');
  assert(await at() === 0, 'Home to the first');
  await page.keyboard.press('Escape');
  assert(await page.evaluate(() => document.activeElement.id) === 'find-input', 'Escape returns to the box');
  await page.fill('#find-input', 'N81013');
  await page.waitForFunction(() => document.querySelectorAll('.find-match').length === 1, null, { timeout: 30000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#find-filled');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'find-filled');
  // A real practice's many "national prevalence not found" warnings are one
  // line with a count and the list inside.
  const warnings = await page.$$eval('.gaps .warnings > li', (ls) => ls.map((l) => l.textContent));
  const prevalence = warnings.filter((w) => w.includes('National prevalence'));
  assert(prevalence.length === 1 && /for \d+ registers/.test(prevalence[0]), `one grouped prevalence warning: ${prevalence.map((w) => w.slice(0, 120))}`);
  assert(await page.locator('.warning-group li').count() > 1, 'its registers are listed inside');
  assert(page.errors.length === 0, `no errors: ${page.errors}`);
  await context.close();
});

await journey('a share link opens the identical scenario in a fresh browser, and back and forward move between choices', async () => {
  const { page, context } = await open(1280);
  await page.fill('#f-list_size', '8123');
  await page.check('#set-2014-15');
  await page.click('#scenario summary:has-text("Prices")');
  await page.fill('#sc-qof-point-value', '171.5');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 4);
  const totals = await cardTotals(page);
  await page.click('#share summary');
  await page.check('#share-practice');
  const withPractice = await page.inputValue('#share-link');
  assert(withPractice.includes('#v=2&') && withPractice.includes('p.list_size=8123'), `the link carries the practice: ${withPractice}`);
  report.share_link_chars = withPractice.length;
  await page.check('#share-rules');
  const rulesOnly = await page.inputValue('#share-link');
  assert(!rulesOnly.includes('p.') && rulesOnly.includes('e.qof.point_value=171.5'), `rules only: ${rulesOnly}`);
  assert((await page.textContent('#share-says')).includes('none of your practice'), 'the panel says what the link holds');
  // The address bar never shows the practice's figures.
  assert(!page.url().includes('8123'), `the address bar holds no practice figure: ${page.url()}`);
  // Copy, with a confirmation screen readers announce.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.check('#share-practice');
  await page.click('#share-copy');
  await page.waitForFunction(() => document.querySelector('#share-status').textContent.includes('copied'));
  assert((await page.getAttribute('#share-status', 'role')) === 'status', 'announced politely');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === withPractice, 'the clipboard holds the link shown');
  await axe(page, 'share panel');
  // A fresh browser context opens it: the same totals to the penny.
  const other = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const fresh = watch(await other.newPage());
  await fresh.goto(withPractice);
  await fresh.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 4, null, { timeout: 30000 });
  const opened = await cardTotals(fresh);
  assert(JSON.stringify(opened) === JSON.stringify(totals), `same totals: ${opened} vs ${totals}`);
  assert((await fresh.inputValue('#f-list_size')) === '8123', 'the practice came across');
  await other.close();
  // Back undoes a deliberate choice (adding 2014/15), not each keystroke.
  const before = await cardTotals(page);
  await page.uncheck('#set-2014-15');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 4);
  assert(JSON.stringify(await cardTotals(page)) === JSON.stringify(before), 'back restores the comparison');
  await page.goForward();
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  await context.close();
});

await journey('a damaged link and a newer version\'s link say so, and open the example practice', async () => {
  for (const [fragment, words] of [
    ['#v=1&s=2012-13,1999-00&t=2012-13', 'This link is damaged'],
    ['#v=1&e.qof.point_value=%G1', 'This link is damaged'],
    ['#v=9&s=2012-13,2013-14', 'made by a newer version'],
    // A link of today's format cut short: its checksum is gone.
    ['#v=2&s=2012-13,2013-14&t=2013-14&p.list_size=41', 'checksum'],
  ]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = watch(await context.newPage());
    await page.goto(origin + '/' + fragment);
    await page.waitForSelector('#app .card-total', { timeout: 30000 });
    assert((await page.textContent('#link-error')).includes(words), `${fragment}: ${await page.textContent('#link-error')}`);
    assert((await page.getAttribute('#link-error', 'role')) === 'alert', 'announced');
    assert((await page.inputValue('#f-list_size')) === '6911', 'the example practice is open');
    assert(page.errors.length === 0, `no errors: ${page.errors}`);
    await context.close();
  }
  // A crafted link of 20,000 edits is refused naming the limit, quickly.
  {
    const fnv = (t) => { let h = 0x811c9dc5; for (const b of new TextEncoder().encode(t)) { h ^= b; h = Math.imul(h, 0x01000193) >>> 0; } return h.toString(16).padStart(8, '0'); };
    let body = 'v=2&s=2013-14,custom&t=custom&b=2013-14';
    for (let i = 0; i < 20000; i++) body += `&e.qof.nothing${i}=1`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = watch(await context.newPage());
    await page.goto(origin + '/');
    await page.waitForSelector('#app .card-total', { timeout: 30000 });
    const t0 = Date.now();
    await page.goto(origin + '/?crafted#' + body + '&c=' + fnv(body));
    await page.waitForSelector('#link-error', { timeout: 30000 });
    report.link_20000_edits_open_ms = Date.now() - t0;
    const why = await page.textContent('#link-error');
    assert(why.includes('20000 scenario edits') && why.includes('10000'), `the limit is named: ${why}`);
    assert(page.errors.length === 0, `no errors: ${page.errors}`);
    await context.close();
  }
  // What a link asks for that cannot be applied is named, never dropped.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());
  await page.goto(origin + '/#v=1&s=2013-14,custom&t=custom&b=2013-14&e.qof.nothing=1&e.qof.point_value=170');
  await page.waitForSelector('#link-notes', { timeout: 30000 });
  const notes = await page.textContent('#link-notes');
  assert(notes.includes('qof.nothing') && notes.includes('cannot be applied'), `the unknown edit is named: ${notes}`);
  assert(page.errors.length === 0, `no errors: ${page.errors}`);
  await context.close();
});

await journey('a first visit shows the headline figures before any WebAssembly (prerendered, equal to the app\'s); a link\'s never sees them', async () => {
  // Every module is held back (or, with `small`, only the full app's), so
  // the first view can be looked at.
  const firstView = async (address, { init, small = false, js = true } = {}) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 }, javaScriptEnabled: js });
    if (init) await context.addInitScript(init);
    const page = watch(await context.newPage());
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await context.route(small ? /\/gpsim-app-[0-9a-f]+_bg\.wasm$/ : /_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await page.goto(origin + address);
    await page.waitForSelector('#first-view main', { timeout: 30000 });
    // What a reader sees: nothing is painted before the render-blocking
    // stylesheet has loaded.
    await page.waitForFunction(() => [...document.styleSheets].some((s) => /styles-[0-9a-f]+\.css$/.test(s.href || '')), null, { timeout: 30000 });
    return { context, page, release };
  };
  // The headline cards a reader can see, as text and totals.
  const visibleCards = (page, root) => page.$$eval(`${root} .card`, (els) => els.filter((e) => e.checkVisibility())
    .map((e) => ({ total: e.querySelector('.card-total').getAttribute('data-total'), text: e.innerText.replace(/\s+/g, ' ').trim() })));
  const visibleText = (page, sel) => page.$eval(sel, (e) => (e.checkVisibility() ? e.innerText.trim() : ''));

  // The example practice, no link: its figures are in the page itself, with
  // no module run; the full app then shows the same cards, word for word.
  // This is the test that the build's prerendered figures are the app's.
  let v = await firstView('/');
  const prerendered = await visibleCards(v.page, '#first-view');
  assert(prerendered.length === 2, `the page shows two sets before any module: ${JSON.stringify(prerendered)}`);
  assert(!v.page.urls.some((u) => /\.wasm$/.test(new URL(u).pathname) && !/\/gpsim-app-/.test(u)), `no small module for the example practice: ${v.page.urls}`);
  assert((await visibleText(v.page, '.prerendered-caption')).includes('example practice'), 'the cards say what they show');
  assert((await visibleText(v.page, '#loading-rest')).includes('Loading the editor'), 'it says what is still coming');
  assert((await v.page.getAttribute('#loading-rest', 'role')) === 'status', 'announced politely');
  assert((await visibleText(v.page, '.opening-note')) === '', 'no "Opening your scenario" line without a link');
  assert(!(await v.page.$('#first-view input, #first-view select, #first-view button')), 'the first view takes no input');
  await v.page.screenshot({ path: path.join(shots, 'first-view-375.png') });
  await axe(v.page, 'first view');
  v.release();
  await v.page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  assert(await v.page.evaluate(() => !document.getElementById('first-view')), 'the first view has gone');
  const app = await visibleCards(v.page, '#app .summary');
  assert(JSON.stringify(app) === JSON.stringify(prerendered), `the prerendered cards are the app's: ${JSON.stringify(prerendered)} then ${JSON.stringify(app)}`);
  assert(v.page.errors.length === 0, `no errors: ${v.page.errors}`);
  await v.context.close();

  // JavaScript off: the same figures, named for what they are, and a line
  // saying what a link's scenario needs; nothing promises a download.
  v = await firstView('/#v=2&s=2012-13,2014-15&t=2014-15&p.list_size=4000', { js: false });
  assert((await visibleCards(v.page, '#first-view')).length === 2, 'with JavaScript off the example figures show');
  assert((await v.page.textContent('noscript')).includes("a link's scenario"), 'the line for a link without JavaScript');
  assert((await visibleText(v.page, '#loading-rest')) === '' && (await visibleText(v.page, '.opening-note')) === '', 'no loading or opening line without JavaScript');
  await v.context.close();

  // A link: the example's figures never show, only "Opening your
  // scenario…", until the small module has the link's own.
  v = await firstView('/#v=1&s=2012-13,2013-14,2014-15&t=2014-15&p.list_size=7321', { small: true });
  await v.page.waitForFunction(() => !document.querySelector('#first-view .prerendered') && document.querySelectorAll('#first-view .card-total').length === 3, null, { timeout: 30000 });
  const linked = await visibleCards(v.page, '#first-view');
  assert(linked.length === 3 && linked.every((c) => !prerendered.some((p) => p.total === c.total)), `the link's figures: ${JSON.stringify(linked)}`);
  v.release();
  await v.page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  assert(JSON.stringify((await visibleCards(v.page, '#app .summary')).map((c) => c.total)) === JSON.stringify(linked.map((c) => c.total)), 'the full app shows the link\'s figures');
  await v.context.close();
  // Held at the very start (no module yet): checked before any script but
  // the head's has run.
  v = await firstView('/#v=1&s=2012-13,2013-14&t=2013-14&p.list_size=7321');
  assert((await visibleCards(v.page, '#first-view')).length === 0, 'with a link and no module yet, no example figure shows');
  assert((await visibleText(v.page, '.opening-note')) === 'Opening your scenario…', 'it says the scenario is opening');
  await v.page.screenshot({ path: path.join(shots, 'first-view-link-375.png') });
  v.release();
  await v.context.close();

  // The full app's module fails to arrive (the network drops mid-visit):
  // the figures stay and the loading line says what happened.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = watch(await context.newPage());
    await context.route(/\/gpsim-app-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.goto(origin + '/');
    await page.waitForFunction(() => document.getElementById('loading-rest')?.getAttribute('role') === 'alert', null, { timeout: 30000 });
    assert((await page.textContent('#loading-rest')).includes('could not be loaded'), await page.textContent('#loading-rest'));
    assert((await visibleCards(page, '#first-view')).length === 2, 'the figures stay');
    await context.close();
  }
  // Every module fails with a link: no example figure is passed off as the
  // link's; the alert says the scenario could not be opened.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = watch(await context.newPage());
    await context.route(/_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.goto(origin + '/#v=1&s=2012-13,2013-14&t=2013-14&p.list_size=7321');
    await page.waitForFunction(() => document.getElementById('loading-rest')?.getAttribute('role') === 'alert', null, { timeout: 30000 });
    assert((await visibleText(page, '#loading-rest')).includes('Your scenario could not be opened'), await page.textContent('#loading-rest'));
    assert((await visibleCards(page, '#first-view')).length === 0, 'no example figure shows');
    await context.close();
  }

  // What the first view cannot show rightly, it does not show: a damaged
  // link (the full app explains it).
  v = await firstView('/#v=1&s=2012-13,1999-00&t=2012-13', { small: true });
  await v.page.waitForFunction(() => !document.querySelector('#first-view .prerendered') && document.querySelector('#first-view #loading-rest'), null, { timeout: 30000 });
  assert((await visibleCards(v.page, '#first-view')).length === 0, 'a damaged link: no figures in the first view');
  v.release();
  await v.page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  assert(await v.page.$('#link-error'), 'the full app says what it could not open');
  await v.context.close();

  // A last session kept in this browser (which the first view cannot read)
  // and no link: the example's figures hide, the full app starts at once,
  // and the small module is not downloaded at all.
  {
    v = await firstView('/', { init: () => localStorage.setItem('gpsim.last', '{"format":"kept by an earlier visit"}') });
    assert((await visibleCards(v.page, '#first-view')).length === 0, 'a kept session: the example figures do not show');
    assert((await visibleText(v.page, '.opening-note')) === 'Opening your scenario…', 'it says the scenario is opening');
    v.release();
    await v.page.waitForSelector('#app #f-list_size', { timeout: 30000 });
    assert(!v.page.urls.some((u) => /\/embed\//.test(u)), `no small module: ${v.page.urls}`);
    assert(await v.page.$('#link-error'), 'the full app says the kept session could not be read');
    await v.context.close();
  }
});

await journey('the skip link and the error summary\'s links are places on the page: a reload after one keeps the practice', async () => {
  const { page, context } = await open(1280);
  await page.fill('#f-list_size', '5432');
  await page.waitForTimeout(700);
  await page.focus('#app .skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main');
  await page.reload();
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  assert(!(await page.$('#link-error')), 'no damaged-link message after the skip link');
  assert((await page.inputValue('#f-list_size')) === '5432', 'the practice is still there');
  // An error summary's link, then a reload, likewise.
  await page.fill('#f-list_size', 'many');
  await page.click('.error-summary a');
  await page.waitForFunction(() => location.hash === '#f-list_size');
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  assert(!(await page.$('#link-error')), 'no damaged-link message after the error link');
  assert((await page.inputValue('#f-list_size')) === 'many', 'what was typed is still there');
  assert(page.errors.length === 0, `no errors: ${page.errors}`);
  await context.close();
});

await journey('the printed report has the results and the citation, and no controls', async () => {
  const { page, context } = await open(1280);
  await page.check('#set-2014-15');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  const example = await page.textContent('#cite');
  assert(!example.includes('p.list_size'), `the example practice is cited by the rules alone: ${example}`);
  await page.fill('#f-list_size', '7321');
  await page.waitForFunction(() => document.querySelector('#cite').textContent.includes('p.list_size=7321'));
  const cite = await page.textContent('#cite');
  assert(cite.includes('rules data') && cite.includes('#v=2&'), `the citation names the rules data and the link: ${cite}`);
  // Its link opens exactly what it cites, in a fresh browser.
  const citedLink = cite.slice(cite.indexOf('http'));
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const o = watch(await other.newPage());
  await o.goto(citedLink);
  await o.waitForSelector('#app .card-total', { timeout: 30000 });
  assert((await o.inputValue('#f-list_size')) === '7321', 'the cited link opens the cited practice');
  assert(JSON.stringify(await cardTotals(o)) === JSON.stringify(await cardTotals(page)), 'with the cited totals');
  await other.close();
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.offsetParent !== null || getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
    return {
      buttons: shown('button:not(.toggle)'),
      toggles: [...document.querySelectorAll('.toggle')].every((e) => e.textContent.trim() && getComputedStyle(e).display !== 'none'),
      inputs: shown('input, select, textarea'),
      cite: shown('#cite'),
      cards: shown('#app .card-total'),
      waterfall: shown('.wf-table'),
      table: shown('#table-h'),
    };
  });
  assert(!hidden.buttons && !hidden.inputs, `no controls in print: ${JSON.stringify(hidden)}`);
  assert(hidden.toggles, 'the row labels (open/close toggles) print as text');
  assert(hidden.cite && hidden.cards && hidden.waterfall && hidden.table, `the report's parts print: ${JSON.stringify(hidden)}`);
  // What the figures rest on prints before the waterfall, and the gaps
  // print open (on paper nothing can be opened).
  const printed = await page.evaluate(() => {
    const inputs = document.querySelector('.printed-inputs');
    const wf = document.querySelector('.waterfall');
    const gapItems = [...document.querySelectorAll('.gaps .gap-set li')];
    return {
      inputs: inputs && inputs.getClientRects().length > 0 ? inputs.textContent : '',
      before: inputs && wf ? !!(inputs.compareDocumentPosition(wf) & Node.DOCUMENT_POSITION_FOLLOWING) : false,
      gaps: gapItems.length,
      gapsShown: gapItems.filter((li) => li.getClientRects().length > 0 && li.getBoundingClientRect().height > 0).length,
      tableBreaks: getComputedStyle(document.querySelector('#table-h')).breakBefore,
    };
  });
  for (const part of ['Registered list', '7,321 patients', 'Weighted list', 'Contract', 'MPIG correction factor', 'Disease registers', 'Enhanced services taken up']) {
    assert(printed.inputs.includes(part), `the printed inputs say ${part}: ${printed.inputs}`);
  }
  assert(printed.before, 'the inputs print before the waterfall');
  assert(printed.gaps > 0 && printed.gapsShown === printed.gaps, `every gap prints, open: ${printed.gapsShown} of ${printed.gaps}`);
  assert(printed.tableBreaks === 'page', 'the payment table starts a new page, after the one-page summary');
  const pdf = path.join(shots, 'report.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: false, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  report.print_pdf_bytes = fs.statSync(pdf).size;
  await context.close();
});

await journey('save, reopen and resume in this browser; rename and delete; a damaged record is reported and kept aside', async () => {
  const { page, context } = await open(1280);
  await page.fill('#f-list_size', '7777');
  await page.waitForFunction(() => document.querySelector('#app .card-total').getAttribute('data-total') !== null);
  await page.waitForTimeout(50);
  const saved = await cardTotals(page);
  await page.click('#keep summary');
  await page.fill('#save-name', 'Riverside, March');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#keep-status').textContent.includes('Saved'));
  assert((await page.getAttribute('#keep-status', 'role')) === 'status', 'saving is announced');
  await page.fill('#f-list_size', '5000');
  await page.waitForFunction((t) => document.querySelector('#app .card-total').getAttribute('data-total') !== t, saved[0]);
  const later = await cardTotals(page);
  await axe(page, 'keep panel');
  // A new visit (no link): the last session comes back, and says so.
  const again = watch(await context.newPage());
  await again.goto(origin + '/');
  await again.waitForSelector('#app .card-total', { timeout: 30000 });
  assert((await again.inputValue('#f-list_size')) === '5000', 'the last session is restored');
  assert(JSON.stringify(await cardTotals(again)) === JSON.stringify(later), 'with the same totals');
  assert((await again.textContent('#resumed')).includes('where you left off'), 'the page says it resumed');
  // Open the named save: the saved figures and totals, to the penny.
  await again.click('#keep summary');
  await again.click('button[aria-label="Open “Riverside, March”"]');
  await again.waitForFunction(() => document.querySelector('#f-list_size').value === '7777');
  await again.waitForFunction((t) => JSON.stringify([...document.querySelectorAll('#app .card-total')].map((e) => e.getAttribute('data-total'))) === t, JSON.stringify(saved));
  // Rename, then delete.
  await again.click('button[aria-label="Rename “Riverside, March”"]');
  await again.fill('.saved-rename input', 'Riverside, April');
  await again.click('.saved-rename button[type=submit]');
  await again.waitForSelector('button[aria-label="Open “Riverside, April”"]');
  await again.click('button[aria-label="Delete “Riverside, April”"]');
  await again.waitForSelector('#saved-none');
  assert((await again.textContent('#keep-status')).includes('Deleted'), 'deleting is announced');
  await again.screenshot({ path: path.join(shots, 'keep-1280.png') });
  // Damaged records: the page still starts, says so, and keeps their text.
  // The open pages keep the last session once typing pauses (300 ms):
  // let them finish, and close them, so nothing overwrites the damage.
  await page.waitForTimeout(600);
  for (const p of [page, again]) assert(p.errors.length === 0, `no errors: ${p.errors}`);
  await page.close();
  await again.evaluate(() => {
    localStorage.setItem('gpsim.saved.1', '{"v":1,"name":"cut sh');
    localStorage.setItem('gpsim.saved.2', '{"v":7,"name":"from the future"}');
    localStorage.setItem('gpsim.last', 'not a record');
  });
  await again.close();
  const third = watch(await context.newPage());
  await third.goto(origin + '/');
  await third.waitForSelector('#app .card-total', { timeout: 30000 });
  assert((await third.textContent('#link-error')).includes('last session could not be restored'), 'a damaged session is reported');
  assert((await third.inputValue('#f-list_size')) === '6911', 'and the example practice opens');
  await third.click('#keep summary');
  // The panel reads the storage when it opens (its toggle event).
  await third.waitForSelector('#keep .keep-h', { timeout: 30000 });
  const notes = await third.$$eval('.saved-note', (els) => els.map((e) => e.textContent));
  assert(notes.some((n) => n.includes('damaged') && n.includes('kept aside')), `the damaged record is reported: ${notes}`);
  assert(notes.some((n) => n.includes('newer version')), `the newer record is reported: ${notes}`);
  const kept = await third.evaluate(() => [localStorage.getItem('gpsim.aside.gpsim.saved.1'), localStorage.getItem('gpsim.saved.2'), localStorage.getItem('gpsim.aside.gpsim.last')]);
  assert(kept[0] === '{"v":1,"name":"cut sh' && kept[1] && kept[2] === 'not a record', `nothing was deleted: ${kept}`);
  assert(third.errors.length === 0, `no errors: ${third.errors}`);
  await context.close();
  // Storage refused (a full disk, or a browser that forbids it): the app
  // works and says why nothing is kept.
  const blocked = await browser.newContext({ viewport: { width: 375, height: 800 } });
  await blocked.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  const b = watch(await blocked.newPage());
  await b.goto(origin + '/');
  await b.waitForSelector('#app .card-total', { timeout: 30000 });
  const t0 = await cardTotals(b);
  await b.fill('#f-list_size', '8000');
  await firstTotalChanges(b, t0);
  await b.click('#keep summary');
  await b.waitForSelector('#session-problem');
  await b.click('#save');
  await b.waitForSelector('#keep-problem');
  assert((await b.textContent('#keep-problem')).includes('would not save'), 'saving says why it failed');
  await b.screenshot({ path: path.join(shots, 'keep-blocked-375.png'), fullPage: false });
  assert(b.errors.length === 0, `no errors: ${b.errors}`);
  await blocked.close();
});

/// Runs the command line on a practice file and returns its JSON statement.
function gpsim(args) {
  const bin = ['target/debug/gpsim', 'target/release/gpsim'].map((p) => path.join(root, p)).find((p) => fs.existsSync(p));
  const [cmd, pre] = bin ? [bin, []] : ['cargo', ['run', '-q', '-p', 'gpsim-cli', '--']];
  return JSON.parse(execFileSync(cmd, [...pre, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

await journey('a practice file goes to the command line with the same totals; results download as CSV and SVG; a bad file changes nothing', async () => {
  const { page, context } = await open(1280);
  await page.fill('#f-name', 'Riverside Surgery');
  await page.fill('#f-list_size', '8123');
  await page.click('#registers summary');
  await page.fill('#f-registers_diabetes', '512');
  await page.check('#set-2014-15');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  await page.waitForTimeout(50);
  const totals = await cardTotals(page);
  await page.click('#keep summary');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpsim-files-'));
  const fetch = async (selector) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    return file;
  };
  for (const sel of ['#export-json', '#export-toml']) {
    const file = await fetch(sel);
    assert(/riverside-surgery\.(json|toml)$/.test(file), `named after the practice: ${file}`);
    ['2012-13', '2013-14', '2014-15'].forEach((set, i) => {
      const st = gpsim(['statement', '--rules', set, '--practice', file, '--format', 'json']);
      assert(st.total === totals[i], `${path.basename(file)} under ${set}: the CLI gives ${st.total}, the app ${totals[i]}`);
    });
  }
  // CSV and SVG of the results: the same figures as the page.
  const csv = fs.readFileSync(await fetch('#dl-comparison'), 'utf8').trim().split('\r\n');
  assert(csv[0].startsWith('id,label,kind,2012-13,2013-14,2014-15'), `the header names the sets: ${csv[0]}`);
  assert(csv[csv.length - 1].startsWith(`total,Total,total,${totals.join(',')}`), `the CSV totals are the page's: ${csv[csv.length - 1]}`);
  const st = fs.readFileSync(await fetch('#dl-statement'), 'utf8');
  assert(st.includes(`\r\ntotal,,Total,total,${totals[2]},`), 'the statement CSV totals the target set');
  const wf = fs.readFileSync(await fetch('#dl-waterfall'), 'utf8').trim().split('\r\n');
  assert(wf[wf.length - 1].endsWith(`,${totals[2]}`), `the waterfall ends at the target's total: ${wf[wf.length - 1]}`);
  const svgFile = await fetch('#dl-chart');
  const svg = fs.readFileSync(svgFile, 'utf8');
  assert(svg.startsWith('<svg xmlns=') && svg.includes('Riverside Surgery'), 'the chart is a standalone SVG');
  report.download_files = fs.readdirSync(dir).sort();
  const chart = await context.newPage();
  await chart.goto('file://' + svgFile);
  await chart.screenshot({ path: path.join(shots, 'waterfall-download.png') });
  await chart.close();
  // A bad file: messages naming the field or line, and nothing changes.
  await page.setInputFiles('#import-file', { name: 'bad.toml', mimeType: 'text/plain', buffer: Buffer.from('name = "Other"\nlist_size = "lots"\n') });
  await page.waitForSelector('#file-news[role=alert]');
  assert((await page.textContent('#file-news')).includes('bad.toml: list_size:'), `names the field: ${await page.textContent('#file-news')}`);
  await page.setInputFiles('#import-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n "list_size": 7000,\n}') });
  await page.waitForFunction(() => document.querySelector('#file-news').textContent.includes('broken.json: line 3'));
  assert((await page.inputValue('#f-list_size')) === '8123' && (await page.inputValue('#f-name')) === 'Riverside Surgery', 'the form is untouched');
  assert(JSON.stringify(await cardTotals(page)) === JSON.stringify(totals), 'the results are untouched');
  await page.locator('#keep').screenshot({ path: path.join(shots, 'import-refused-1280.png') });
  // A good file, picked: the form fills.
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'riverside-surgery.json'), 'utf8'));
  json.list_size = 6000;
  await page.setInputFiles('#import-file', { name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await page.waitForFunction(() => document.querySelector('#f-list_size').value === '6000');
  assert((await page.getAttribute('#file-news', 'role')) === 'status', 'a good file is announced');
  // And dropped on the editor.
  const toml = fs.readFileSync(path.join(dir, 'riverside-surgery.toml'), 'utf8').replace('list_size = 8123', 'list_size = 4321');
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.toml', { type: 'text/plain' }));
    return d;
  }, toml);
  await page.dispatchEvent('.editor', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('.editor', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('#f-list_size').value === '4321');
  assert((await page.inputValue('#f-registers_diabetes')) === '512', 'the dropped file brought its registers');
  await axe(page, 'files');
  assert(page.errors.length === 0, `no errors: ${page.errors}`);
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

await journey('embeds in an article on another origin: compact, sizes itself through Pym, Datawrapper and AMP messages, settles, and ignores junk', async () => {
  // The full app gives the embed code for the current scenario.
  const { page, context } = await open(1280);
  await page.selectOption('#preset', 'small-rural');
  await page.check('#set-2014-15');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  const ruralList = await page.inputValue('#f-list_size');
  await page.click('#share summary');
  await page.check('#share-practice');
  const code = await page.inputValue('#embed-code');
  assert(/^<iframe src="[^"]+\/embed\.html#v=2&amp;/.test(code), `the snippet embeds the scenario in the embed's own page: ${code}`);
  assert(code.includes('loading="lazy"') && code.includes('width="100%"') && /title="GP Contract Simulator: [^"]+"/.test(code), `lazy, full width, titled: ${code}`);
  report.embed_snippet = code;
  await context.close();
  // A host page on a second origin, with the three resizers hosts run:
  // each sets the frame's height from its own message format.
  const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  // The host's Pym gives the frame a child id in its address.
  const hostSrc = src.replace('embed.html#', 'embed.html?childId=gpsim-1#');
  const frameTag = code.replace(/src="[^"]+"/, `src="${hostSrc.replace(/&/g, '&amp;')}"`);
  const hostHtml = `<!doctype html><html><head><meta charset="utf-8"><title>An article</title></head><body style="margin:0">
<main style="max-width:600px;margin:0 auto"><h1>News</h1><p>Text before.</p>
${frameTag}
<p>Text after.</p></main>
<script>
window.heights = []; window.formats = new Set();
addEventListener('message', (e) => {
  const f = document.querySelector('iframe');
  if (e.source !== f.contentWindow) return;
  let h = null;
  if (typeof e.data === 'string' && e.data.startsWith('pymxPYMxgpsim-1xPYMxheightxPYMx')) { h = +e.data.split('xPYMx')[3]; window.formats.add('pym'); }
  else if (e.data && e.data['datawrapper-height']) { h = +Object.values(e.data['datawrapper-height'])[0]; window.formats.add('datawrapper'); }
  else if (e.data && e.data.sentinel === 'amp' && e.data.type === 'embed-size') { h = +e.data.height; window.formats.add('amp'); }
  if (h) { f.style.height = h + 'px'; window.heights.push(h); }
});
</script></body></html>`;
  const host = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(hostHtml); });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  assert(hostOrigin !== origin, 'a second origin');
  for (const width of [1280, 375]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const p = watch(await ctx.newPage());
    p.origins = [hostOrigin];
    await p.goto(hostOrigin + '/');
    const frame = p.frameLocator('iframe');
    await frame.locator('#app .card-total').first().waitFor({ timeout: 30000 });
    // Settled: the frame is as tall as its content, and the messages stop.
    const settle = async () => {
      await settles(p, () => window.heights.length, 1000, 'the height settles: no message after a second of quiet');
      return p.$eval('iframe', (f) => f.getBoundingClientRect().height);
    };
    const h1 = await settle();
    const formats = await p.evaluate(() => [...window.formats].sort().join(','));
    assert(formats === 'amp,datawrapper,pym', `all three formats posted: ${formats}`);
    const inner = await frame.locator('#embed').evaluate((e) => e.getBoundingClientRect().bottom);
    assert(h1 >= inner && h1 - inner < 40, `the frame fits its content: frame ${h1}px, content ${inner}px`);
    // The embed's page loads its own small module, not the full app's.
    const modules = p.urls.filter((u) => u.endsWith('.wasm')).map((u) => u.replace(/^.*\//, ''));
    assert(modules.length === 1 && modules[0].startsWith('gpsim-embed-'), `only the embed's module: ${modules}`);
    const cards = await frame.locator('#app .card-total').count();
    assert(cards === 3, `the embed shows the scenario's three sets: ${cards}`);
    assert(await frame.locator('#f-list_size').inputValue() === ruralList, 'the embed opens the chosen practice');
    // Grows when content opens, shrinks when it closes.
    await frame.locator('#services summary').click();
    const h2 = await settle();
    assert(h2 > h1 + 100, `the frame grows: ${h1} → ${h2}`);
    await frame.locator('#services summary').click();
    const h3 = await settle();
    assert(Math.abs(h3 - h1) <= 2, `and shrinks back: ${h2} → ${h3} (was ${h1})`);
    // The reader changes the list size: the results follow.
    const before = await frame.locator('#app .card-total').first().getAttribute('data-total');
    await frame.locator('#f-list_size').fill('4100');
    await frame.locator(`.card-total >> nth=0`).evaluate((e, b) => new Promise((r) => { const t = () => (e.getAttribute('data-total') !== b ? r() : setTimeout(t, 20)); t(); }), before);
    // The full simulator link carries the scenario, practice included.
    const full = await frame.locator('#embed-full').getAttribute('href');
    assert(full.startsWith(origin + '/#v=2&') && full.includes('p.list_size=4100') && !full.includes('embed'), `the full simulator link: ${full}`);
    assert((await frame.locator('#embed-full').getAttribute('target')) === '_blank', 'opens in a new tab');
    // Junk messages from the host change nothing and throw nothing.
    const shown = await frame.locator('#app .card-total').allTextContents();
    await p.evaluate(() => {
      const w = document.querySelector('iframe').contentWindow;
      for (const junk of ['junk', 42, null, { 'datawrapper-height': 'x' }, { sentinel: 'amp', type: 'embed-size', height: -1 }, 'pymxPYMxgpsim-1xPYMxwidthxPYMx300', new ArrayBuffer(8)]) w.postMessage(junk, '*');
    });
    await p.waitForTimeout(300);
    assert(JSON.stringify(await frame.locator('#app .card-total').allTextContents()) === JSON.stringify(shown), 'junk changed nothing');
    const overflow = await frame.locator('html').evaluate((e) => e.scrollWidth - e.clientWidth);
    assert(overflow <= 1, `no sideways scrolling in the frame at ${width}px (${overflow}px)`);
    await p.screenshot({ path: path.join(shots, `embed-${width}.png`), fullPage: true });
    const framePage = p.frames().find((f) => f.url().startsWith(origin));
    await framePage.evaluate(axeSource);
    const violations = await framePage.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })).violations.map((v) => v.id));
    assert(violations.length === 0, `axe in the embed at ${width}px: ${violations}`);
    assert(p.errors.length === 0, `no errors: ${p.errors}`);
    if (width === 375) report.embed_height_375 = h1; else report.embed_height_1280 = h1;
    await ctx.close();
  }
  // Time to the embed's first result, opening its page in a fresh browser
  // context (nothing cached): what an article's reader waits for.
  {
    const c = await browser.newContext({ viewport: { width: 600, height: 900 } });
    const e = watch(await c.newPage());
    await e.goto(src);
    await e.waitForFunction(() => document.querySelector('#app .card-total'), null, { timeout: 30000, polling: 'raf' });
    report.embed_first_result_cold_ms = await e.evaluate(() => Math.round(performance.now()));
    assert(e.errors.length === 0, `no errors: ${e.errors}`);
    await c.close();
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const b = watch(await ctx.newPage());
  // An address snippets gave before the embed had its own page still opens
  // the embed, on its scenario: it goes on to embed.html.
  await b.goto(src.replace('embed.html#', '?embed&childId=c1#'));
  await b.waitForURL(/\/embed\.html\?embed&childId=c1#v=2&/, { timeout: 30000 });
  await b.waitForSelector('#embed .card-total', { timeout: 30000 });
  assert(await b.inputValue('#f-list_size') === ruralList, 'the old embed address opens its practice');
  // A broken embed parameter opens the full app, and nothing breaks.
  await b.goto(origin + '/?embed=%ZZ&childId=%22%3E');
  await b.waitForSelector('#app .card-total', { timeout: 30000 });
  assert(await b.isVisible('#editor-h'), 'the full app opens');
  assert(b.errors.length === 0, `no errors: ${b.errors}`);
  await ctx.close();
  await new Promise((r) => { host.closeAllConnections(); host.close(r); });
});

await journey('the embed code offers a fixed height measured for a 375 px and a 600 px column, and a one-line resizer that follows the content, settles and ignores other frames', async () => {
  const { page, context } = await open(1280);
  await page.check('#set-2014-15');
  await page.waitForFunction(() => document.querySelectorAll('#app .card-total').length === 3);
  await page.click('#share summary');
  await page.check('#share-practice');
  await page.waitForSelector('#embed-code[data-measured="true"]', { timeout: 30000 });
  const phoneCode = await page.inputValue('#embed-code');
  const phoneHeight = Number(await page.getAttribute('#embed-code', 'data-height'));
  await page.check('#embed-fit-wide');
  await page.waitForFunction((h) => Number(document.querySelector('#embed-code').getAttribute('data-height')) !== h, phoneHeight);
  const wideCode = await page.inputValue('#embed-code');
  const wideHeight = Number(await page.getAttribute('#embed-code', 'data-height'));
  assert(phoneHeight > wideHeight, `a phone's column needs more height: ${phoneHeight} against ${wideHeight}`);
  assert(phoneCode.includes(`height="${phoneHeight}"`) && wideCode.includes(`height="${wideHeight}"`), 'the code carries the chosen height');
  assert((await page.textContent('#embed-fit-phone-label')).includes(phoneHeight.toLocaleString('en-GB')), 'the choice says its height');
  const resizer = await page.inputValue('#embed-resizer');
  assert(resizer === `<script src="${origin}/embed-resize.js" async></script>`, `the resizer is one line from this site: ${resizer}`);
  report.embed_fixed_height_375 = phoneHeight;
  report.embed_fixed_height_600 = wideHeight;
  await context.close();
  const src = phoneCode.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  const pages = {
    '/phone': `<!doctype html><html><head><meta charset="utf-8"><title>Phone</title></head><body style="margin:0">${phoneCode}</body></html>`,
    '/wide': `<!doctype html><html><head><meta charset="utf-8"><title>Wide</title></head><body style="margin:0"><main style="width:600px">${wideCode}</main></body></html>`,
    // A host with no resizer of its own, the resizer line, a frame of its
    // own origin that posts a huge height, and the page itself doing so.
    '/resizer': `<!doctype html><html><head><meta charset="utf-8"><title>Resizer</title></head><body style="margin:0">
<main style="max-width:600px">${phoneCode.replace(/height="\d+"/, 'height="300"')}
<iframe id="other" src="/other" title="Another frame" style="width:10px;height:10px;border:0"></iframe></main>
${resizer}
<script>
window.changes = 0;
new MutationObserver(() => { window.changes += 1; }).observe(document.querySelector('iframe'), { attributes: true, attributeFilter: ['style'] });
setInterval(() => postMessage({ 'datawrapper-height': { gpsim: 9000 } }, '*'), 200);
</script></body></html>`,
    '/other': `<!doctype html><html><body><script>setInterval(() => parent.postMessage({ 'datawrapper-height': { gpsim: 7000 } }, '*'), 200);</script></body></html>`,
  };
  const host = http.createServer((req, res) => { res.writeHead(pages[req.url] ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }); res.end(pages[req.url] || ''); });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  // The fixed heights: nothing of the embed is cut off in its column.
  for (const [where, width, fixed] of [['/phone', 375, phoneHeight], ['/wide', 1280, wideHeight]]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const p = watch(await ctx.newPage());
    p.origins = [hostOrigin];
    await p.goto(hostOrigin + where);
    const frame = p.frameLocator('iframe');
    await frame.locator('#app .card-total').first().waitFor({ timeout: 30000 });
    await p.waitForTimeout(500);
    // The frame is on another origin than the host: read it from inside.
    const inner = await frame.locator('#embed').evaluate((e) => ({ bottom: e.getBoundingClientRect().bottom, foot: document.querySelector('.embed-foot').getBoundingClientRect().bottom, total: document.querySelector('#embed .wf-table tr:last-child')?.getBoundingClientRect().bottom ?? 0 }));
    const frameBox = await p.$eval('iframe', (f) => ({ h: f.getBoundingClientRect().height, w: f.getBoundingClientRect().width }));
    assert(frameBox.h === fixed, `the frame has the code's height: ${frameBox.h} (${fixed})`);
    assert(inner.foot <= frameBox.h && inner.total <= frameBox.h, `at ${Math.round(frameBox.w)} px the total row, the full simulator link and the privacy line are inside the frame: foot at ${inner.foot}, frame ${frameBox.h}`);
    assert(frameBox.h - inner.bottom < 120, `and little is left blank: content ends at ${inner.bottom} of ${frameBox.h}`);
    await p.screenshot({ path: path.join(shots, `embed-fixed-${where.slice(1)}.png`), fullPage: true });
    await ctx.close();
  }
  // The resizer: follows the content, settles, and ignores other frames.
  const ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const p = watch(await ctx.newPage());
  p.origins = [hostOrigin];
  await p.goto(hostOrigin + '/resizer');
  const frame = p.frameLocator('iframe >> nth=0');
  await frame.locator('#app .card-total').first().waitFor({ timeout: 30000 });
  const settled = async () => {
    await settles(p, () => window.changes, 1500, 'the resizer settles: no change in 1.5 s, while other frames keep posting');
    return p.$eval('iframe', (f) => f.getBoundingClientRect().height);
  };
  const h1 = await settled();
  const content = await frame.locator('#embed').evaluate((e) => e.getBoundingClientRect().bottom);
  assert(h1 >= content && h1 - content < 40 && h1 < 7000, `the resizer sets the content's height, not the other frames': frame ${h1}, content ${content}`);
  await frame.locator('#services summary').click();
  const h2 = await settled();
  assert(h2 > h1 + 100, `and follows it when it grows: ${h1} → ${h2}`);
  assert(p.errors.length === 0, `no errors: ${p.errors}`);
  report.embed_resizer_changes = await p.evaluate(() => window.changes);
  await ctx.close();
  await new Promise((r) => { host.closeAllConnections(); host.close(r); });
});

await journey('the national view answers how many practices lose, for published sets and a custom scenario, in a worker; find my practice fills the form', async () => {
  const { page, context } = await open(1280);
  // Nothing national is fetched until asked for.
  assert(!page.urls.some((u) => u.includes('/national/')), 'the population is not part of the first load');
  // Find my practice: a real practice code.
  await page.fill('#find-input', 'N81013');
  await page.waitForSelector('.find-match', { timeout: 30000 });
  assert(page.urls.some((u) => u.endsWith('/national/population-2014-15.tsv')), 'the population comes from this site');
  await page.click('.find-match');
  await page.waitForSelector('#find-filled');
  assert((await page.inputValue('#f-name')) === 'High Street Surgery Macclesfield', 'the form has the practice');
  assert((await page.inputValue('#f-list_size')) === '7620', 'its published list size');
  const filled = await page.textContent('#find-filled');
  assert(filled.includes('2014/15 payments file') && filled.includes('modelled from the practice\'s 2016/17 prevalence') && filled.includes('CCG'), `it says where each figure came from: ${filled}`);
  await page.screenshot({ path: path.join(shots, 'find-1280.png') });
  // A search with no match, and a code that does not exist, say so.
  await page.fill('#find-input', 'zzqqxx');
  await page.waitForSelector('#find-none');
  // The national view: 2012/13 against 2013/14 (the opening comparison).
  await page.click('#national summary');
  await page.waitForSelector('#national-headline', { timeout: 60000 });
  const headline = await page.textContent('#national-headline');
  assert(/of \d,\d{3} practices, \d[\d,]* gain more than 1%, \d[\d,]* lose more than 1%/.test(headline), `the headline counts winners and losers: ${headline}`);
  assert(await page.isVisible('#national-yours'), 'where the practice in the form sits');
  const first = Number(await page.getAttribute('#national-results', 'data-ms'));
  // The same run from the command line gives the same counts.
  const cli = gpsim(['national', '--rules', '2012-13,2013-14', '--format', 'json']);
  const counts = headline.match(/(\d[\d,]*) gain more than 1%, (\d[\d,]*) lose/).slice(1).map((x) => Number(x.replace(/,/g, '')));
  assert(counts[0] === cli.all.gain && counts[1] === cli.all.lose, `the app (${counts}) and gpsim national (${cli.all.gain}, ${cli.all.lose}) agree`);
  // The headline as ranges, after the run, and the same from gpsim national --ranges.
  await page.waitForSelector('#national-range[data-gain]', { timeout: 60000 });
  const rangeMs = Number(await page.getAttribute('#national-range', 'data-ms'));
  const [gainRange, loseRange] = await page.$eval('#national-range', (p) => [p.dataset.gain, p.dataset.lose]);
  const cliRanges = gpsim(['national', '--rules', '2012-13,2013-14', '--ranges', '--format', 'json']).ranges;
  assert(gainRange === `${cliRanges.gain.low}-${cliRanges.gain.high}` && loseRange === `${cliRanges.lose.low}-${cliRanges.lose.high}`, `the app's ranges (${gainRange}, ${loseRange}) are gpsim national --ranges' (${JSON.stringify(cliRanges.gain)}, ${JSON.stringify(cliRanges.lose)})`);
  report.national_ranges_after_run_ms = rangeMs;
  console.log(`     national headline ranges ${rangeMs} ms after the run's figures (the run itself ${first} ms)`);
  // CSV of every practice.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#national-csv')]);
  const csvPath = path.join(os.tmpdir(), `gpsim-national-${Date.now()}.csv`);
  await d.saveAs(csvPath);
  const lines = fs.readFileSync(csvPath, 'utf8').trim().split('\r\n');
  assert(lines.length === cli.all.practices + cli.left_out.length + 1, `a CSV row per practice, run or left out: ${lines.length}`);
  assert(lines[0].includes('contract') && lines[0].includes('qof_achievement') && lines[0].includes('left_out_reason'), `the CSV says contract, achievement and why left out: ${lines[0]}`);
  fs.rmSync(csvPath);
  // What is published and what is modelled, who is left out and why, and
  // how close the model is to what was paid.
  const achievement = await page.textContent('#national-achievement');
  assert(/[\d,]+ practices at their published level, [\d,]+ modelled/.test(achievement), `achievement counts: ${achievement}`);
  assert(achievement.includes(cli.achievement_published.toLocaleString('en-GB')), `the app and gpsim national count the same published levels: ${achievement}`);
  await page.click('#national-left-out summary');
  const leftOut = await page.textContent('#national-left-out');
  assert(leftOut.includes(`${cli.left_out.length} practices left out`) && /closed on 20\d\d-\d\d-\d\d/.test(leftOut), `the left-out practices are listed with reasons: ${leftOut.slice(0, 300)}`);
  const close = await page.textContent('#national-closeness');
  assert(close.includes('How close is the model to what was paid?') && close.includes('Global sum (GMS practices)') && close.includes('cannot disagree'), `the closeness section: ${close.slice(0, 300)}`);
  // The % histogram: each bar one of the headline's three classes (edges at
  // ±1%), coloured as the headline counts it, with ±1% labelled.
  const hist = await page.evaluate(() => ({
    rows: [...document.querySelectorAll('#hist-percent tbody tr')].map((r) => [...r.children].map((c) => c.textContent)),
    rects: [...document.querySelectorAll('#hist-percent rect')].map((r) => r.getAttribute('class')),
    ticks: [...document.querySelectorAll('#hist-percent .hist-tick-label')].map((t) => t.textContent),
  }));
  const num = (x) => Number(x.replace(/[−–]/g, '-').replace(/[^\d.-]/g, ''));
  const classes = [];
  for (const [label, practices, lose, same, gain] of hist.rows) {
    const n = [lose, same, gain].map(num);
    if (num(practices) === 0) continue;
    assert(n.filter((k) => k > 0).length === 1, `bar ${label} is one class: ${n}`);
    const ends = label.split(' to ');
    if (ends.length === 2) {
      const [from, to] = ends.map(num);
      assert(!(from < -1 && to > -1) && !(from < 1 && to > 1), `bar ${label} does not straddle ±1%`);
    }
    classes.push(n[0] > 0 ? 'hist-down' : n[1] > 0 ? 'hist-same' : 'hist-up');
  }
  assert(JSON.stringify(hist.rects) === JSON.stringify(classes), `bars coloured as counted: ${hist.rects} against ${classes}`);
  assert(hist.ticks.includes('−1%') && hist.ticks.includes('+1%'), `±1% labelled on the axis: ${hist.ticks}`);
  // The table finds a practice by postcode and by its CCG's name.
  await page.fill('#national-search', 'SK11 6JL');
  await page.waitForFunction(() => [...document.querySelectorAll('#national-list tbody tr')].some((r) => r.textContent.includes('High Street Surgery Macclesfield')));
  await page.fill('#national-search', 'eastern cheshire');
  await page.waitForFunction(() => document.querySelectorAll('#national-list tbody tr').length > 1);
  const ccgRows = await page.$$eval('#national-list tbody tr', (rs) => rs.map((r) => r.textContent));
  assert(ccgRows.every((r) => r.includes('Eastern Cheshire')), `every match is in Eastern Cheshire CCG: ${ccgRows.slice(0, 3)}`);
  // Search the table and open a practice in the editor.
  await page.fill('#national-search', 'N81021');
  await page.waitForFunction(() => document.querySelectorAll('#national-list tbody tr').length === 1);
  await page.click('#national-list button');
  await page.waitForFunction(() => document.querySelector('#f-list_size').value === '6403');
  // Another pair of sets, then a custom scenario: the run follows.
  await page.check('#set-2014-15');
  await page.waitForFunction(() => /2014\/15/.test(document.querySelector('#national-headline')?.textContent || ''), null, { timeout: 60000 });
  await page.click('#scenario summary:has-text("Prices")');
  await page.fill('#sc-qof-point-value', '250');
  await page.waitForFunction(() => /Your scenario|custom/i.test(document.querySelector('#national-headline')?.textContent || ''), null, { timeout: 60000 });
  // Repeated runs, for the timing report (request to result in the page).
  const times = [first];
  const nextRun = async (change) => {
    const run = await page.getAttribute('#national-results', 'data-run');
    await change();
    await page.waitForFunction((r) => { const e = document.querySelector('#national-results'); return e && e.getAttribute('data-run') !== r; }, run, { timeout: 60000 });
  };
  // Adding a set makes it the target: a new run.
  await nextRun(() => page.check('#set-proposal-2012-10'));
  for (const set of ['2014-15', 'proposal-2012-10', '2013-14', '2014-15']) {
    const run = await page.getAttribute('#national-results', 'data-run');
    await page.selectOption('#target', set);
    await page.waitForFunction((r) => { const e = document.querySelector('#national-results'); return e && e.getAttribute('data-run') !== r; }, run, { timeout: 60000 });
    times.push(Number(await page.getAttribute('#national-results', 'data-ms')));
  }
  times.sort((x, y) => x - y);
  report.national_run_browser_ms_median = times[Math.floor(times.length / 2)];
  report.national_run_browser_ms_all = times;
  await page.screenshot({ path: path.join(shots, 'national-1280.png'), fullPage: false });
  await page.$eval('#national', (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(shots, 'national-1280-view.png') });
  await axe(page, 'national view');
  assert(page.errors.length === 0, `no errors: ${page.errors}`);
  await context.close();
  // At phone width.
  const phone = await open(375, 812);
  await phone.page.click('#national summary');
  await phone.page.waitForSelector('#national-headline', { timeout: 60000 });
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 1, `no sideways scrolling at 375px (${overflow}px)`);
  await phone.page.$eval('#national', (e) => e.scrollIntoView());
  await phone.page.screenshot({ path: path.join(shots, 'national-375.png') });
  await phone.context.close();
  // Offline, before the national view was ever used online: it says what
  // happened and offers to try again, which works once back online.
  const off = await open(1280);
  await off.context.setOffline(true);
  await off.page.click('#national summary');
  await off.page.waitForSelector('#national-error', { timeout: 30000 });
  const offline = await off.page.textContent('#national-error');
  assert(/offline/.test(offline) && !/Failed to fetch/.test(offline), `the offline failure is explained: ${offline}`);
  await off.context.setOffline(false);
  await off.page.click('#national-retry');
  await off.page.waitForSelector('#national-headline', { timeout: 60000 });
  off.page.errors = off.page.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
  assert(off.page.errors.length === 0, `no errors: ${off.page.errors}`);
  await off.context.close();
  // The worker's own script cannot be fetched (offline before the service
  // worker kept it): the view says so instead of waiting for ever, and a
  // retry starts a new worker once the script can be had.
  const cut = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const cutPage = await cut.newPage();
  watch(cutPage);
  await cutPage.goto(origin + '/');
  await cutPage.waitForSelector('#app .card-total', { timeout: 30000 });
  await cut.route('**/national-worker.js', (route) => route.abort('internetdisconnected'));
  await cutPage.click('#national summary');
  await cutPage.waitForSelector('#national-error', { timeout: 10000 });
  const cutText = await cutPage.textContent('#national-error');
  assert(/could not be loaded/.test(cutText), `a worker that cannot load is explained: ${cutText}`);
  await cut.unroute('**/national-worker.js');
  await cutPage.click('#national-retry');
  await cutPage.waitForSelector('#national-headline', { timeout: 60000 });
  cutPage.errors = cutPage.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e));
  assert(cutPage.errors.length === 0, `no errors: ${cutPage.errors}`);
  await cut.close();
  // A missing population: a clear message, and the rest of the app works.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpsim-nodata-'));
  fs.cpSync(dist, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'national'), { recursive: true });
  const site = await serve(dir);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const b = watch(await ctx.newPage());
  b.origins = [site.origin];
  await b.goto(site.origin + '/');
  await b.waitForSelector('#app .card-total', { timeout: 30000 });
  await b.click('#national summary');
  await b.waitForSelector('#national-error', { timeout: 30000 });
  assert((await b.textContent('#national-error')).includes('could not be loaded'), 'the missing data is named');
  await b.fill('#find-input', 'N81013');
  await b.waitForSelector('#find-problem', { timeout: 30000 });
  const t0 = await cardTotals(b);
  await b.fill('#f-list_size', '5000');
  await firstTotalChanges(b, t0);
  b.errors = b.errors.filter((e) => !/404|Failed to load resource/.test(e));
  assert(b.errors.length === 0, `no errors: ${b.errors}`);
  await ctx.close();
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

await journey('hosted in a folder of a site, the simulator, its embed and offline use all work there', async () => {
  const folder = '/news/graphics/gpsim';
  const site = await serve(dist, folder);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());
  page.origins = [site.origin];
  await page.goto(`${site.origin}${folder}/`);
  await page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  const before = await cardTotals(page);
  await page.fill('#f-list_size', '5000');
  await firstTotalChanges(page, before);
  const embed = watch(await context.newPage());
  embed.origins = [site.origin];
  await embed.goto(`${site.origin}${folder}/embed.html#v=1&s=2012-13,2014-15&t=2014-15`);
  await embed.waitForSelector('#embed .card-total', { timeout: 30000 });
  assert((await embed.getAttribute('#embed-full', 'href')).startsWith(`${site.origin}${folder}/#v=2&`), 'the embed links to the simulator in the same folder');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30000 });
  await context.setOffline(true);
  await site.close();
  await page.reload();
  await page.waitForSelector('#app #f-list_size', { timeout: 30000 });
  for (const p of [page, embed]) assert(p.errors.length === 0, `no errors: ${p.errors}`);
  await context.close();
});

await journey('works offline after one visit, through the service worker; without one it does not', async () => {
  // A copy of the site on a server of its own, which the test stops.
  const site = await serve(dist);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());
  page.origins = [site.origin];
  // Time to first result: from navigation start to the first total shown,
  // cold (nothing cached) and warm (from the service worker's cache); and
  // to the full app, whose editor is there.
  // Read in the frame the first total appears, before anything replaces it.
  const firstResult = async () => {
    const seen = await page.waitForFunction(() => {
      // Nothing is painted before the page's stylesheet (render-blocking)
      // has loaded, so nothing counts as shown before it either.
      if (![...document.styleSheets].some((s) => /styles-[0-9a-f]+\.css$/.test(s.href || ''))) return false;
      const cards = [...document.querySelectorAll('.card-total')].filter((e) => e.checkVisibility());
      return cards.length > 0 && {
        ms: Math.round(performance.now()),
        first: !!document.querySelector('#first-view .card-total'),
        totals: cards.map((e) => e.getAttribute('data-total')),
      };
    }, null, { timeout: 30000, polling: 'raf' });
    return seen.jsonValue();
  };
  const fullApp = async () => {
    await page.waitForFunction(() => document.querySelector('#app #f-list_size'), null, { timeout: 30000, polling: 'raf' });
    return page.evaluate(() => Math.round(performance.now()));
  };
  const small = (u) => /\/embed\/gpsim-embed-/.test(u);
  // A first visit with a link: the small module draws that link's headline
  // figures first, then the full app takes its place with the same figures.
  const link = '/#v=1&s=2012-13,2013-14,2014-15&t=2014-15&p.list_size=7321';
  // Watched from the moment the page commits, not from its load event
  // (which waits for app.css, loaded with the full app).
  await page.goto(site.origin + link, { waitUntil: 'commit' });
  const cold = await firstResult();
  report.first_result_cold_ms = cold.ms;
  report.full_app_cold_ms = await fullApp();
  assert(cold.first, `on a first visit the first result comes from the small module: ${JSON.stringify(cold)} ${page.errors} ${page.urls.map((u) => new URL(u).pathname)}`);
  assert(cold.totals.length === 3, `the link's three sets, got ${cold.totals}`);
  assert(JSON.stringify(await cardTotals(page)) === JSON.stringify(cold.totals), `the full app shows what the first view showed: ${cold.totals} then ${await cardTotals(page)}`);
  assert(await page.evaluate(() => !document.getElementById('first-view')), 'the first view has given way to the full app');
  const firstLoad = page.urls.map((u) => new URL(u).pathname);
  const at = (re) => firstLoad.findIndex((u) => re.test(u));
  assert(at(/_bg\.wasm$/) === at(/\/embed\/.*_bg\.wasm$/) && at(/\/gpsim-app-.*_bg\.wasm$/) > at(/\/embed\/.*_bg\.wasm$/), `the small module downloads before the full app's: ${firstLoad}`);
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30000 });
  // Once the service worker has the app, the full app starts at once.
  page.urls = [];
  await page.reload();
  const warm = await firstResult();
  report.first_result_warm_ms = warm.ms;
  assert(!warm.first && !page.urls.some(small), `a later visit starts the full app at once: ${page.urls.filter(small)}`);
  console.log(`     time to first result on localhost: cold ${report.first_result_cold_ms} ms (the full app ${report.full_app_cold_ms} ms), warm (service worker) ${report.first_result_warm_ms} ms`);
  await context.setOffline(true);
  await site.close();
  await page.reload();
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  const before = await cardTotals(page);
  await page.fill('#f-list_size', '9000');
  await firstTotalChanges(page, before);
  assert(page.errors.length === 0, `no errors offline: ${page.errors}`);
  await context.close();

  // The control: service workers blocked, the same steps fail to load.
  const site2 = await serve(dist);
  const control = await browser.newContext({ serviceWorkers: 'block' });
  const cpage = await control.newPage();
  await cpage.goto(site2.origin + '/');
  await cpage.waitForSelector('#app .card-total', { timeout: 30000 });
  await control.setOffline(true);
  await site2.close();
  let failed = '';
  try {
    await cpage.reload({ timeout: 10000 });
  } catch (e) {
    failed = String(e);
  }
  assert(/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(failed), `the control must fail offline, got: ${failed || 'a page'}`);
  await control.close();
});

await journey('on a slow phone connection (750 kbit/s, 100 ms, cold cache): the time to first text, first figures and the full simulator, for the opening page and the embed (measured, not timed)', async () => {
  // Chromium's own network emulation, through the DevTools protocol. The
  // times are the page's clock (performance.now(), from the start of the
  // navigation) when each first holds, polled every frame.
  const visit = async (url, width, steps, shot) => {
    const context = await browser.newContext({ viewport: { width, height: 812 } });
    const page = watch(await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 750000 / 8, uploadThroughput: 250000 / 8 });
    await page.goto(url, { waitUntil: 'commit' });
    // Each moment is watched from the start, side by side, so that taking
    // the picture of what a reader sees one second in delays none of them.
    const seen = Promise.all(steps.map(([, test]) => page.waitForFunction(test, null, { polling: 'raf', timeout: 120000 })
      .then((at) => at.jsonValue())));
    if (shot) {
      await page.waitForFunction(() => performance.now() >= 1000, null, { polling: 'raf', timeout: 30000 });
      await page.screenshot({ path: path.join(shots, shot) });
    }
    const out = {};
    (await seen).forEach((ms, i) => { out[steps[i][0]] = Math.round(ms); });
    out.bytes = await page.evaluate(() => performance.getEntriesByType('resource').reduce((n, r) => n + (r.transferSize || 0), 0)
      + (performance.getEntriesByType('navigation')[0]?.transferSize || 0));
    assert(page.errors.length === 0, `no errors: ${page.errors}`);
    await context.close();
    return out;
  };
  const text = () => document.body && document.body.innerText.trim().length > 0 && performance.now();
  const figures = () => document.querySelector('.card-total') && document.querySelector('.card-total').getBoundingClientRect().height > 0 && performance.now();
  const full = () => document.querySelector('#app .card-total') && !document.querySelector('#first-view') && document.querySelector('#f-list_size') && performance.now();
  const opening = await visit(origin + '/', 375, [['first_text_ms', text], ['first_figures_ms', figures], ['full_simulator_ms', full]], 'slow-750kbit-1s-375.png');
  const embed = await visit(origin + '/embed.html#v=1&s=2012-13,2013-14&t=2013-14', 375, [['first_text_ms', text], ['first_figures_ms', figures]]);
  report.slow_750kbit_opening = opening;
  report.slow_750kbit_embed = embed;
});

await journey('a new build replaces the old cache, and the page says a new version is ready', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpsim-site-'));
  fs.cpSync(dist, dir, { recursive: true });
  const site = await serve(dir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await context.newPage());
  page.origins = [site.origin];
  await page.goto(site.origin + '/');
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 30000 });
  const first = await page.evaluate(() => caches.keys());
  assert(first.length === 1, `one cache after the first visit: ${first}`);
  // "Deploy" a new build: a service worker with another version.
  const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  const version = /const VERSION = '([^']+)'/.exec(sw)[1];
  fs.writeFileSync(path.join(dir, 'sw.js'), sw.replace(version, version.split('').reverse().join('')));
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForSelector('#update-ready', { timeout: 30000 });
  assert((await page.textContent('#update-ready')).includes('new version'), 'the page says a new version is ready');
  await Promise.all([page.waitForNavigation({ timeout: 30000 }), page.click('#update-ready button')]);
  await page.waitForSelector('#app .card-total', { timeout: 30000 });
  const after = await page.evaluate(() => caches.keys());
  assert(after.length === 1 && after[0] !== first[0], `the old cache is gone: ${first} → ${after}`);
  await context.close();
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

await browser.close();
await main.close();
fs.writeFileSync(path.join(shots, 'report.json'), JSON.stringify({ results, report }, null, 2));
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length} of ${results.length} journeys passed; screenshots in ${path.relative(root, shots)}/`);
if (Object.keys(report).length) console.log('measured:', JSON.stringify(report));
process.exit(failed.length ? 1 : 0);
