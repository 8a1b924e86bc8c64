// Renders the pixel palette's web pages in Debian's Chromium at several device pixel ratios.
//
//   node render.mjs MANIFEST.json
//
// The manifest (written by pixel_web_dataset.py) lists {id, dir, viewport, dprs}. Pages are served
// from a fake origin through a route handler: the page's folder (its generated photos) and the pinned
// @fontsource woff2 files under /fonts/; every other request is aborted and fails the run. Per page
// and DPR it writes <dir>/render-dpr<N>.png (the viewport) and <dir>/regions-dpr<N>.json: the CSS-px
// boxes of every element marked data-imagery (photos, illustrations, gradients), which the dataset
// turns into the "at most one colour each" allowance of the scoring.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';

const ORIGIN = 'http://palette.test/';
const TYPES = { '.html': 'text/html', '.woff2': 'font/woff2', '.png': 'image/png', '.jpg': 'image/jpeg' };
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--font-render-hinting=none', '--disable-gpu'] });
let failures = 0;
for (const p of manifest.pages) {
  for (const dpr of p.dprs) {
    const ctx = await browser.newContext({ viewport: p.viewport, deviceScaleFactor: dpr });
    const page = await ctx.newPage();
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(ORIGIN)) { failures++; console.error('blocked', url); return route.abort(); }
      const path = decodeURIComponent(url.slice(ORIGIN.length));
      const file = path.startsWith('fonts/') ? join(manifest.fonts, path.slice(6)) : join(p.dir, path || 'index.html');
      try { await route.fulfill({ body: readFileSync(file), contentType: TYPES[extname(file)] || 'application/octet-stream' }); }
      catch (e) { failures++; console.error('missing', file); await route.abort(); }
    });
    await page.goto(ORIGIN + 'index.html');
    await page.evaluate(async () => { await document.fonts.ready; });
    const regions = await page.evaluate(() => [...document.querySelectorAll('[data-imagery]')].map((e) => {
      const r = e.getBoundingClientRect(); return { kind: e.dataset.imagery, rect: [r.left, r.top, r.width, r.height] }; }));
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').length);
    if (loaded) { failures++; console.error('font failed on', p.id); }
    await page.screenshot({ path: join(p.dir, `render-dpr${dpr}.png`) });
    writeFileSync(join(p.dir, `regions-dpr${dpr}.json`), JSON.stringify(regions));
    await ctx.close();
  }
}
await browser.close();
if (failures) { console.error(`${failures} failures`); process.exit(1); }
