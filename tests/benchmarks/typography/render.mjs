// Renders the benchmark pages in Debian's Chromium and reads their text back from the rendered DOM.
//
//   node render.mjs MANIFEST.json
//
// The manifest (written by typography_dataset.py) lists {id, dir, viewport, dprs}. Each page is served
// from a fake origin (http://typo.test/) through a route handler: the page's own folder, and the
// pinned @fontsource woff2 files under /fonts/. Every other request is aborted, so nothing leaves the
// machine and nothing a page needs can silently go missing.
// Per page and DPR it writes <dir>/render-dpr<N>.png (the viewport screenshot) and
// <dir>/dom-dpr<N>.json (raw facts per text line, in CSS px; typography_dataset.py turns those into
// the ground truth). A page whose text is drawn by any face other than the one its CSS names (a web
// font that failed, a glyph missing from the font) fails the whole run: that ground truth would lie.
// A manifest with systemStacks (the calibration set) lets text whose CSS names such a stack (system-ui,
// Georgia, …) be drawn with one of systemFaces, Debian's installed faces, on purpose; nothing else may be.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';

const ORIGIN = 'http://typo.test/';
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.woff2': 'font/woff2', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const systemStacks = new Set(manifest.systemStacks || []), systemFaces = new Set(manifest.systemFaces || []);

// Runs in the page: every visible line of every text node, with the computed style behind it.
// withFamilies: also the first family each text element and its descendants name (for system stacks).
function readLines(withFamilies) {
  const vw = innerWidth, vh = innerHeight;
  const alpha = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const px = (v) => (v === 'normal' ? 0 : parseFloat(v));
  const blockOf = (el) => { for (let e = el; e; e = e.parentElement) {
    const d = getComputedStyle(e).display; if (!d.startsWith('inline') && d !== 'contents') return e; } return document.body; };
  const opacityOf = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o; };
  const clipOf = (el) => { // the viewport, narrowed by every ancestor that clips its overflow
    let c = { l: 0, t: 0, r: vw, b: vh };
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.contain.includes('paint')) {
        const r = e.getBoundingClientRect();
        c = { l: Math.max(c.l, r.left), t: Math.max(c.t, r.top), r: Math.min(c.r, r.right), b: Math.min(c.b, r.bottom) };
      }
    }
    return c;
  };
  const normalLineHeight = (s) => { // the line box 'line-height: normal' gives this face at this size
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;left:-9999px;top:0;white-space:nowrap;line-height:normal;';
    for (const k of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontStretch']) probe.style[k] = s[k];
    probe.textContent = 'Hxgy';
    document.body.appendChild(probe); const h = probe.getBoundingClientRect().height; probe.remove(); return h;
  };
  const behind = (el, x, y) => { // what the text is painted over: the first opaque thing under it
    for (const e of document.elementsFromPoint(x, y)) {
      if (e !== el && el.contains(e)) continue; // the text's own inline children
      if (['IMG', 'CANVAS', 'VIDEO', 'svg'].includes(e.tagName)) return { kind: 'image' };
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return { kind: s.backgroundImage.includes('gradient(') && !s.backgroundImage.includes('url(') ? 'gradient' : 'image' };
      const c = alpha(s.backgroundColor); if (c[3] > 0) return { kind: 'color', rgba: c };
    }
    return { kind: 'color', rgba: [255, 255, 255, 1] }; // the canvas
  };

  const lines = [], tids = new Map(), blocks = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node; (node = walker.nextNode());) {
    const text = node.textContent, el = node.parentElement;
    if (!text.trim() || el.closest('script,style,noscript,svg,[aria-hidden="true"]')) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible' || s.display === 'none') continue;
    const gradientText = s.webkitTextFillColor && alpha(s.webkitTextFillColor)[3] === 0 && s.backgroundClip === 'text';
    const color = alpha(s.webkitTextFillColor || s.color), opacity = opacityOf(el);
    if (!gradientText && color[3] * opacity < 0.05) continue;
    // Per character, so each line knows its own text; consecutive characters on one line merge.
    const runs = [];
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.width === 0 || r.height === 0) continue;
      const last = runs[runs.length - 1];
      if (last && Math.abs(r.top - last.t) < r.height / 2 && r.left >= last.r - r.height) {
        last.r = Math.max(last.r, r.right); last.b = Math.max(last.b, r.bottom); last.text += text[i];
      } else runs.push({ l: r.left, t: r.top, r: r.right, b: r.bottom, text: text[i] });
    }
    if (!runs.length) continue;
    const clip = clipOf(el);
    if (!tids.has(el)) { tids.set(el, tids.size); el.setAttribute('data-tid', String(tids.get(el))); }
    const block = blockOf(el);
    if (!blocks.has(block)) blocks.set(block, { id: blocks.size, tops: new Set() });
    const lh = s.lineHeight === 'normal' ? normalLineHeight(s) : parseFloat(s.lineHeight);
    for (const run of runs) {
      if (!run.text.trim()) continue;
      const h = run.b - run.t;
      const l = Math.max(run.l, clip.l), r = Math.min(run.r, clip.r), t = Math.max(run.t, clip.t), b = Math.min(run.b, clip.b);
      if (r - l <= 0 || b - t <= 0) continue;
      // Clipped: glyphs cut across their height, or under ~2 em of the line left in sight. A line cut
      // short sideways (an ellipsis, the viewport's edge) still shows its size, so it is not.
      const clipped = b - t < h - 0.5 || r - l < Math.min(run.r - run.l, 2 * h);
      const cx = (l + r) / 2, cy = (t + b) / 2;
      const probes = [[cx, cy], [l + 2, cy], [r - 2, cy]];
      const seen = probes.some(([x, y]) => { const top = document.elementFromPoint(x, y); return top && (top === el || el.contains(top) || top.contains(el)); });
      if (!seen) continue; // painted over by something else
      blocks.get(block).tops.add(Math.round(run.t));
      lines.push({
        text: run.text.replace(/\s+/g, ' ').trim(), box: [l, t, r - l, b - t], clipped,
        tid: tids.get(el), block: blocks.get(block).id, tag: el.tagName.toLowerCase(),
        role: el.closest('[data-role]')?.getAttribute('data-role') || null,
        inNav: !!el.closest('nav'), inFooter: !!el.closest('footer'), inButton: !!el.closest('button,[data-role="button"]'),
        family: s.fontFamily, fontSize: parseFloat(s.fontSize), fontWeight: Number(s.fontWeight), fontStyle: s.fontStyle,
        lineHeightPx: lh, lineHeightNormal: s.lineHeight === 'normal', letterSpacing: px(s.letterSpacing),
        textTransform: s.textTransform, numeric: s.fontVariantNumeric, color: gradientText ? null : color,
        gradientText: !!gradientText, opacity, background: behind(el, cx, cy),
      });
    }
  }
  for (const line of lines) {
    const block = [...blocks.values()].find((b) => b.id === line.block);
    line.multiline = block.tops.size > 1;
  }
  const faces = [...document.fonts].map((f) => ({ family: f.family, weight: f.weight, style: f.style, status: f.status }));
  if (!withFamilies) return { lines, faces, textNodes: tids.size };
  const first = (e) => getComputedStyle(e).fontFamily.split(',')[0].trim().replace(/^["']|["']$/g, '');
  const subtreeFamilies = {};
  for (const [el, tid] of tids) subtreeFamilies[tid] = [...new Set([el, ...el.querySelectorAll('*')].map(first))];
  return { lines, faces, textNodes: tids.size, subtreeFamilies };
}

// The faces Chromium actually drew each element's text with (DevTools' "Rendered Fonts").
async function usedFonts(cdp, count) {
  await cdp.send('DOM.enable'); await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const fonts = {};
  for (let tid = 0; tid < count; tid++) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `[data-tid="${tid}"]` });
    fonts[tid] = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
  }
  return fonts;
}

async function serve(route, root) {
  const url = new URL(route.request().url());
  if (url.origin + '/' !== ORIGIN) return route.abort();
  const path = decodeURIComponent(url.pathname);
  const file = path.startsWith('/fonts/') ? join(manifest.fonts, path.slice(7)) : join(root, path === '/' ? 'index.html' : path);
  try {
    return route.fulfill({ status: 200, body: readFileSync(file), contentType: TYPES[extname(file)] || 'application/octet-stream' });
  } catch {
    return route.fulfill({ status: 404, body: 'missing ' + path });
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox',
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--font-render-hinting=none', '--force-color-profile=srgb', '--hide-scrollbars'] });
const failures = [];
for (const page of manifest.pages) {
  for (const dpr of page.dprs) {
    const context = await browser.newContext({ viewport: page.viewport, deviceScaleFactor: dpr });
    const missing = [];
    await context.route('**/*', (route) => serve(route, page.dir));
    const tab = await context.newPage();
    tab.on('requestfailed', (r) => missing.push(r.url()));
    tab.on('response', (r) => { if (r.status() >= 400) missing.push(r.url()); });
    await tab.goto(ORIGIN, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready);
    await tab.screenshot({ path: join(page.dir, `render-dpr${dpr}.png`), animations: 'disabled', caret: 'hide' });
    const dom = await tab.evaluate(readLines, systemStacks.size > 0);
    const cdp = await context.newCDPSession(tab);
    dom.usedFonts = await usedFonts(cdp, dom.textNodes);
    dom.missing = missing;
    dom.userAgent = await tab.evaluate(() => navigator.userAgent);
    const bad = dom.faces.filter((f) => f.status === 'error').map((f) => `${f.family} ${f.weight} ${f.style}`);
    for (const [tid, fonts] of Object.entries(dom.usedFonts)) {
      const line = dom.lines.find((l) => l.tid === Number(tid));
      if (!line) continue;
      const want = line.family.split(',')[0].trim().replace(/^["']|["']$/g, '');
      // fontsource's static files name themselves oddly ("Nunito ExtraLight Medium"), and an element's
      // list covers its descendants' text too: what must never appear is a system face standing in.
      const namesStack = (dom.subtreeFamilies?.[tid] || []).some((f) => systemStacks.has(f));
      const other = fonts.filter((f) => !f.isCustomFont && !f.familyName.startsWith(want) && f.glyphCount > 0
        && !(namesStack && systemFaces.has(f.familyName)));
      if (other.length) bad.push(`"${line.text.slice(0, 30)}" wants ${want}, drawn with ${other.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ')}`);
      // A weight or style the family does not have would be synthesised (fake bold, slanted roman):
      // the computed weight would then not be the drawn one. Every web face used must be declared.
      const custom = fonts.some((f) => f.isCustomFont);
      const face = dom.faces.find((f) => f.family.replace(/^["']|["']$/g, '') === want && Number(f.weight) === line.fontWeight
        && (f.style === 'normal') === (line.fontStyle === 'normal') && f.status === 'loaded');
      if (custom && !face) bad.push(`"${line.text.slice(0, 30)}" wants ${want} ${line.fontWeight} ${line.fontStyle}: no such face loaded`);
      // A system stack: some installed face drawn must be of the line's weight and style (the stacks
      // use 400 and 700 only, Regular/Book and Bold), or Chromium synthesised it.
      if (systemStacks.has(want)) {
        const bold = line.fontWeight >= 600, slanted = line.fontStyle !== 'normal';
        const real = fonts.some((f) => !f.isCustomFont && systemFaces.has(f.familyName) && f.glyphCount > 0
          && /Bold/.test(f.postScriptName) === bold && /Italic|Oblique/.test(f.postScriptName) === slanted);
        if (!real) bad.push(`"${line.text.slice(0, 30)}" wants ${want} ${line.fontWeight} ${line.fontStyle}: drawn with ${fonts.map((f) => f.postScriptName).join(', ')}`);
      }
    }
    if (missing.length) bad.push('requests failed: ' + missing.join(' '));
    if (bad.length) failures.push(`${page.id} @${dpr}x: ${bad.join('; ')}`);
    writeFileSync(join(page.dir, `dom-dpr${dpr}.json`), JSON.stringify(dom));
    await context.close();
  }
  process.stdout.write('.');
}
await browser.close();
process.stdout.write('\n');
if (failures.length) { console.error('font or asset failures:\n' + failures.join('\n')); process.exit(1); }
