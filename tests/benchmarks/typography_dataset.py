"""Typography benchmark dataset: generated web pages rendered in Chromium, ground truth from the rendered DOM.

    python tests/benchmarks/typography_dataset.py [--font-set benchmark|calibration] [--out DIR] [--pages N]
                                                  [--seed N]

--font-set benchmark (the default) is the benchmark: 80 pages, seed 1, into /work/data/typography.
--font-set calibration renders the same page kinds with a disjoint set of web fonts and CSS system
stacks (typography/fontsets.py), plus 40 specimen pages (typography/specimen.py: short lines, every
face at many sizes and every weight it ships), seed 2, into /work/data/typography-calib: data to fit
the extractor's constants on without touching the benchmark's fonts. Its index.json also has
"fontSet" and "coverage" (lines per face and weight, and their size range, over the dpr1-png truth).

Deterministic for a seed (the same Chromium build renders the same pixels). The generator
(tests/benchmarks/typography/: theme, sections, pages) writes HTML with self-hosted @fontsource faces;
render.mjs shows each page in Debian's Chromium at DPR 1 and DPR 2, screenshots the viewport and reads
every visible text line back from the DOM: the truth is what the browser computed and drew, not what
the generator meant. Splits: dpr1-png, dpr1-jpeg, dpr2-png, dpr2-jpeg (JPEG = the PNG at quality 75).

Layout of OUT:
    index.json                    the pages, their kind, and per split the image and truth files
    <split>/<page>.png|.jpg       the screenshot (DPR 2: twice the CSS size, the same CSS layout)
    <split>/<page>.json           the ground truth for that image (below)
    pages/<page>/                 the HTML, its photos, the raw renders and DOM dumps (for debugging)

Ground truth JSON (one per image):
    {"page": "landing-00", "kind": "landing", "split": "dpr2-png", "image": "landing-00.png",
     "dpr": 2, "viewport": {"width": 1280, "height": 900}, "imageSize": [2560, 1800],
     "hasText": true, "dark": false, "scale": "modular 1.25",      # the generator's intent, for information
     "lines": [{                                # one per visible line of one text node
        "text": "Build honest tokens", "chars": 17,               # non-space characters
        "box": [x, y, w, h],                    # IMAGE px (CSS px × dpr): the glyphs' content area, the part in view
        "boxCss": [x, y, w, h],                 # CSS px
        "fontSize": 48.0,                       # CSS px, computed
        "fontWeight": 700, "fontStyle": "normal",
        "lineHeightPx": 52.8, "lineHeight": 1.1,    # computed line box (px) and ÷ fontSize
        "lineHeightNormal": false,              # true: CSS said `normal`, px measured from a probe line box
        "letterSpacing": -0.96,                 # CSS px (0 for normal)
        "textTransform": "none", "tabular": false,
        "fontFamily": "Inter",                  # first family of the computed font-family
        "usedFont": "Inter", "usedFace": "Inter-Bold",  # what Chromium drew with (CDP getPlatformFontsForNode)
        "familyClass": "sans-serif",            # serif | sans-serif | monospace | display (tools.py says how)
        "color": [17, 24, 39, 1.0],             # rgba of the text; null for gradient-filled text
        "gradientText": false, "opacity": 1.0,  # opacity = product of the ancestors' opacity
        "background": {"kind": "color", "rgba": [255, 255, 255, 1]},  # or {"kind": "gradient"|"image"}
        "contrast": 15.2,                       # WCAG ratio over a solid background, else null
        "tag": "h1", "role": "display",         # the element; role hint (h1–h4, display, body, lead, small,
                                                # caption, overline, button, label, nav, code, stat, badge, …)
        "inNav": false, "inFooter": false, "inButton": false,
        "block": 3, "multiline": false,         # block element id; does that block have 2+ lines?
        "clipped": false}],                     # partly cut by the viewport or an overflow box
     "summary": {...}}                          # typography_score.truth_summary: sizes, weights, body, styles

Pages with no text have "hasText": false and no lines; a predictor should find no typography there.
"text" holds every character of the line in the DOM (an ellipsis hides some of them; text-transform is
not applied). A run fails, rather than writing a lie, when any text is drawn with a face other than
the one its CSS names, or with a weight or style the face does not ship (it would be synthesised).
In the calibration set, text whose CSS names a system stack has "fontFamily" the stack's first name
("system-ui", "Georgia", "ui-monospace", …) and "usedFont"/"usedFace" the installed face Chromium drew
it with (DejaVu Sans, Liberation Serif, …); specimen lines have "role": "specimen".
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

from tests.benchmarks.typography import pages as recipes  # noqa: E402
from tests.benchmarks.typography import tools  # noqa: E402
from tests.benchmarks.typography.fontsets import FONT_SETS, FontSet  # noqa: E402
from tests.benchmarks.typography_score import truth_summary  # noqa: E402

DEFAULT_OUT = Path("/work/data/typography")
DEFAULTS = {"benchmark": (DEFAULT_OUT, 1), "calibration": (Path("/work/data/typography-calib"), 2)}  # out, seed
SPLITS = ("dpr1-png", "dpr1-jpeg", "dpr2-png", "dpr2-jpeg")
JPEG_QUALITY = 75


def _luminance(rgba) -> float:
    c = [v / 255 for v in rgba[:3]]
    c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(fg, bg) -> float | None:
    if fg is None or bg.get("kind") != "color":
        return None
    back = bg["rgba"]
    # Composite a translucent text colour over its background first.
    a = fg[3]
    fg = [fg[i] * a + back[i] * (1 - a) for i in range(3)]
    hi, lo = sorted((_luminance(fg), _luminance(back)), reverse=True)
    return round((hi + 0.05) / (lo + 0.05), 2)


def _first(family: str) -> str:
    return family.split(",")[0].strip().strip("\"'")


def truth_lines(dom: dict, dpr: int, catalog) -> list[dict]:
    lines = []
    stacks = {_first(f.family): f.cls for f in catalog.values() if f.system}
    for ln in dom["lines"]:
        first = _first(ln["family"])
        # An element's used fonts include its descendants' (a <code> inside a <p>): prefer the face of
        # the family this line asks for. render.mjs has already refused any system face standing in.
        # A system stack (system-ui, Georgia, …) names no face: prefer an installed face of its class.
        if first in stacks:
            key = lambda f: (f["isCustomFont"] or tools.SYSTEM_FACES.get(f["familyName"]) != stacks[first],  # noqa: E731
                             -f["glyphCount"])
        else:
            key = lambda f: (not f["familyName"].startswith(first), -f["glyphCount"])  # noqa: E731
        used = sorted(dom["usedFonts"].get(str(ln["tid"]), []), key=key)
        used_family = first if used and used[0]["familyName"].startswith(first) else (
            used[0]["familyName"] if used else first)
        size = ln["fontSize"]
        lines.append({
            "text": ln["text"], "chars": sum(1 for ch in ln["text"] if not ch.isspace()),
            "box": [round(v * dpr, 2) for v in ln["box"]], "boxCss": [round(v, 3) for v in ln["box"]],
            "fontSize": size, "fontWeight": ln["fontWeight"], "fontStyle": ln["fontStyle"],
            "lineHeightPx": round(ln["lineHeightPx"], 3), "lineHeight": round(ln["lineHeightPx"] / size, 4),
            "lineHeightNormal": ln["lineHeightNormal"], "letterSpacing": round(ln["letterSpacing"], 3),
            "textTransform": ln["textTransform"], "tabular": "tabular-nums" in ln["numeric"],
            "fontFamily": first, "usedFont": used_family, "usedFace": used[0]["postScriptName"] if used else None,
            "familyClass": tools.class_of(used_family, catalog), "color": ln["color"],
            "gradientText": ln["gradientText"], "opacity": round(ln["opacity"], 3), "background": ln["background"],
            "contrast": contrast(ln["color"], ln["background"]), "tag": ln["tag"], "role": ln["role"] or ln["tag"],
            "inNav": ln["inNav"], "inFooter": ln["inFooter"], "inButton": ln["inButton"],
            "block": ln["block"], "multiline": ln["multiline"], "clipped": ln["clipped"]})
    return lines


def render(install_root: Path, out: Path, pages: list, font_set: FontSet) -> None:
    manifest = {"fonts": str(install_root / "node_modules" / "@fontsource"),
                "pages": [{"id": p.id, "dir": str(p.folder), "dprs": [1, 2],
                           "viewport": {"width": p.viewport[0], "height": p.viewport[1]}} for p in pages]}
    if font_set.system:  # text naming these stacks may be drawn with these installed faces
        manifest["systemStacks"] = sorted({_first(s.css) for s in font_set.system})
        manifest["systemFaces"] = sorted(tools.SYSTEM_FACES)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    # Node resolves playwright-core from the script's folder: run a copy beside the installed packages.
    shutil.copy2(tools.HERE / "render.mjs", install_root / "render.mjs")
    subprocess.run(["node", str(install_root / "render.mjs"), str(out / "manifest.json")], check=True)


def write_splits(out: Path, page, catalog, chromium: str) -> dict:
    entry = {"id": page.id, "kind": page.kind, "viewport": {"width": page.viewport[0], "height": page.viewport[1]},
             "dark": page.theme.dark, "scale": page.theme.scale,
             "faces": [f.family for f in page.theme.faces], "files": {}}
    texts = {}
    for dpr in (1, 2):
        dom = json.loads((page.folder / f"dom-dpr{dpr}.json").read_text())
        lines = truth_lines(dom, dpr, catalog)
        texts[dpr] = [ln["text"] for ln in lines]
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
                     "viewport": entry["viewport"], "imageSize": list(shot.size), "hasText": bool(lines),
                     "dark": page.theme.dark, "scale": page.theme.scale, "renderer": chromium, "lines": lines}
            truth["summary"] = truth_summary(truth)
            (out / split / f"{page.id}.json").write_text(json.dumps(truth, indent=1))
            entry["files"][split] = {"image": f"{split}/{image}", "truth": f"{split}/{page.id}.json"}
        entry["hasText"] = bool(lines)
        entry["lines"] = len(lines)
    if texts[1] != texts[2]:  # line breaks should not depend on the DPR; say so if they do
        print(f"note: {page.id}: lines differ between DPR 1 and 2 ({len(texts[1])} vs {len(texts[2])})")
    return entry


def coverage(out: Path, index: dict) -> list[dict]:
    """Lines per drawn face and weight in the DPR 1 PNG truth (specimen pages and all), with sizes."""
    acc: dict[tuple, list] = {}
    for page in index["pages"]:
        truth = json.loads((out / page["files"]["dpr1-png"]["truth"]).read_text())
        for ln in truth["lines"]:
            key = (ln["fontFamily"], ln["usedFont"], ln["familyClass"], ln["fontWeight"])
            acc.setdefault(key, []).append((ln["fontSize"], page["kind"] == "specimen", ln["clipped"]))
    return [{"fontFamily": k[0], "usedFont": k[1], "familyClass": k[2], "fontWeight": k[3], "lines": len(v),
             "specimenLines": sum(1 for _, spec, _ in v if spec), "clipped": sum(1 for *_, c in v if c),
             "sizes": len({s for s, *_ in v}), "minSize": min(s for s, *_ in v), "maxSize": max(s for s, *_ in v)}
            for k, v in sorted(acc.items(), key=lambda kv: (kv[0][2] or "", kv[0][0], kv[0][3]))]


def generate(out: Path, count: int | None, seed: int, font_set: FontSet = FONT_SETS["benchmark"]) -> dict:
    started = time.monotonic()
    install_root = tools.install(font_set)
    catalog = tools.faces(install_root, font_set)
    for sub in (*SPLITS, "pages"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    pages = [recipes.build(kind, n, seed, catalog, out) for kind, n in recipes.plan(count, font_set)]
    render(install_root, out, pages, font_set)
    chromium = tools.chromium_version()
    index = {"format": 1, "seed": seed, "renderer": chromium, "splits": list(SPLITS),
             "pages": [write_splits(out, p, catalog, chromium) for p in pages]}
    if font_set.name != "benchmark":  # the benchmark's index stays as it was
        index = {"format": 1, "fontSet": font_set.name, **{k: v for k, v in index.items() if k != "format"}}
        index["coverage"] = coverage(out, index)
    (out / "index.json").write_text(json.dumps(index, indent=1))
    print(f"{len(pages)} pages × {len(SPLITS)} splits in {out} ({time.monotonic() - started:.0f} s)")
    return index


def load_index(out: Path = DEFAULT_OUT) -> dict:
    return json.loads((out / "index.json").read_text())


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--font-set", choices=sorted(FONT_SETS), default="benchmark",
                    help="benchmark (default) or calibration: a disjoint set of fonts, plus specimen pages")
    ap.add_argument("--out", type=Path, default=None, help="default: /work/data/typography[-calib]")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages of the sequence")
    ap.add_argument("--seed", type=int, default=None, help="default: 1 for the benchmark, 2 for calibration")
    a = ap.parse_args()
    out, seed = DEFAULTS[a.font_set]
    generate(a.out or out, a.pages, seed if a.seed is None else a.seed, FONT_SETS[a.font_set])
