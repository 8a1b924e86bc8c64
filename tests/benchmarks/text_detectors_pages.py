"""A few screenshots rendered here, for the detector speed runs and for developing the classical detector.

    python tests/benchmarks/text_detectors_pages.py [OUT_DIR [PAGE ...]]   (default /work/venvs/td-pages)

Web fonts: `npm install @fontsource/inter @fontsource/roboto @fontsource/merriweather
@fontsource/jetbrains-mono @fontsource/poppins @fontsource/playfair-display` in /work/venvs/td-fonts.

NOT the accuracy benchmark (that is the shared dataset, /work/data/typography/): these pages are
only what the classical detector was tuned on, so its accuracy on the shared dataset is measured on
images it never saw.

Each page is rendered by Debian's headless Chromium at 1280x900, DPR 1 and 2. Ground truth per text
line: the layout box (Range client rects of each character, grouped by line top, one line per text
node per visual line) and the ink box (pixels that change between the render and a second render
with every text colour transparent, inside the layout box grown by 2 CSS px sideways).
Three text-free images too: UI chrome (boxes, borders, icons, toggles), an SVG illustration, and
a photo-like numpy image (blobs, hills, texture, sensor noise).
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

CHROME = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
          "--window-size=1280,900", "--virtual-time-budget=5000"]  # the budget lets web fonts load before the DOM is read

WORDS = ("design token color palette spacing button primary secondary account billing settings profile "
         "analytics revenue growth users active monthly report export import project library overview "
         "dashboard search filter status pending complete archive message team invite workspace plan "
         "upgrade pricing feature security privacy support documentation release notes version").split()

GT_JS = r"""
<script>
document.fonts.ready.then(function(){
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const t = n.textContent; if (!t.trim()) continue;
    const st = getComputedStyle(n.parentElement);
    if (st.visibility === 'hidden' || st.display === 'none') continue;
    let cur = null;
    for (let i = 0; i < t.length; i++) {
      if (!t[i].trim()) continue;
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const b = r.getBoundingClientRect(); if (b.width === 0) continue;
      if (cur && Math.abs(b.top - cur.top) < 2) {
        cur.x0 = Math.min(cur.x0, b.left); cur.x1 = Math.max(cur.x1, b.right);
        cur.y0 = Math.min(cur.y0, b.top); cur.y1 = Math.max(cur.y1, b.bottom); cur.text += t[i];
      } else {
        if (cur) out.push(cur);
        cur = {top: b.top, x0: b.left, x1: b.right, y0: b.top, y1: b.bottom, text: t[i],
               font_px: parseFloat(st.fontSize), weight: st.fontWeight};
      }
    }
    if (cur) out.push(cur);
  }
  document.documentElement.setAttribute('data-gt', JSON.stringify(out));
});
</script>"""


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def page_text(seed: int) -> str:
    rng = random.Random(seed)
    font = rng.choice(["DejaVu Sans", "Liberation Sans", "Liberation Serif", "DejaVu Serif", "Liberation Sans Narrow"])
    dark = seed % 3 == 2
    bg, fg, muted, card = (("#0f172a", "#e2e8f0", "#94a3b8", "#1e293b") if dark
                           else ("#ffffff", "#111827", "#6b7280", "#f3f4f6"))
    accent = rng.choice(["#2563eb", "#7c3aed", "#059669", "#dc2626", "#ea580c"])
    p = [f"<html><head><style>body{{margin:0;background:{bg};color:{fg};font-family:'{font}'}}"
         f".muted{{color:{muted}}} .card{{background:{card};border-radius:8px;padding:16px;margin:8px;display:inline-block;vertical-align:top;width:250px}}"
         f".btn{{background:{accent};color:#fff;border-radius:6px;padding:8px 14px;display:inline-block;margin:4px}}"
         f"nav span{{margin-right:28px}} td{{padding:4px 16px 4px 0}}</style></head><body>"]
    p.append(f"<nav style='background:{card};padding:14px 24px;font-size:{rng.choice([13, 14, 15])}px'>"
             + "".join(f"<span>{rng.choice(WORDS).capitalize()}</span>" for _ in range(6)) + "</nav>")
    p.append(f"<div style='padding:24px 32px'>")
    p.append(f"<div style='font-size:{rng.choice([44, 52, 60, 72])}px;font-weight:700;line-height:1.15'>{words(rng, 4)}</div>")
    p.append(f"<div class=muted style='font-size:{rng.choice([18, 20, 22])}px;margin:10px 0 16px;max-width:760px'>{words(rng, 22)}</div>")
    p.append("".join(f"<span class=btn style='font-size:{rng.choice([13, 14, 16])}px'>{words(rng, 2)}</span>" for _ in range(3)))
    p.append("<div style='margin-top:16px'>")
    for _ in range(4):
        p.append(f"<div class=card><div style='font-size:{rng.choice([12, 13])}px' class=muted>{words(rng, 2).upper()}</div>"
                 f"<div style='font-size:{rng.choice([28, 32, 36])}px;font-weight:600'>{rng.randint(10, 99999):,}</div>"
                 f"<div style='font-size:{rng.choice([14, 15, 16])}px;line-height:1.5'>{words(rng, 14)}</div>"
                 f"<div style='font-size:{rng.choice([10, 11])}px' class=muted>{words(rng, 5)}</div></div>")
    p.append("</div><table style='margin-top:12px;border-collapse:collapse;font-size:%dpx'>" % rng.choice([12, 13, 14]))
    for r in range(5):
        p.append("<tr>" + "".join(f"<td>{words(rng, rng.randint(1, 3))}</td>" for _ in range(4)) + "</tr>")
    p.append(f"</table><p style='font-size:{rng.choice([16, 17])}px;max-width:900px;line-height:1.6'>{words(rng, 50)}</p>")
    p.append(f"<div class=muted style='font-size:10px'>{words(rng, 12)}</div></div>")
    return "".join(p) + GT_JS + "</body></html>"


FONTS = Path("/work/venvs/td-fonts/node_modules/@fontsource")
WEB_FONTS = {"Inter": "inter", "Roboto": "roboto", "Merriweather": "merriweather", "JetBrains Mono": "jetbrains-mono",
             "Poppins": "poppins", "Playfair Display": "playfair-display"}


def font_faces() -> str:
    """@font-face rules for the web fonts installed by `npm install @fontsource/...` in /work/venvs/td-fonts."""
    css = []
    for fam, pkg in WEB_FONTS.items():
        for wt in (400, 500, 600, 700):
            f = FONTS / pkg / "files" / f"{pkg}-latin-{wt}-normal.woff2"
            if f.exists():
                css.append(f"@font-face{{font-family:'{fam}';font-weight:{wt};src:url('{f.as_uri()}')}}")
    return "".join(css)


ICON = ("<svg width='{s}' height='{s}' viewBox='0 0 16 16' style='vertical-align:middle;margin-right:10px'>"
        "<path d='M3 6 L8 2 L13 6 V14 H3 Z' fill='{c}'/></svg>")


def page_ui2(seed: int) -> str:
    """Sidebar with icons beside labels, badges, inputs with placeholders, overlines, text on a gradient
    and on a photo-like backdrop, a tight two-line heading, code."""
    rng = random.Random(seed)
    font = rng.choice(list(WEB_FONTS))
    body_font = rng.choice(["Inter", "Roboto", "Poppins", "Merriweather"])
    dark = seed % 2 == 1
    bg, fg, muted, card, line = (("#111827", "#f9fafb", "#9ca3af", "#1f2937", "#374151") if dark
                                 else ("#f8fafc", "#0f172a", "#64748b", "#ffffff", "#e2e8f0"))
    accent = rng.choice(["#4f46e5", "#0891b2", "#16a34a", "#e11d48"])
    p = [f"<html><head><style>{font_faces()} body{{margin:0;background:{bg};color:{fg};font-family:'{body_font}'}}"
         f".side{{position:absolute;left:0;top:0;bottom:0;width:230px;background:{card};border-right:1px solid {line};padding:20px 0}}"
         f".item{{padding:8px 22px;font-size:{rng.choice([13, 14, 15])}px;font-weight:{rng.choice([400, 500, 600])}}}"
         f".over{{font-size:{rng.choice([10, 11, 12])}px;letter-spacing:.12em;text-transform:uppercase;color:{muted};padding:14px 22px 4px;font-weight:600}}"
         f".badge{{display:inline-block;border-radius:999px;padding:2px 10px;font-size:{rng.choice([11, 12])}px;background:{accent}22;color:{accent};margin-right:8px}}"
         f".inp{{border:1px solid {line};border-radius:8px;padding:10px 12px;width:300px;color:{muted};font-size:14px;background:{card};display:inline-block;margin-right:12px}}"
         f"</style></head><body><div class=side><div style='padding:0 22px 12px;font-size:22px;font-weight:700;font-family:\"{font}\"'>"
         f"{rng.choice(WORDS).capitalize()}</div>"]
    for sect in range(2):
        p.append(f"<div class=over>{words(rng, 2)}</div>")
        for _ in range(4):
            p.append(f"<div class=item>{ICON.format(s=16, c=muted)}{words(rng, rng.randint(1, 2))}</div>")
    p.append("</div><div style='margin-left:262px;padding:24px 28px'>")
    p.append(f"<div style='font-family:\"{font}\";font-size:{rng.choice([36, 44, 56])}px;font-weight:{rng.choice([600, 700])};line-height:1.05;max-width:640px'>{words(rng, 7)}</div>")
    p.append(f"<div style='margin:18px 0'><span class=inp>{ICON.format(s=14, c=muted)}{words(rng, 2)}</span>"
             f"<span class=inp>{words(rng, 3).lower()}</span></div>")
    p.append("<div>" + "".join(f"<span class=badge>{rng.choice(WORDS).capitalize()}</span>" for _ in range(5)) + "</div>")
    p.append(f"<div style='margin:18px 0;padding:28px;border-radius:12px;background:linear-gradient(120deg,{accent},#f59e0b);color:#fff'>"
             f"<div style='font-size:{rng.choice([24, 28, 32])}px;font-weight:700'>{words(rng, 5)}</div>"
             f"<div style='font-size:{rng.choice([14, 16])}px;opacity:.9;max-width:600px'>{words(rng, 18)}</div></div>")
    p.append(f"<div style='display:flex;gap:16px'><div style='flex:1;background:{card};border:1px solid {line};border-radius:10px;padding:16px'>"
             f"<pre style='font-family:\"JetBrains Mono\";font-size:{rng.choice([12, 13])}px;margin:0'>"
             + "\n".join(f"const {rng.choice(WORDS)} = {rng.choice(WORDS)}({rng.randint(0, 99)});" for _ in range(5)) + "</pre></div>"
             f"<div style='flex:1;border-radius:10px;padding:16px;min-height:120px;background:radial-gradient(circle at 30% 30%,#fde68a,#065f46 70%);color:#fff'>"
             f"<div style='font-size:{rng.choice([18, 20])}px;font-weight:600;text-shadow:0 1px 2px #0006'>{words(rng, 4)}</div>"
             f"<div style='font-size:13px'>{words(rng, 9)}</div></div></div>")
    p.append(f"<p style='font-size:{rng.choice([15, 16, 18])}px;line-height:{rng.choice([1.4, 1.6, 1.75])};max-width:760px;color:{muted}'>{words(rng, 60)}</p>")
    return "".join(p) + "</div>" + GT_JS + "</body></html>"


def page_chrome(seed: int) -> str:
    rng = random.Random(seed)
    p = ["<html><body style='margin:0;background:#f8fafc'>",
         "<div style='height:56px;background:#fff;border-bottom:1px solid #e5e7eb'></div>",
         "<div style='position:absolute;left:0;top:57px;width:220px;bottom:0;background:#f1f5f9'>"]
    for i in range(8):
        p.append(f"<div style='margin:18px 20px;height:14px;width:{rng.randint(20, 28)}px;border-radius:3px;background:#94a3b8'></div>")
    p.append("</div><div style='position:absolute;left:250px;top:90px;right:30px'>")
    for i in range(6):
        p.append(f"<div style='display:inline-block;width:300px;height:180px;margin:10px;background:#fff;border:1px solid #e2e8f0;border-radius:10px;position:relative'>"
                 f"<svg width=300 height=180><circle cx=40 cy=40 r=18 fill='#{rng.randint(0, 0xffffff):06x}'/>"
                 f"<rect x=24 y=90 width={rng.randint(120, 250)} height=8 rx=4 fill='#e2e8f0'/>"
                 f"<rect x=24 y=90 width={rng.randint(30, 110)} height=8 rx=4 fill='#3b82f6'/>"
                 f"<rect x=230 y=28 width=44 height=24 rx=12 fill='#22c55e'/><circle cx=262 cy=40 r=9 fill='#fff'/>"
                 f"<path d='M24 140 l10 10 l20 -20' stroke='#0f172a' stroke-width=3 fill=none/>"
                 f"<path d='M80 150 h8 v-8 h8 v8 h8' stroke='#64748b' stroke-width=2 fill=none/></svg></div>")
    return "".join(p) + "</div>" + GT_JS + "</body></html>"


def page_illustration(seed: int) -> str:
    rng = random.Random(seed)
    shapes = []
    for _ in range(40):
        c = f"#{rng.randint(0, 0xffffff):06x}"
        k = rng.random()
        if k < 0.4:
            shapes.append(f"<circle cx={rng.randint(0, 1280)} cy={rng.randint(0, 900)} r={rng.randint(5, 120)} fill='{c}' opacity=.8/>")
        elif k < 0.7:
            shapes.append(f"<rect x={rng.randint(0, 1200)} y={rng.randint(0, 850)} width={rng.randint(10, 300)} height={rng.randint(4, 200)} rx=8 fill='{c}'/>")
        else:
            pts = " ".join(f"{rng.randint(0, 1280)},{rng.randint(0, 900)}" for _ in range(3))
            shapes.append(f"<polygon points='{pts}' fill='{c}' opacity=.7/>")
    return ("<html><body style='margin:0'><svg width=1280 height=900><defs><linearGradient id=g x2=1 y2=1>"
            "<stop offset=0 stop-color='#fde68a'/><stop offset=1 stop-color='#93c5fd'/></linearGradient></defs>"
            "<rect width=1280 height=900 fill='url(#g)'/>" + "".join(shapes) + "</svg>" + GT_JS + "</body></html>")


def photo_like(seed: int, w: int, h: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:h, 0:w] / max(h, w)
    acc, wt = np.zeros((h, w, 3)), np.zeros((h, w, 1))
    for _ in range(7):
        cx, cy, s = rng.uniform(0, 1), rng.uniform(0, 0.7), rng.uniform(0.08, 0.3)
        g = np.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * s * s))[..., None]
        acc += g * rng.uniform(30, 240, 3)
        wt += g
    img = acc / np.maximum(wt, 1e-6)
    ridge = 0.45 + 0.04 * np.sin(xs[0] * 9 + 1) + 0.02 * np.sin(xs[0] * 31)
    grass = ys > ridge[None, :]
    tex = rng.normal(0, 1, (h // 2 + 1, w // 2 + 1)).repeat(2, 0).repeat(2, 1)[:h, :w]  # foliage-like texture
    img = np.where(grass[..., None], np.array([60, 110, 50]) * (1 + 0.35 * tex[..., None]), img)
    img += rng.normal(0, 4, img.shape)  # sensor noise
    return np.clip(img, 0, 255).astype(np.uint8)


def render(html: str, out_png: Path, dpr: int, tmp: Path) -> dict:
    src = tmp / "p.html"
    src.write_text(html)
    flags = CHROME + [f"--force-device-scale-factor={dpr}", f"--user-data-dir={tmp / 'ud'}"]
    subprocess.run(flags + [f"--screenshot={out_png}", src.as_uri()], check=True, capture_output=True, timeout=120)
    dom = subprocess.run(flags + ["--dump-dom", src.as_uri()], check=True, capture_output=True, text=True, timeout=120).stdout
    import html as htmlmod
    import re
    m = re.search(r'data-gt="([^"]*)"', dom)
    return json.loads(htmlmod.unescape(m.group(1))) if m else []


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/venvs/td-pages")
    out.mkdir(parents=True, exist_ok=True)
    pages = {f"ui{s}": page_text(s) for s in range(6)}
    pages |= {f"uix{s}": page_ui2(s) for s in range(6)}
    pages |= {"chrome0": page_chrome(0), "chrome1": page_chrome(1), "illus0": page_illustration(0)}
    only = sys.argv[2:]  # page names to (re)render
    if only:
        pages = {k: v for k, v in pages.items() if k in only}
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for name, html in pages.items():
            for dpr in (1, 2):
                png = out / f"{name}@{dpr}x.png"
                gt = render(html, png, dpr, tmp)
                lines = []
                if gt:
                    # ink: diff against the same page with transparent text
                    bare = (html.replace("</style>", "*{color:transparent!important;text-shadow:none!important}</style>")
                            if "</style>" in html else html)
                    png2 = tmp / "bare.png"
                    render(bare, png2, dpr, tmp)
                    a = np.asarray(Image.open(png).convert("RGB"), dtype=np.int16)
                    b = np.asarray(Image.open(png2).convert("RGB"), dtype=np.int16)
                    diff = np.abs(a - b).max(axis=2) > 24
                    for g in gt:
                        x0, y0, x1, y1 = (int(np.floor(g["x0"] * dpr)), int(np.floor(g["y0"] * dpr)),
                                          int(np.ceil(g["x1"] * dpr)), int(np.ceil(g["y1"] * dpr)))
                        if x1 <= 0 or y1 <= 0 or x0 >= a.shape[1] or y0 >= a.shape[0]:
                            continue
                        m = 2 * dpr  # horizontal slack only: vertically the neighbours' descenders would leak in
                        sub = diff[max(0, y0):y1, max(0, x0 - m):x1 + m]
                        yy, xx = np.nonzero(sub)
                        if len(yy) == 0:
                            continue
                        ink = [int(xx.min()) + max(0, x0 - m), int(yy.min()) + max(0, y0),
                               int(xx.max()) + 1 + max(0, x0 - m), int(yy.max()) + 1 + max(0, y0)]
                        lines.append({"box": [x0, y0, x1, y1], "ink": ink, "font_px": g["font_px"] * dpr,
                                      "css_px": g["font_px"], "text": g["text"]})
                (out / f"{name}@{dpr}x.json").write_text(json.dumps({"lines": lines}))
                print(name, dpr, len(lines))
        for dpr in (1, 2):
            Image.fromarray(photo_like(7, 1280 * dpr, 900 * dpr)).save(out / f"photo0@{dpr}x.png")
            (out / f"photo0@{dpr}x.json").write_text(json.dumps({"lines": []}))
    # JPEG quality 75 copies (same truth)
    for png in sorted(out.glob("*@?x.png")):
        Image.open(png).convert("RGB").save(png.with_suffix(".jpg"), quality=75)


if __name__ == "__main__":
    main()
