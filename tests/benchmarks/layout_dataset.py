"""Layout benchmark dataset: generated UI pages rendered in Chromium, boxes and spacing read back from the DOM.

    python tests/benchmarks/layout_dataset.py [--out /work/data/layout] [--pages N] [--seed 1]

80 pages (seed 1) into /work/data/layout, in a few minutes (one Chromium, one page at a time). The
generator (tests/benchmarks/layout/: system.py draws a page's spacing scale, radius scale, elevation
set and surface style; parts.py the components; recipes.py the page kinds) writes HTML with the
typography benchmark's self-hosted faces and themes; layout/render.mjs shows each page in Debian's
Chromium at DPR 1 and 2 (through the typography benchmark's pinned playwright-core), screenshots
the viewport and dumps every box and every sibling distance from the DOM: the truth is what the
browser computed and laid out, not what the generator meant. Splits: dpr1-png, dpr1-jpeg,
dpr2-png, dpr2-jpeg (JPEG = the PNG at quality 75). Deterministic for a seed.

Kinds: cards (grids of cards, media cards), form, list (one card with dividers or row cards),
navbar (nav bar, hero band, feature cards), toolbar (editor: icon-button groups, floating panel,
popover), pricing, dashboard, settings, chips (filter chips, tag input, product grid), modal (a
dialog over a scrim, or a dropdown), sidebar (mail/chat app shell: message rows, bubbles with one
odd corner), kanban, mobile (390×844: feed, profile, grouped settings, product; tab bar, FAB),
no-ui (a photo, a logo on white, an illustration of rounded SVG shapes: no layout tokens at all).
Spacing scales (system.SPACING_SCALES): Tailwind, 4/8, 8-pt, Material, 6-px, 2-px, 5/10/15, odd
(5/10/18/30/50), modular (3/7/11/17/27/43), rem fractions; plus one-off off-scale values. Radii
0–28 px, pills (999px) and circles (50%). Elevations: none, 1–3 levels, layered (2–3 layers:
Tailwind, Material), coloured (brand-tinted), hard offset, dark-theme sets. Surfaces: border, fill,
shadow only, border + shadow. Canvas: plain, light grey (white cards), gradient. About a fifth of the pages dark;
8 of 80 without UI (photos, logos, illustrations in turn); 8 mobile.

Layout of OUT:
    index.json                    pages, kind, intent, per split the image and truth files
    <split>/<page>.png|.jpg       the screenshot (DPR 2: twice the CSS size, the same CSS layout)
    <split>/<page>.json           the ground truth for that image (below)
    pages/<page>/                 the HTML, its photos, the raw renders and DOM dumps (for debugging)

Ground truth JSON (one per image). Lengths are CSS px unless the key ends in "Img" (image px = CSS × dpr):
    {"page": "cards-00", "kind": "cards", "split": "dpr2-png", "image": "cards-00.png", "dpr": 2,
     "viewport": {"width": 1280, "height": 900}, "imageSize": [2560, 1800], "dark": false,
     "hasUI": true,                      # false for no-ui pages: a predictor must return nothing there
     "intent": {...},                    # the generator's system, for information only: spacingScale,
                                         # spacing, baseUnit, radiusScale, radii, pill, elevationSet,
                                         # elevations (CSS), surface, canvas
     "boxes": [{                         # every element that is filled, bordered or shadowed, or has
                                         # padding around content, or holds 2+ children with ink
        "id": 7, "parent": 3,            # parent: nearest dumped ancestor (null: the page)
        "tag": "div", "kind": "card",    # kind: the generator's data-box name (information)
        "rect": [x, y, w, h], "rectImg": [...],          # border box (getBoundingClientRect)
        "isBox": true,                   # filled (colour, gradient, image, <img>), bordered or shadowed
        "standsOut": true,               # isBox and drawn differently from what is behind it: edge >= 4
                                         # levels, or a shadow layer of strength >= 4 (below)
        "edge": 18.0,                    # max channel difference of fill/border over what is behind (0-255)
        "fill": {"kind": "color", "rgba": [255, 255, 255, 1]},   # | gradient | image | none
        "behind": {"kind": "color", "rgba": [...]},              # what is painted under it (composited)
        "border": {"widths": [t, r, b, l], "colors": [[r, g, b, a], ...]},
        "radius": [[rx, ry] × 4],        # used radii per corner (tl, tr, br, bl), after CSS's overlap rule
        "radiusCss": ["12px", ...],      # the computed values
        "pill": false, "circle": false,  # every corner's radius >= half the short side (circle: and square)
        "shadow": [{"offsetX": 0, "offsetY": 4, "blur": 6, "spread": -1, "color": [0, 0, 0, 0.1],
                    "inset": false,
                    "strength": 14.1}],  # darkest the layer gets just outside the box, levels 0-255
        "padding": [t, r, b, l],         # computed
        "inset": [t, r, b, l] | null,    # measured: padding edge to the content (in-flow children
                                         # with ink, text line boxes)
        "padFlush": [bool × 4],          # |inset - padding| <= 1: the padding is what the content shows
        "padSeen": [bool × 4],           # that side's padding strip is in view and not covered
        "visibleFrac": 1.0,              # share of the box inside the viewport and its clipping ancestors
        "fullyVisible": true,            # visibleFrac >= 0.999
        "occluded": 0.0,                 # share of 9 probes where something else is on top (a scrim: 1)
        "opacity": 1.0, "display": "flex", "position": "static"}],
     "spacing": [{                       # one per measured distance
        "kind": "padding",               # padding: a box that stands out, content to its edge
                                         # inset: padding of an invisible box whose side lies on the edge
                                         #   of the nearest box that stands out (or the viewport)
                                         # hidden-padding: other padding (not observable as such)
                                         # gap: consecutive flex/grid siblings (and wrapped lines)
                                         # stack: consecutive block siblings (margins)
        "value": 24.0,                   # padding: the CSS value; gap/stack: the measured distance
        "css": 24.0, "measured": 24.0,   # the CSS value (gap + margins) and the measured distance
        "box": 7, "side": "top"          # padding kinds; gap/stack: "container", "axis": "x"|"y"
        "flush": true,                   # measured == css (within 1 px; 0.5 px for gaps)
        "seen": true,                    # in view and not covered
        "section": false}],              # a gap between the page's sections (data-layout="sections")
     "summary": {...}}                   # layout_score.truth_summary: the sets the scorer uses

The scoring rules (which of these count, which are don't-care) live in layout_score.py.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.layout import recipes  # noqa: E402
from tests.benchmarks.typography import tools  # noqa: E402
from tests.benchmarks.typography.fontsets import FONT_SETS  # noqa: E402
from tests.benchmarks.layout_score import truth_summary  # noqa: E402

DEFAULT_OUT = Path("/work/data/layout")
SPLITS = ("dpr1-png", "dpr1-jpeg", "dpr2-png", "dpr2-jpeg")
JPEG_QUALITY = 75
HERE = Path(__file__).resolve().parent / "layout"
EDGE_MIN = 4.0  # levels: a fill or border this far from what is behind it is seen
SHADOW_SEEN = 4.0  # levels: a shadow layer this strong is seen
SIDES = ("top", "right", "bottom", "left")


def _r(v: float, nd: int = 3) -> float:
    return round(float(v), nd)


def render(install_root: Path, out: Path, pages: list) -> None:
    manifest = {"fonts": str(install_root / "node_modules" / "@fontsource"),
                "pages": [{"id": p.id, "dir": str(p.folder), "dprs": [1, 2],
                           "viewport": {"width": p.viewport[0], "height": p.viewport[1]}} for p in pages]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    # Node resolves playwright-core from the script's folder: run a copy beside the installed packages.
    shutil.copy2(HERE / "render.mjs", install_root / "layout-render.mjs")
    subprocess.run(["node", str(install_root / "layout-render.mjs"), str(out / "manifest.json")], check=True)


def _stands_out(b: dict) -> bool:
    if not b["isBox"] or b["opacity"] < 0.05:
        return False
    return (b["edge"] or 0) >= EDGE_MIN or any(s["strength"] >= SHADOW_SEEN for s in b["shadow"])


def truth_boxes(dom: dict, dpr: int) -> list[dict]:
    out = []
    for b in dom["boxes"]:
        x, y, w, h = b["rect"]
        radius = [[_r(rx, 2), _r(ry, 2)] for rx, ry in b["radiusUsed"]]
        short = min(w, h)
        pill = b["isBox"] and all(min(rx, ry) >= short / 2 - 0.5 for rx, ry in b["radiusUsed"]) and short > 0
        inset = [_r(v) for v in b["inset"]] if b["inset"] is not None else None
        out.append({
            "id": b["id"], "parent": b["parent"], "tag": b["tag"], "kind": b["kind"],
            "rect": [_r(v) for v in b["rect"]], "rectImg": [_r(v * dpr, 2) for v in b["rect"]],
            "isBox": b["isBox"], "standsOut": False, "edge": None if b["edge"] is None else _r(b["edge"], 1),
            "fill": b["fill"], "behind": b["behind"], "border": b["border"],
            "radius": radius, "radiusCss": b["radiusCss"], "pill": bool(pill), "circle": bool(pill and abs(w - h) <= 1),
            "shadow": [{k: (_r(v) if isinstance(v, float) else v) for k, v in s.items()} for s in b["shadow"]],
            "padding": [_r(v) for v in b["padding"]], "inset": inset,
            "padFlush": [bool(inset is not None and abs(inset[k] - b["padding"][k]) <= 1.0) for k in range(4)],
            "padSeen": [bool(v) for v in b["padSeen"]] if b["padSeen"] else [False] * 4,
            "visibleFrac": b["visibleFrac"], "fullyVisible": b["visibleFrac"] >= 0.999, "occluded": _r(b["occluded"]),
            "opacity": _r(b["opacity"]), "display": b["display"], "position": b["position"],
            "layout": b.get("layout")})
        out[-1]["standsOut"] = _stands_out(out[-1])
    return out


def _on_boundary(box: dict, k: int, by_id: dict, viewport: tuple[int, int]) -> bool:
    """Does side k of this (invisible) box lie on the inner edge of the nearest box that stands out
    (or the viewport)? Then its padding is seen as a distance from that edge."""
    x, y, w, h = box["rect"]
    edge = (y, x + w, y + h, x)[k]
    anc = by_id.get(box["parent"])
    while anc is not None and not anc["standsOut"]:
        anc = by_id.get(anc["parent"])
    if anc is None:
        ref = (0.0, float(viewport[0]), float(viewport[1]), 0.0)[k]
    else:
        ax, ay, aw, ah = anc["rect"]
        bw = anc["border"]["widths"]
        ref = (ay + bw[0], ax + aw - bw[1], ay + ah - bw[2], ax + bw[3])[k]
    return abs(edge - ref) <= 0.5


def truth_spacing(dom: dict, boxes: list[dict], viewport: tuple[int, int]) -> list[dict]:
    by_id = {b["id"]: b for b in boxes}
    out = []
    for b in boxes:
        if b["inset"] is None:
            continue
        for k in range(4):
            pad = b["padding"][k]
            if pad <= 0:
                continue
            if b["standsOut"]:
                kind = "padding"
            elif _on_boundary(b, k, by_id, viewport):
                kind = "inset"
            else:
                kind = "hidden-padding"
            out.append({"kind": kind, "value": pad, "css": pad, "measured": b["inset"][k], "box": b["id"],
                        "side": SIDES[k], "flush": b["padFlush"][k], "seen": b["padSeen"][k], "section": False})
    for s in dom["spacings"]:
        out.append({"kind": s["kind"], "value": _r(s["value"]), "css": _r(s["css"]), "measured": _r(s["value"]),
                    "container": s["container"], "axis": s["axis"], "between": s["between"],
                    "flush": s["flush"], "seen": s["seen"], "section": s["section"]})
    return out


def write_splits(out: Path, page, chromium: str) -> dict:
    vw, vh = page.viewport
    intent = {**page.L.intent(), "canvas": page.canvas_kind}
    has_ui = not page.kind.startswith("no-ui")
    entry = {"id": page.id, "kind": page.kind, "viewport": {"width": vw, "height": vh}, "dark": page.theme.dark,
             "hasUI": has_ui, "intent": intent, "files": {}}
    for dpr in (1, 2):
        dom = json.loads((page.folder / f"layout-dpr{dpr}.json").read_text())
        boxes = truth_boxes(dom, dpr)
        spacing = truth_spacing(dom, boxes, (vw, vh))
        shot = Image.open(page.folder / f"render-dpr{dpr}.png").convert("RGB")
        for fmt in ("png", "jpeg"):
            split = f"dpr{dpr}-{fmt}"
            image = f"{page.id}.{'png' if fmt == 'png' else 'jpg'}"
            (out / split).mkdir(exist_ok=True)
            if fmt == "png":
                shutil.copy2(page.folder / f"render-dpr{dpr}.png", out / split / image)
            else:
                shot.save(out / split / image, "JPEG", quality=JPEG_QUALITY)
            truth = {"page": page.id, "kind": page.kind, "split": split, "image": image, "dpr": dpr,
                     "viewport": entry["viewport"], "imageSize": list(shot.size), "dark": page.theme.dark,
                     "hasUI": has_ui, "renderer": chromium, "intent": intent, "boxes": boxes, "spacing": spacing}
            truth["summary"] = truth_summary(truth)
            (out / split / f"{page.id}.json").write_text(json.dumps(truth, separators=(",", ":")))
            entry["files"][split] = {"image": f"{split}/{image}", "truth": f"{split}/{page.id}.json"}
        if dpr == 1:
            summ = truth["summary"]
            entry["truth"] = {"spacing": [v["value"] for v in summ["spacing"]], "baseUnit": summ["baseUnit"],
                              "radii": [v["value"] for v in summ["radii"]], "pills": summ["pills"],
                              "elevations": len(summ["shadows"]), "boxes": summ["boxes"]}
    return entry


def generate(out: Path, count: int | None, seed: int) -> dict:
    started = time.monotonic()
    install_root = tools.install(FONT_SETS["benchmark"])
    catalog = tools.faces(install_root, FONT_SETS["benchmark"])
    for sub in (*SPLITS, "pages"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    pages = [recipes.build(kind, n, seed, catalog, out) for kind, n in recipes.plan(count)]
    render(install_root, out, pages)
    chromium = tools.chromium_version()
    index = {"format": 1, "seed": seed, "renderer": chromium, "splits": list(SPLITS),
             "pages": [write_splits(out, p, chromium) for p in pages]}
    (out / "index.json").write_text(json.dumps(index, indent=1))
    print(f"{len(pages)} pages × {len(SPLITS)} splits in {out} ({time.monotonic() - started:.0f} s)")
    return index


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages of the sequence")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    generate(a.out, a.pages, a.seed)
