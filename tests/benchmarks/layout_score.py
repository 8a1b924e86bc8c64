"""Scoring for the layout benchmark: predicted spacing scale, radii and shadows against a page's rendered-DOM truth.

    python tests/benchmarks/layout_score.py TRUTH.json PREDICTION
        PREDICTION: a JSON prediction (below), a *.tokens.json file, or the folder `copythat tokens -o` wrote

A prediction (all lengths CSS px of the rendered page; an image from a DPR-2 screen is reported in
CSS px too):
    {"spacing": [{"value": 16, "count": 12}, ...],     # or plain numbers
     "baseUnit": 4,                                     # 2 | 4 | 8 | null
     "radii": [{"value": 8, "count": 5}, {"value": 999, "pill": true}, ...],
     "shadows": [{"layers": [{"offsetX": 0, "offsetY": 4, "blur": 6, "spread": -1,
                              "color": "#000000", "alpha": 0.1, "inset": false}, ...]}, ...],
     "boxes": [{"rect": [x, y, w, h], "shadow": true, "pill": false}, ...]}   # optional
An empty prediction (no spacing, radii or shadows) means "this image has no UI".

Which truth counts (truth_summary; the dataset's docstring says what each field is):
* Spacing: the distinct values (merged within 0.5 px) of the truth's spacing entries of kind padding
  (a box that stands out: content to its edge), inset (padding of an invisible box whose side lies on
  the edge of a box that stands out, or on the viewport), gap (consecutive flex/grid siblings) and
  stack (consecutive block siblings), that are flush (the content really sits that far: the CSS
  value is what the pixels show), seen (in view, not covered) and >= 1 px. Value: the CSS value
  (padding; gap + margins). Every other measured or CSS distance >= 1 px is don't-care: predicting
  it is neither required nor a false positive (a centred button's real distance, space-between
  rows, paddings under a scrim, hidden paddings).
* Base unit: over those entries weighted by their uses (values >= 2 px): the largest of 8, 4, 2 of
  which >= 90 % of the uses are multiples (within 0.25 px); else none (null). A one-off 13 px does
  not break a 4-px system; a 5/10/15 scale has none.
* Radii: boxes that stand out, are fully in view and not covered (occluded 0): each corner's used
  radius (min of rx, ry) >= 0.5 px, distinct values merged within 0.5 px; boxes whose every corner
  is >= half the short side are pills (circles when square) and give no radius value. Radii of boxes
  partly out of view or covered, and pills' radii, are don't-care. 0 is never a radius value.
* Pills: with predicted boxes, per box (box_pill: pill or not, over the truth boxes that stand out,
  fully in view, matched by IoU >= 0.5). Without boxes, per image: pill_count = min/max of the true
  number of pill boxes (as above) and the predicted one (the counts of the radii marked pill; 1 each
  when not given), 1 when both are 0; an image whose only pills are don't-care is not scored. (A
  per-image "has a pill" would be trivial: 71 of 74 UI pages have one, avatars and chips.)
* Shadows: boxes with a box-shadow whose strongest layer reaches >= 6 levels just outside the box
  (the dataset's "strength": alpha × opacity × the edge coverage × the colour's distance from
  what is behind), at least half in view and at most half covered. One elevation per distinct
  layer list. Fainter or hidden shadows are don't-care.
* Shadow presence (per image): the page has a required shadow == the prediction has a shadow. An
  image with only don't-care shadows is not scored. With predicted boxes, also per box (box_shadow:
  over the truth boxes that stand out, matched to a predicted box by IoU >= 0.5, whose shadow is
  required or absent).
* Matching, one-to-one (maximum bipartite matching), F1 per image over images whose truth set is not
  empty (a prediction matching only don't-cares is not penalised):
    spacing: |p - t| <= 1 px for t <= 16 px, <= 8 % of t above;
    radius:  |p - t| <= max(1 px, 15 % of t);
    shadow:  the key layers (below) agree on inset, |offsetY| within 2 px, blur within max(2 px, 30 %
             of the true blur). The key layer of an elevation is its layer reaching furthest below
             the box (offsetY + blur + spread; ties: the larger alpha) among the layers that show
             (truth: strength >= 2; prediction: alpha >= 0.03), so a two-layer Tailwind shadow is
             matched by a one-layer fit of its big layer.
* radius_clean: UI images with no true radius (sharp designs) where the prediction gives no radius
  outside don't-care, as a share.
* No UI: an image of a page with no UI (a photo, a logo, an illustration) is correct when the
  prediction has no spacing, no radii and no shadows.
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter
from pathlib import Path

MERGE_PX = 0.5
SPACING_MIN = 1.0
SHADOW_REQUIRED = 6.0  # levels
SHADOW_LAYER_SHOWS = 2.0  # levels (truth) ...
PRED_LAYER_SHOWS = 0.03  # ... alpha (prediction)
BASE_SHARE = 0.9
TARGETS = {"spacing_f1": (">=", 0.80), "base_unit": (">=", 0.90), "radius_f1": (">=", 0.85),
           "shadow_presence": (">=", 0.95), "shadow_f1": (">=", 0.70)}
SPACING_KINDS = ("padding", "inset", "gap", "stack")


# ------------------------------------------------------------------ matching rules


def spacing_matches(predicted: float, true: float) -> bool:
    tol = 1.0 if true <= 16 else 0.08 * true
    return abs(predicted - true) <= tol + 1e-9


def radius_matches(predicted: float, true: float) -> bool:
    return abs(predicted - true) <= max(1.0, 0.15 * true) + 1e-9


def shadow_matches(predicted: dict, true: dict) -> bool:
    """predicted/true: key layers {offsetY, blur, inset}."""
    if bool(predicted.get("inset")) != bool(true.get("inset")):
        return False
    return (abs(predicted["offsetY"] - true["offsetY"]) <= 2.0 + 1e-9
            and abs(predicted["blur"] - true["blur"]) <= max(2.0, 0.3 * true["blur"]) + 1e-9)


def max_matching(preds: list, trues: list, ok) -> dict[int, int]:
    """Maximum one-to-one matching (Kuhn's augmenting paths); returns {pred index: true index}."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j, t in enumerate(trues):
            if j not in seen and ok(preds[i], t):
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(preds)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def set_f1(preds: list, trues: list, dont_care: list, ok) -> float:
    pairs = max_matching(preds, trues, ok)
    fp = sum(1 for i, p in enumerate(preds) if i not in pairs and not any(ok(p, d) for d in dont_care))
    tp, fn = len(pairs), len(trues) - len(pairs)
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def false_positives(preds: list, dont_care: list, ok) -> int:
    return sum(1 for p in preds if not any(ok(p, d) for d in dont_care))


def distinct(counts: Counter, merge: float = MERGE_PX) -> list[dict]:
    """Values within `merge` of their neighbour form one step: its most used value, the uses summed."""
    groups: list[list[tuple[float, int]]] = []
    for v in sorted(counts):
        if groups and v - groups[-1][-1][0] <= merge:
            groups[-1].append((v, counts[v]))
        else:
            groups.append([(v, counts[v])])
    return [{"value": max(g, key=lambda vc: (vc[1], -vc[0]))[0], "count": sum(c for _, c in g)} for g in groups]


def base_unit(steps: list[dict]) -> int | None:
    uses = [(s["value"], s["count"]) for s in steps if s["value"] >= 2]
    total = sum(c for _, c in uses)
    if not total:
        return None
    for b in (8, 4, 2):
        on = sum(c for v, c in uses if abs(v / b - round(v / b)) * b <= 0.25)
        if on >= BASE_SHARE * total:
            return b
    return None


def key_layer(layers: list[dict], truth: bool) -> dict:
    """The layer reaching furthest below the box, among those that show."""
    if truth:
        shows = [ly for ly in layers if ly.get("strength", 0) >= SHADOW_LAYER_SHOWS] or layers
    else:
        shows = [ly for ly in layers if _alpha(ly) >= PRED_LAYER_SHOWS] or layers
    return max(shows, key=lambda ly: (ly["offsetY"] + ly["blur"] + ly.get("spread", 0), _alpha(ly)))


def _alpha(layer: dict) -> float:
    if "alpha" in layer and layer["alpha"] is not None:
        return float(layer["alpha"])
    c = layer.get("color")
    if isinstance(c, (list, tuple)) and len(c) == 4:
        return float(c[3])
    return 1.0


# ------------------------------------------------------------------ the truth, summarised


def _corner_radii(box: dict) -> list[float]:
    return [min(rx, ry) for rx, ry in box["radius"]]


def _elevation_id(layers: list[dict]) -> tuple:
    return tuple((ly["offsetX"], ly["offsetY"], ly["blur"], ly["spread"], tuple(ly["color"]), ly["inset"])
                 for ly in layers)


def truth_summary(truth: dict) -> dict:
    out = {"hasUI": truth["hasUI"], "spacing": [], "dontCareSpacing": [], "baseUnit": None, "radii": [],
           "dontCareRadii": [], "pills": 0, "dontCarePills": 0, "shadows": [], "dontCareShadows": [],
           "shadowPresence": False, "boxes": 0}
    if not truth["hasUI"]:
        return out
    req, dc = Counter(), Counter()
    for s in truth["spacing"]:
        if s["kind"] in SPACING_KINDS and s["flush"] and s["seen"] and s["css"] >= SPACING_MIN:
            req[round(s["css"], 2)] += 1
        else:
            for v in (s["css"], s["measured"]):
                if v >= SPACING_MIN:
                    dc[round(v, 2)] += 1
    out["spacing"] = distinct(req)
    out["dontCareSpacing"] = [d["value"] for d in distinct(dc)]
    out["baseUnit"] = base_unit(out["spacing"])

    radii, radii_dc = Counter(), Counter()
    shadows: dict[tuple, dict] = {}
    shadows_dc: dict[tuple, dict] = {}
    for b in truth["boxes"]:
        if not b["isBox"]:
            continue
        clear = b["standsOut"] and b["fullyVisible"] and b["occluded"] == 0
        out["boxes"] += clear
        corners = {round(r, 2) for r in _corner_radii(b) if r >= 0.5}
        if b["pill"]:
            if clear:
                out["pills"] += 1
            else:
                out["dontCarePills"] += 1
            for r in corners:
                radii_dc[r] += 1
        else:
            for r in corners:
                (radii if clear else radii_dc)[r] += 1
        if b["shadow"]:
            strong = max(ly["strength"] for ly in b["shadow"]) >= SHADOW_REQUIRED
            shown = b["visibleFrac"] >= 0.5 and b["occluded"] <= 0.5
            key = _elevation_id(b["shadow"])
            bucket = shadows if strong and shown else shadows_dc
            if key not in bucket:
                bucket[key] = {"layers": b["shadow"], "key": key_layer(b["shadow"], True), "count": 0}
            bucket[key]["count"] += 1
    out["radii"] = distinct(radii)
    out["dontCareRadii"] = [d["value"] for d in distinct(radii_dc)]
    out["shadows"] = list(shadows.values())
    out["dontCareShadows"] = [v for k, v in shadows_dc.items() if k not in shadows]
    out["shadowPresence"] = True if shadows else (None if shadows_dc else False)
    if out["pills"] == 0 and out["dontCarePills"]:
        out["pillPresence"] = None
    else:
        out["pillPresence"] = out["pills"] > 0
    return out


def oracle(truth: dict) -> dict:
    """The truth as a prediction (must score 1.0: proves the scorer)."""
    t = truth_summary(truth)
    if not t["hasUI"]:
        return {"spacing": [], "baseUnit": None, "radii": [], "shadows": []}
    radii = [dict(r) for r in t["radii"]]
    if t["pills"]:
        radii.append({"value": 9999, "count": t["pills"], "pill": True})
    shadows = [{"layers": [{"offsetX": ly["offsetX"], "offsetY": ly["offsetY"], "blur": ly["blur"],
                            "spread": ly["spread"], "color": "#%02x%02x%02x" % tuple(round(c) for c in ly["color"][:3]),
                            "alpha": ly["color"][3], "inset": ly["inset"]} for ly in s["layers"]]} for s in t["shadows"]]
    boxes = []
    for b in truth["boxes"]:
        if b["isBox"] and b["standsOut"]:
            boxes.append({"rect": b["rect"], "pill": b["pill"],
                          "shadow": bool(b["shadow"]) and max(ly["strength"] for ly in b["shadow"]) >= SHADOW_REQUIRED})
    return {"spacing": [dict(s) for s in t["spacing"]], "baseUnit": t["baseUnit"], "radii": radii,
            "shadows": shadows, "boxes": boxes}


# ------------------------------------------------------------------ one image


def _values(items) -> list[float]:
    return [float(i["value"] if isinstance(i, dict) else i) for i in items or []]


def normalize(pred: dict | None) -> dict:
    pred = pred or {}
    radii = pred.get("radii") or []
    shadows = []
    for s in pred.get("shadows") or []:
        layers = s.get("layers") if isinstance(s, dict) and "layers" in s else (s if isinstance(s, list) else [s])
        if layers:
            shadows.append([{"offsetX": float(ly.get("offsetX", 0)), "offsetY": float(ly.get("offsetY", 0)),
                             "blur": float(ly.get("blur", 0)), "spread": float(ly.get("spread", 0) or 0),
                             "alpha": _alpha(ly), "inset": bool(ly.get("inset", False))} for ly in layers])
    return {"spacing": sorted({round(v, 3) for v in _values(pred.get("spacing")) if v > 0}),
            "baseUnit": pred.get("baseUnit"),
            "radii": sorted({round(float(r["value"] if isinstance(r, dict) else r), 3) for r in radii
                             if not (isinstance(r, dict) and r.get("pill")) and float(r["value"] if isinstance(r, dict) else r) > 0}),
            "pill": any(isinstance(r, dict) and r.get("pill") for r in radii),
            "pills": sum(float(r.get("count") or 1) for r in radii if isinstance(r, dict) and r.get("pill")),
            "shadows": shadows, "boxes": pred.get("boxes")}


def _iou(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = iw * ih
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def score_boxes(truth: dict, pboxes: list[dict]) -> dict:
    trues = [b for b in truth["boxes"] if b["isBox"] and b["standsOut"] and b["visibleFrac"] >= 0.5]
    pairs = sorted(((_iou(t["rect"], p["rect"]), i, j) for i, t in enumerate(trues) for j, p in enumerate(pboxes)),
                   reverse=True)
    used_t, used_p, matched = set(), set(), []
    for iou, i, j in pairs:
        if iou < 0.5:
            break
        if i in used_t or j in used_p:
            continue
        used_t.add(i)
        used_p.add(j)
        matched.append((trues[i], pboxes[j]))
    sh, pl = [], []
    for t, p in matched:
        if t["shadow"]:
            strong = max(ly["strength"] for ly in t["shadow"]) >= SHADOW_REQUIRED
            if strong and t["occluded"] <= 0.5:
                sh.append(bool(p.get("shadow")) is True)
        else:
            sh.append(not p.get("shadow"))
        if t["fullyVisible"] and t["occluded"] == 0:
            pl.append(bool(p.get("pill")) == t["pill"])
    return {"box_recall": len(matched) / len(trues) if trues else None,
            "box_shadow": statistics.fmean(sh) if sh else None, "box_pill": statistics.fmean(pl) if pl else None}


def score_image(truth: dict, pred: dict | None, summary: dict | None = None) -> dict:
    t = summary or truth_summary(truth)
    p = normalize(pred)
    empty = not p["spacing"] and not p["radii"] and not p["pill"] and not p["shadows"]
    if not t["hasUI"]:
        return {"hasUI": False, "no_ui": 1.0 if empty else 0.0}
    out: dict = {"hasUI": True, "pred_spacing": len(p["spacing"]), "true_spacing": len(t["spacing"]),
                 "pred_radii": len(p["radii"]), "true_radii": len(t["radii"]),
                 "pred_shadows": len(p["shadows"]), "true_shadows": len(t["shadows"])}
    if t["spacing"]:
        out["spacing_f1"] = set_f1(p["spacing"], [s["value"] for s in t["spacing"]], t["dontCareSpacing"],
                                   spacing_matches)
    base = float(p["baseUnit"]) if p["baseUnit"] else None  # 0, null: none
    out["base_unit"] = float(base == (float(t["baseUnit"]) if t["baseUnit"] else None))
    if t["radii"]:
        out["radius_f1"] = set_f1(p["radii"], [r["value"] for r in t["radii"]], t["dontCareRadii"], radius_matches)
    else:
        out["radius_clean"] = float(false_positives(p["radii"], t["dontCareRadii"], radius_matches) == 0)
    if t["pillPresence"] is not None:
        hi = max(p["pills"], t["pills"])
        out["pill_count"] = min(p["pills"], t["pills"]) / hi if hi else 1.0
    if t["shadowPresence"] is not None:
        out["shadow_presence"] = float(bool(p["shadows"]) == t["shadowPresence"])
    if t["shadows"]:
        pkeys = [key_layer(s, False) for s in p["shadows"]]
        out["shadow_f1"] = set_f1(pkeys, [s["key"] for s in t["shadows"]],
                                  [s["key"] for s in t["dontCareShadows"]], shadow_matches)
    if p["boxes"] is not None:
        out.update({k: v for k, v in score_boxes(truth, p["boxes"]).items() if v is not None})
    return out


METRICS = ("spacing_f1", "base_unit", "radius_f1", "radius_clean", "pill_count", "shadow_presence", "shadow_f1",
           "box_recall", "box_shadow", "box_pill", "pred_spacing", "true_spacing", "pred_radii", "true_radii",
           "pred_shadows", "true_shadows")


def aggregate(scores: list[dict], ms: list[float] | None = None) -> dict:
    ui = [s for s in scores if s["hasUI"]]
    blank = [s for s in scores if not s["hasUI"]]
    out: dict = {"images": len(scores), "ui": len(ui), "no_ui_n": len(blank)}
    for k in METRICS:
        vals = [s[k] for s in ui if k in s]
        out[k] = statistics.fmean(vals) if vals else None
        out[k + "_n"] = len(vals)
    out["no_ui"] = statistics.fmean([s["no_ui"] for s in blank]) if blank else None
    out["ms"] = statistics.median(ms) if ms else None
    return out


def meets(metric: str, value: float | None) -> str:
    if value is None or metric not in TARGETS:
        return ""
    op, target = TARGETS[metric]
    return "ok" if (value >= target if op == ">=" else value <= target) else "--"


# ------------------------------------------------------------------ DTCG tokens → prediction

VENDOR = "app.copythat"


def _resolve(doc: dict, value, depth: int = 0):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and depth < 20:
        node = doc
        for part in value[1:-1].split("."):
            node = node[part]
        return _resolve(doc, node.get("$value", node) if isinstance(node, dict) else node, depth + 1)
    return value


def _px(doc: dict, v) -> float:
    v = _resolve(doc, v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        s = v.strip()
        for unit, k in (("px", 1.0), ("rem", 16.0)):
            if s.endswith(unit):
                return float(s[: -len(unit)]) * k
        return float(s)
    return float(v["value"]) * {"px": 1.0, "rem": 16.0}[v.get("unit", "px")]


def _tokens(node: dict, path: tuple = ()):
    """(path, token) for every token under node."""
    for key, child in node.items():
        if key.startswith("$") or not isinstance(child, dict):
            continue
        if "$value" in child:
            yield (*path, key), child
        else:
            yield from _tokens(child, (*path, key))


def _color_alpha(doc: dict, c) -> tuple[str, float]:
    c = _resolve(doc, c)
    if isinstance(c, str):
        h = c.lstrip("#")
        alpha = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return "#" + h[:6], alpha
    comps = c.get("components", [0, 0, 0])
    hx = c.get("hex") or "#%02x%02x%02x" % tuple(round(255 * float(x)) for x in comps)
    return hx, float(c.get("alpha", 1))


def prediction_from_tokens(doc: dict) -> dict:
    """The spacing, radius and shadow tokens of a DTCG 2025.10 document (as shared/exporters/dtcg.py
    writes them) as a prediction. A token's uses come from $extensions.app.copythat.count (or
    "uses", or "enrichment.uses" as the exporter nests them), else 1. A radius is a pill when its value is >= 999 px, or its $extensions say
    "pill": true, or its name is full/pill/circle. The base unit is read from
    $extensions.app.copythat.baseUnit of the spacing group or of any spacing token; a file that does
    not say has none (null)."""
    pred: dict = {"spacing": [], "baseUnit": None, "radii": [], "shadows": []}

    def ext(node: dict) -> dict:
        return (node.get("$extensions") or {}).get(VENDOR) or {}

    def uses(e: dict) -> float:
        return e.get("count", e.get("uses", (e.get("enrichment") or {}).get("uses", 1)))

    spacing = doc.get("spacing") or {}
    pred["baseUnit"] = ext(spacing).get("baseUnit")
    for _, tok in _tokens(spacing):
        e = ext(tok)
        pred["spacing"].append({"value": _px(doc, tok["$value"]), "count": uses(e)})
        if pred["baseUnit"] is None and e.get("baseUnit"):
            pred["baseUnit"] = e["baseUnit"]
    for path, tok in _tokens(doc.get("radius") or {}):
        e = ext(tok)
        v = _px(doc, tok["$value"])
        name = path[-1].lower()
        pill = bool(e.get("pill")) or v >= 999 or any(w in name for w in ("full", "pill", "circle"))
        pred["radii"].append({"value": v, "count": uses(e), "pill": pill})
    for _, tok in _tokens(doc.get("shadow") or {}):
        value = _resolve(doc, tok["$value"])
        layers = value if isinstance(value, list) else [value]
        out = []
        for ly in layers:
            ly = _resolve(doc, ly)
            color, alpha = _color_alpha(doc, ly.get("color", "#000000"))
            out.append({"offsetX": _px(doc, ly.get("offsetX", 0)), "offsetY": _px(doc, ly.get("offsetY", 0)),
                        "blur": _px(doc, ly.get("blur", 0)), "spread": _px(doc, ly.get("spread", 0)),
                        "color": color, "alpha": alpha, "inset": bool(ly.get("inset", False))})
        pred["shadows"].append({"layers": out})
    return pred


def read_prediction(path: Path) -> dict:
    """A JSON prediction, a *.tokens.json file, or a folder holding one."""
    if path.is_dir():
        files = sorted(path.glob("*.tokens.json"))
        return prediction_from_tokens(json.loads(files[0].read_text())) if files else normalize_empty()
    data = json.loads(path.read_text())
    if isinstance(data.get("spacing"), dict) or "radius" in data or "shadow" in data:  # a DTCG document
        return prediction_from_tokens(data)
    return data


def normalize_empty() -> dict:
    return {"spacing": [], "baseUnit": None, "radii": [], "shadows": []}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth", type=Path)
    ap.add_argument("prediction", type=Path)
    a = ap.parse_args(argv)
    truth = json.loads(a.truth.read_text())
    print(json.dumps(score_image(truth, read_prediction(a.prediction)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
