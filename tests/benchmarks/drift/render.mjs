// Renders the drift benchmark pages in Debian's Chromium: per page the original and each recoloured
// variant (one target's background, or with `prop: "color"` its text, set to another colour in the
// same loaded page, so nothing else moves), and the original at device-pixel ratio 2.
//
//   node render.mjs MANIFEST.json
//
// The manifest (written by drift_benchmark.py) lists {fonts, pages: [{id, dir, variants: [{name,
// target, hex}]}]}. Pages are served the way typography/render.mjs serves them: a fake origin, the
// page's folder and the pinned @fontsource files; any other request fails the run. Per page it writes
// <dir>/<variant>.png, <dir>/orig-dpr2.png and <dir>/targets.json (each target's box in CSS px).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';

const ORIGIN = 'http://drift.test/';
const TYPES = { '.html': 'text/html', '.woff2': 'font/woff2' };
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));

async function serve(route, root, missing) {
  const url = new URL(route.request().url());
  if (url.origin + '/' !== ORIGIN) { missing.push(url.href); return route.abort(); }
  const path = decodeURIComponent(url.pathname);
  const file = path.startsWith('/fonts/') ? join(manifest.fonts, path.slice(7)) : join(root, path === '/' ? 'index.html' : path);
  try {
    return route.fulfill({ status: 200, body: readFileSync(file), contentType: TYPES[extname(file)] || 'application/octet-stream' });
  } catch {
    missing.push(path);
    return route.fulfill({ status: 404, body: 'missing ' + path });
  }
}

async function open(browser, page, dpr, missing) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: dpr });
  await context.route('**/*', (route) => serve(route, page.dir, missing));
  const tab = await context.newPage();
  await tab.goto(ORIGIN, { waitUntil: 'load' });
  await tab.evaluate(() => document.fonts.ready);
  const failed = await tab.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').map((f) => f.family));
  missing.push(...failed);
  return { context, tab };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--font-render-hinting=none', '--force-color-profile=srgb', '--hide-scrollbars'] });
const failures = [];
for (const page of manifest.pages) {
  const missing = [];
  const { context, tab } = await open(browser, page, 1, missing);
  const shot = (name) => tab.screenshot({ path: join(page.dir, `${name}.png`), animations: 'disabled', caret: 'hide' });
  await shot('orig');
  const targets = await tab.evaluate(() => Object.fromEntries(['t02', 't1', 't5', 'tx'].map((id) => {
    const r = document.getElementById(id).getBoundingClientRect(); return [id, [r.left, r.top, r.width, r.height]]; })));
  writeFileSync(join(page.dir, 'targets.json'), JSON.stringify(targets));
  for (const v of page.variants) {
    const prop = v.prop || 'backgroundColor';
    await tab.evaluate(([id, p, hex]) => { document.getElementById(id).style[p] = hex; }, [v.target, prop, v.hex]);
    await shot(v.name);
    await tab.evaluate(([id, p]) => { document.getElementById(id).style[p] = ''; }, [v.target, prop]);
  }
  await context.close();
  const two = await open(browser, page, 2, missing);
  await two.tab.screenshot({ path: join(page.dir, 'orig-dpr2.png'), animations: 'disabled', caret: 'hide' });
  await two.context.close();
  if (missing.length) failures.push(`${page.id}: ${missing.join(' ')}`);
  process.stdout.write('.');
}
await browser.close();
process.stdout.write('\n');
if (failures.length) { console.error('asset failures:\n' + failures.join('\n')); process.exit(1); }
