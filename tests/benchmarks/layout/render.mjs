// Renders the layout benchmark pages in Debian's Chromium and reads their boxes back from the rendered DOM.
//
//   node render.mjs MANIFEST.json
//
// The manifest (written by layout_dataset.py) lists {id, dir, viewport, dprs}. Pages are served the
// way typography/render.mjs serves them (a fake origin, the page's folder and the pinned @fontsource
// files; every other request aborted and counted as a failure). Per page and DPR it writes
// <dir>/render-dpr<N>.png (the viewport) and <dir>/layout-dpr<N>.json: raw facts in CSS px (every box
// that is filled, bordered or shadowed or that has padding around content; the distances between
// siblings of flex, grid and block containers). layout_dataset.py turns them into the ground truth.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { chromium } from 'playwright-core';

const ORIGIN = 'http://layout.test/';
const TYPES = { '.html': 'text/html', '.css': 'text/css', '.woff2': 'font/woff2', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// Runs in the page.
function readLayout() {
  const vw = innerWidth, vh = innerHeight;
  const color = (c) => { // computed colours are rgb()/rgba()
    const m = c && c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const splitTop = (v) => { // split on commas outside parentheses
    const out = []; let depth = 0, cur = '';
    for (const ch of v) { if (ch === '(') depth++; if (ch === ')') depth--; if (ch === ',' && !depth) { out.push(cur); cur = ''; } else cur += ch; }
    if (cur.trim()) out.push(cur); return out.map((s) => s.trim());
  };
  const parseShadow = (v) => {
    if (!v || v === 'none') return [];
    return splitTop(v).map((layer) => {
      const m = layer.match(/rgba?\([^)]*\)/); const col = m ? color(m[0]) : [0, 0, 0, 1];
      const rest = (m ? layer.replace(m[0], ' ') : layer);
      const inset = /\binset\b/.test(rest);
      const n = rest.replace('inset', ' ').trim().split(/\s+/).filter(Boolean).map(parseFloat);
      return { offsetX: n[0] || 0, offsetY: n[1] || 0, blur: n[2] || 0, spread: n[3] || 0, color: col, inset };
    });
  };
  const opacityOf = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o; };
  const clipOf = (el) => { // the viewport, narrowed by every ancestor that clips its overflow
    let c = { l: 0, t: 0, r: vw, b: vh };
    for (let e = el.parentElement; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.position === 'fixed') break;
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = e.getBoundingClientRect();
        c = { l: Math.max(c.l, r.left), t: Math.max(c.t, r.top), r: Math.min(c.r, r.right), b: Math.min(c.b, r.bottom) };
      }
    }
    return c;
  };
  const radii = (s, w, h) => { // used radii per corner [rx, ry], CSS's overlap rule applied
    const corners = ['borderTopLeftRadius', 'borderTopRightRadius', 'borderBottomRightRadius', 'borderBottomLeftRadius'];
    const css = corners.map((k) => s[k]);
    const r = css.map((v) => { const parts = v.split(/\s+/); const one = (p, ref) => (p.endsWith('%') ? parseFloat(p) / 100 * ref : parseFloat(p) || 0);
      return [one(parts[0], w), one(parts[1] ?? parts[0], h)]; });
    // f = min(Li / Si) over the sides (CSS Backgrounds 3, 'corner curves overlap')
    const sums = [r[0][0] + r[1][0], r[1][1] + r[2][1], r[2][0] + r[3][0], r[3][1] + r[0][1]];
    const lens = [w, h, w, h];
    let f = 1; sums.forEach((sum, i) => { if (sum > 0) f = Math.min(f, lens[i] / sum); });
    return { used: r.map(([x, y]) => [x * f, y * f]), css };
  };
  // What is painted under a point, below `el` and its descendants: a colour (composited) or an image/gradient.
  const behind = (el, x, y) => {
    let acc = [0, 0, 0], a = 0;
    for (const e of document.elementsFromPoint(x, y)) {
      if (el && (e === el || el.contains(e))) continue;
      if (['IMG', 'CANVAS', 'VIDEO', 'svg'].includes(e.tagName)) return { kind: 'image' };
      const s = getComputedStyle(e), o = opacityOf(e);
      if (s.backgroundImage !== 'none') return { kind: s.backgroundImage.includes('url(') ? 'image' : 'gradient', under: a > 0 ? 'translucent' : null };
      const c = color(s.backgroundColor), ca = c[3] * o;
      if (ca > 0) { for (let i = 0; i < 3; i++) acc[i] += (1 - a) * ca * c[i]; a += (1 - a) * ca; }
      if (a > 0.999) break;
    }
    for (let i = 0; i < 3; i++) acc[i] += (1 - a) * 255; // the canvas is white
    return { kind: 'color', rgba: [...acc.map((v) => Math.round(v * 10) / 10), 1] };
  };
  const over = (c, back, o = 1) => { const a = c[3] * o; return [0, 1, 2].map((i) => c[i] * a + back[i] * (1 - a)); };
  const delta = (a, b) => Math.max(...[0, 1, 2].map((i) => Math.abs(a[i] - b[i])));
  const Phi = (z) => 1 / (1 + Math.exp(-1.702 * z)); // normal CDF, close enough for a visibility estimate

  const els = [...document.body.querySelectorAll('*')].filter((e) => !(e.closest('svg') && e.tagName !== 'svg') && !['SCRIPT', 'STYLE', 'BR'].includes(e.tagName));
  const info = new Map();
  // Pass 1: own facts.
  els.forEach((el, i) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const rec = { el, s, r, i, shown: s.display !== 'none' && s.visibility === 'visible' && r.width > 0 && r.height > 0 };
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    rec.ownInk = rec.shown && (text || ['IMG', 'svg', 'CANVAS', 'VIDEO'].includes(el.tagName));
    info.set(el, rec);
  });
  // ink: the element or a descendant shows something (text, image, icon, a visible box)
  for (let k = els.length - 1; k >= 0; k--) {
    const rec = info.get(els[k]);
    rec.ink = rec.ownInk || [...els[k].children].some((c) => info.get(c)?.ink && info.get(c)?.shown);
  }
  const boxes = [], ids = new Map(), elOf = [];
  for (const el of els) {
    const rec = info.get(el); const { s, r } = rec;
    if (!rec.shown) continue;
    const replaced = ['IMG', 'CANVAS', 'VIDEO'].includes(el.tagName);
    const bg = color(s.backgroundColor), bgImage = s.backgroundImage !== 'none';
    const sides = ['Top', 'Right', 'Bottom', 'Left'];
    const bw = sides.map((k) => (['none', 'hidden'].includes(s[`border${k}Style`]) ? 0 : parseFloat(s[`border${k}Width`])));
    const bc = sides.map((k) => color(s[`border${k}Color`]));
    const shadow = parseShadow(s.boxShadow);
    const pad = sides.map((k) => parseFloat(s[`padding${k}`]));
    const filled = replaced || bgImage || bg[3] > 0, bordered = bw.some((w, k) => w > 0 && bc[k][3] > 0);
    const isBox = filled || bordered || shadow.length > 0;
    const hasPad = pad.some((v) => v > 0) && rec.ink;
    const inkKids = [...el.children].filter((c) => info.get(c)?.shown && info.get(c)?.ink).length;
    const isFlow = inkKids >= 2 && ['flex', 'inline-flex', 'grid', 'inline-grid', 'block', 'flow-root', 'list-item'].includes(s.display);
    if (!isBox && !hasPad && !isFlow) continue;
    rec.isBox = isBox;
    const clip = clipOf(el);
    const vis = { l: Math.max(r.left, clip.l), t: Math.max(r.top, clip.t), r: Math.min(r.right, clip.r), b: Math.min(r.bottom, clip.b) };
    const visArea = Math.max(0, vis.r - vis.l) * Math.max(0, vis.b - vis.t);
    rec.visibleFrac = visArea / (r.width * r.height);
    if (visArea <= 0) continue;
    // Sample a 3x3 grid of the visible part: what is on top there?
    let covered = 0, probes = 0;
    for (const fx of [0.2, 0.5, 0.8]) for (const fy of [0.2, 0.5, 0.8]) {
      const x = vis.l + (vis.r - vis.l) * fx, y = vis.t + (vis.b - vis.t) * fy;
      const top = document.elementFromPoint(x, y); probes++;
      if (top && top !== el && !el.contains(top)) covered++;
    }
    rec.occluded = covered / probes;
    const cx = (vis.l + vis.r) / 2, cy = (vis.t + vis.b) / 2;
    const opacity = opacityOf(el);
    const back = isBox || hasPad ? behind(el, Math.min(vis.r - 1, vis.l + 1), Math.min(vis.b - 1, vis.t + 1)) : null;
    const backRgb = back && back.kind === 'color' ? back.rgba : null;
    // How far the box stands out from what is behind it (max channel difference, 0-255).
    let edge = null;
    if (isBox) {
      if (replaced || bgImage) edge = 255;
      else if (backRgb) {
        edge = bg[3] > 0 ? delta(over(bg, backRgb, opacity), backRgb) : 0;
        bw.forEach((w, k) => { if (w > 0) edge = Math.max(edge, delta(over(bc[k], backRgb, opacity), backRgb) * Math.min(1, w)); });
      } else edge = (bg[3] * opacity > 0.1 || bw.some((w, k) => w > 0 && bc[k][3] * opacity > 0.1)) ? 128 : 0;
    }
    // A shadow layer's strength: the darkest it gets just outside the box (inside for inset), in levels.
    for (const L of shadow) {
      const sig = L.blur / 2;
      const reach = Math.max(L.spread + L.offsetY, L.spread - L.offsetY, L.spread + L.offsetX, L.spread - L.offsetX);
      let peak;
      if (L.inset) peak = L.blur > 0 ? 0.5 : (reach > 0 ? 1 : 0);
      else peak = sig > 0 ? Phi(reach / sig) : (reach > 0 ? 1 : 0);
      L.strength = backRgb ? Math.round(L.color[3] * opacity * peak * delta(L.color, backRgb) * 10) / 10
        : Math.round(L.color[3] * opacity * peak * 128 * 10) / 10;
    }
    const rad = radii(s, r.width, r.height);
    // Padding: how far the content (in-flow children with ink, and text line boxes) sits from the padding edge.
    // Inline content (text, inline elements) sits in line boxes: a glyph run's rect is its content
    // area, the line box adds the half-leading of the block's line-height (the strut) or the inline's own.
    let content = null, slack = 0;
    const grow = (l, t, rr, b) => { content = content ? { l: Math.min(content.l, l), t: Math.min(content.t, t), r: Math.max(content.r, rr), b: Math.max(content.b, b) } : { l, t, r: rr, b }; };
    const lhOf = (st) => (st.lineHeight === 'normal' ? null : parseFloat(st.lineHeight));
    const flexish = ['flex', 'inline-flex', 'grid', 'inline-grid'].includes(s.display);
    const inlineRun = (q, lhs) => {
      const lh = Math.max(0, ...lhs.filter((v) => v !== null));
      const half = lh ? Math.max(0, (lh - q.height) / 2) : 0;
      slack = Math.max(slack, half);
      grow(q.left, q.top - half, q.right, q.bottom + half);
    };
    for (const ch of el.childNodes) {
      if (ch.nodeType === 3 && ch.textContent.trim()) {
        const range = document.createRange(); range.selectNodeContents(ch);
        for (const q of range.getClientRects()) if (q.width) inlineRun(q, [lhOf(s)]);
      } else if (ch.nodeType === 1) {
        const c = info.get(ch); if (!c || !c.shown || !c.ink) continue;
        if (['absolute', 'fixed'].includes(c.s.position)) continue;
        if (!flexish && c.s.display === 'inline') {
          for (const q of ch.getClientRects()) if (q.width) inlineRun(q, [lhOf(s), lhOf(c.s)]);
        } else grow(c.r.left, c.r.top, c.r.right, c.r.bottom);
      }
    }
    const inner = { l: r.left + bw[3], t: r.top + bw[0], r: r.right - bw[1], b: r.bottom - bw[2] };
    // The first line box starts at the content edge and an auto height ends at the last one: where the
    // estimate is within its own uncertainty (the half-leading, baseline shifts) of the content box, it is on it.
    if (content && slack > 0) {
      const ct = inner.t + pad[0], cb = inner.b - pad[2];
      if (Math.abs(content.t - ct) <= slack + 1) content.t = ct;
      if (Math.abs(content.b - cb) <= slack + 1) content.b = cb;
    }
    const inset = content ? [content.t - inner.t, inner.r - content.r, inner.b - content.b, content.l - inner.l] : null;
    // Is the padding strip on each side in view and not covered by something else?
    const padSeen = inset ? [0, 1, 2, 3].map((k) => {
      if (pad[k] <= 0) return false;
      const x = k === 1 ? inner.r - pad[k] / 2 : k === 3 ? inner.l + pad[k] / 2 : (Math.max(inner.l, clip.l) + Math.min(inner.r, clip.r)) / 2;
      const y = k === 0 ? inner.t + pad[k] / 2 : k === 2 ? inner.b - pad[k] / 2 : (Math.max(inner.t, clip.t) + Math.min(inner.b, clip.b)) / 2;
      if (x < clip.l || x > clip.r || y < clip.t || y > clip.b) return false;
      const top = document.elementFromPoint(x, y);
      return !!top && (top === el || el.contains(top));
    }) : null;
    const id = boxes.length; ids.set(el, id); elOf.push(el);
    boxes.push({
      id, tag: el.tagName.toLowerCase(), kind: el.getAttribute('data-box'), display: s.display, position: s.position,
      rect: [r.left, r.top, r.width, r.height], visibleFrac: Math.round(rec.visibleFrac * 1e4) / 1e4, occluded: rec.occluded,
      isBox, fill: replaced ? { kind: 'image' } : bgImage ? { kind: s.backgroundImage.includes('url(') ? 'image' : 'gradient' }
        : bg[3] > 0 ? { kind: 'color', rgba: bg } : { kind: 'none' },
      border: { widths: bw, colors: bc }, radiusUsed: rad.used, radiusCss: rad.css, shadow, opacity,
      behind: back, edge, padding: pad, inset, padSeen, ink: rec.ink,
      gap: [s.rowGap === 'normal' ? 0 : parseFloat(s.rowGap), s.columnGap === 'normal' ? 0 : parseFloat(s.columnGap)],
      margin: ['Top', 'Right', 'Bottom', 'Left'].map((k) => parseFloat(s[`margin${k}`])),
      layout: el.getAttribute('data-layout'),
    });
  }
  // Parents (nearest dumped ancestor) and the nearest ancestor that is a box that stands out.
  for (const b of boxes) {
    const el = elOf[b.id];
    let p = el.parentElement; while (p && !ids.has(p)) p = p.parentElement;
    b.parent = p ? ids.get(p) : null;
  }
  // Distances between consecutive siblings with ink, along the flow of their container.
  const spacings = [];
  const seenAt = (container, x, y) => { // the point is in view and shows the container (or what is behind it)
    if (x < 0 || y < 0 || x > vw || y > vh) return false;
    const top = document.elementFromPoint(x, y);
    return !!top && (top === container || top.contains(container));
  };
  for (const el of els) {
    const rec = info.get(el); if (!rec.shown || !ids.has(el)) continue;
    const s = rec.s, disp = s.display;
    const kids = [...el.children].map((c) => info.get(c)).filter((c) => c && c.shown && c.ink && !['absolute', 'fixed'].includes(c.s.position));
    if (kids.length < 2) continue;
    const rowGap = s.rowGap === 'normal' ? 0 : parseFloat(s.rowGap), colGap = s.columnGap === 'normal' ? 0 : parseFloat(s.columnGap);
    const push = (a, b, axis, expected, how) => {
      const A = a.r, B = b.r;
      const d = axis === 'x' ? B.left - A.right : B.top - A.bottom;
      if (d <= 0.01) return;
      const x = axis === 'x' ? (A.right + B.left) / 2 : (Math.max(A.left, B.left) + Math.min(A.right, B.right)) / 2;
      const y = axis === 'y' ? (A.bottom + B.top) / 2 : (Math.max(A.top, B.top) + Math.min(A.bottom, B.bottom)) / 2;
      spacings.push({ container: ids.get(el), kind: how, axis, value: Math.round(d * 1000) / 1000, css: expected,
        flush: Math.abs(d - expected) <= 0.5, seen: seenAt(el, x, y), between: [ids.get(a.el) ?? null, ids.get(b.el) ?? null],
        section: el.getAttribute('data-layout') === 'sections' });
    };
    const mg = (c, k) => parseFloat(c.s[`margin${k}`]) || 0;
    const lines = (items, axis) => { // group items into lines across the flow (rows for axis x)
      const out = [];
      for (const it of [...items].sort((p, q) => (axis === 'x' ? p.r.top - q.r.top : p.r.left - q.r.left))) {
        const line = out.find((L) => L.some((o) => (axis === 'x' ? (it.r.top < o.r.bottom - 1 && it.r.bottom > o.r.top + 1) : (it.r.left < o.r.right - 1 && it.r.right > o.r.left + 1))));
        if (line) line.push(it); else out.push([it]);
      }
      return out;
    };
    if (disp === 'flex' || disp === 'inline-flex') {
      const axis = s.flexDirection.startsWith('row') ? 'x' : 'y';
      const mainGap = axis === 'x' ? colGap : rowGap, crossGap = axis === 'x' ? rowGap : colGap;
      const ls = lines(kids, axis);
      for (const L of ls) {
        L.sort((p, q) => (axis === 'x' ? p.r.left - q.r.left : p.r.top - q.r.top));
        for (let k = 1; k < L.length; k++) {
          const a = L[k - 1], b = L[k];
          const m = axis === 'x' ? mg(a, 'Right') + mg(b, 'Left') : mg(a, 'Bottom') + mg(b, 'Top');
          push(a, b, axis, mainGap + m, 'gap');
        }
      }
      if (ls.length > 1) { // wrapped lines: the cross gap between consecutive lines
        const ext = ls.map((L) => (axis === 'x' ? { s: Math.min(...L.map((c) => c.r.top)), e: Math.max(...L.map((c) => c.r.bottom)), c: L[0] }
          : { s: Math.min(...L.map((c) => c.r.left)), e: Math.max(...L.map((c) => c.r.right)), c: L[0] })).sort((p, q) => p.s - q.s);
        for (let k = 1; k < ext.length; k++) {
          const d = ext[k].s - ext[k - 1].e; if (d <= 0.01) continue;
          spacings.push({ container: ids.get(el), kind: 'gap', axis: axis === 'x' ? 'y' : 'x', value: Math.round(d * 1000) / 1000,
            css: crossGap, flush: Math.abs(d - crossGap) <= 0.5, seen: true, between: [null, null], section: false });
        }
      }
    } else if (disp === 'grid' || disp === 'inline-grid') {
      for (const L of lines(kids, 'x')) {
        L.sort((p, q) => p.r.left - q.r.left);
        for (let k = 1; k < L.length; k++) push(L[k - 1], L[k], 'x', colGap, 'gap');
      }
      const rows = lines(kids, 'x').map((L) => ({ t: Math.min(...L.map((c) => c.r.top)), b: Math.max(...L.map((c) => c.r.bottom)), L }))
        .sort((p, q) => p.t - q.t);
      for (let k = 1; k < rows.length; k++) {
        const d = rows[k].t - rows[k - 1].b; if (d <= 0.01) continue;
        const A = rows[k - 1].L[0], B = rows[k].L.find((c) => c.r.left < A.r.right && c.r.right > A.r.left) || rows[k].L[0];
        spacings.push({ container: ids.get(el), kind: 'gap', axis: 'y', value: Math.round(d * 1000) / 1000, css: rowGap,
          flush: Math.abs(d - rowGap) <= 0.5, seen: seenAt(el, (A.r.left + A.r.right) / 2, (rows[k - 1].b + rows[k].t) / 2),
          between: [ids.get(A.el) ?? null, ids.get(B.el) ?? null], section: false });
      }
    } else if (['block', 'flow-root', 'list-item'].includes(disp)) {
      const blocks = kids.filter((c) => !c.s.display.startsWith('inline') && c.s.float === 'none').sort((p, q) => p.r.top - q.r.top);
      for (let k = 1; k < blocks.length; k++) {
        const a = blocks[k - 1], b = blocks[k];
        if (!(a.r.left < b.r.right && a.r.right > b.r.left)) continue;
        const m = Math.max(mg(a, 'Bottom'), mg(b, 'Top'));
        push(a, b, 'y', m, 'stack');
      }
    }
  }
  return { boxes, spacings, viewport: [vw, vh] };
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
    const dom = await tab.evaluate(readLayout);
    dom.missing = missing;
    dom.faces = await tab.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').map((f) => `${f.family} ${f.weight}`));
    if (missing.length || dom.faces.length) failures.push(`${page.id} @${dpr}x: ${[...missing, ...dom.faces].join(' ')}`);
    writeFileSync(join(page.dir, `layout-dpr${dpr}.json`), JSON.stringify(dom));
    await context.close();
  }
  process.stdout.write('.');
}
await browser.close();
process.stdout.write('\n');
if (failures.length) { console.error('asset failures:\n' + failures.join('\n')); process.exit(1); }
