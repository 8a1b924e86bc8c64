"""Scoring for the typography benchmark: predicted text styles against a page's rendered-DOM truth.

    python tests/benchmarks/typography_score.py TRUTH.json PREDICTION
        PREDICTION: a JSON list of styles, a *.tokens.json file, or the folder `copythat tokens -o` wrote

A prediction is a list of styles {fontSize: CSS px, fontWeight: int, lineHeight: unitless ratio,
letterSpacing: px (optional), familyClass: serif|sans-serif|monospace|display, role (optional),
share (optional)}. An empty list means "this image has no typography".

The rules (per image; a split averages them over the images that have text):
* Lines clipped by the viewport or an overflow box are "don't care": a size or weight seen only in
  clipped lines is neither required nor a false positive.
* Text sizes: the distinct true font sizes (values within 0.5 px merged) against the distinct predicted
  sizes; one-to-one maximum matching where a prediction p matches a true size t when
  |p - t| <= max(1 px, 6 % of t). F1 of that matching.
* Body size: the true body is the size carrying the most characters. The predicted body is the style
  with role "body", else the one with the largest share, else the first. Correct within 1 px.
* Weights: the distinct used weights, matched by exact numeric equality (400 is not 300: the pages
  only use weights their faces ship, so every true weight is drawn as such). F1.
* Body line height: |predicted body lineHeight - true ratio|, where the true ratio is the line box of
  the body-size text (most characters) over its size. Only where that text has a block of two or more
  lines: a single line shows no line height in pixels. A missing lineHeight counts as 1.2 (normal).
* Family class: the body's class (truth: most characters at the body size) and the largest text's
  class (truth: the largest true size; prediction: the largest predicted size) when it is not the
  body size; the image's score is the mean of those one or two checks.
* No text: an image without text lines is correct when the prediction is empty.
* Styles: the distinct true (size, weight, family class) styles against the predicted styles as
  listed (each is one the user sees), matched one-to-one when the size matches (as above) AND the
  weight is equal. Style precision and F1 of that matching; styles seen only in clipped lines are
  don't care. "Extra styles per size": each unmatched predicted style whose size matches a true
  size that does have a matched style is a split of that size (one 24 px/600 heading reported as
  23.5 px at 500, 600 and 700 is 2 extras); their count per image.
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

MERGE_PX = 0.5
TARGETS = {"size_f1": (">=", 0.90), "body_size": (">=", 0.95), "weight_f1": (">=", 0.80),
           "line_height_err": ("<=", 0.10), "family_class": (">=", 0.90), "no_text": (">=", 0.90)}
WEIGHT_WORDS = {"thin": 100, "hairline": 100, "extra-light": 200, "ultra-light": 200, "light": 300,
                "normal": 400, "regular": 400, "book": 400, "medium": 500, "semi-bold": 600, "demi-bold": 600,
                "bold": 700, "extra-bold": 800, "ultra-bold": 800, "black": 900, "heavy": 900,
                "extra-black": 950, "ultra-black": 950}
GENERIC_CLASS = {"serif": "serif", "sans-serif": "sans-serif", "monospace": "monospace", "cursive": "display",
                 "fantasy": "display", "ui-serif": "serif", "ui-sans-serif": "sans-serif", "system-ui": "sans-serif",
                 "ui-monospace": "monospace"}


# ------------------------------------------------------------------ matching rules


def size_matches(predicted: float, true: float) -> bool:
    return abs(predicted - true) <= max(1.0, 0.06 * true) + 1e-9


def distinct(values: list[float], merge: float = MERGE_PX) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > merge:
            out.append(v)
    return out


def max_matching(preds: list[float], trues: list[float], ok) -> dict[int, int]:
    """Maximum one-to-one matching (Kuhn's augmenting paths); returns {pred index: true index}."""
    owner: dict[int, int] = {}  # true index -> pred index

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


def set_f1(preds: list[float], trues: list[float], dont_care: list[float], ok) -> float:
    pairs = max_matching(preds, trues, ok)
    fp = sum(1 for i, p in enumerate(preds) if i not in pairs and not any(ok(p, d) for d in dont_care))
    tp, fn = len(pairs), len(trues) - len(pairs)
    if tp == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


# ------------------------------------------------------------------ the truth, summarised


def chars(line: dict) -> int:
    return sum(1 for ch in line["text"] if not ch.isspace())


def _cluster(size: float, sizes: list[float]) -> float:
    return min(sizes, key=lambda s: abs(s - size))


def truth_summary(truth: dict) -> dict:
    """Sizes, weights, body and largest text of a page, by the rules in this module's docstring."""
    lines = truth["lines"]
    seen = [ln for ln in lines if not ln["clipped"]]
    sizes = distinct([ln["fontSize"] for ln in seen])
    weights = sorted({ln["fontWeight"] for ln in seen})
    out = {"hasText": bool(lines), "sizes": sizes, "weights": weights, "dontCareStyles": [],
           "dontCareSizes": [s for s in distinct([ln["fontSize"] for ln in lines if ln["clipped"]])
                             if not any(abs(s - t) <= MERGE_PX for t in sizes)],
           "dontCareWeights": sorted({ln["fontWeight"] for ln in lines if ln["clipped"]} - set(weights)),
           "body": None, "largest": None, "styles": []}
    if not seen:
        return out
    by_size: Counter = Counter()
    for ln in seen:
        by_size[_cluster(ln["fontSize"], sizes)] += chars(ln)
    body = max(sizes, key=lambda s: (by_size[s], -s))
    at_body = [ln for ln in seen if _cluster(ln["fontSize"], sizes) == body]
    multi = [ln for ln in at_body if ln["multiline"]]
    lh = Counter()
    for ln in multi:
        lh[round(ln["lineHeightPx"] / ln["fontSize"], 3)] += chars(ln)
    out["body"] = {"fontSize": body, "familyClass": _majority(at_body, "familyClass"),
                   "fontWeight": _majority(at_body, "fontWeight"),
                   "lineHeight": lh.most_common(1)[0][0] if lh else None, "lineHeightObservable": bool(lh)}
    top = sizes[-1]
    out["largest"] = {"fontSize": top, "familyClass": _majority(
        [ln for ln in seen if _cluster(ln["fontSize"], sizes) == top], "familyClass")}
    out["styles"] = truth_styles(seen, sizes)
    seen_keys = {(_cluster(ln["fontSize"], sizes), ln["fontWeight"]) for ln in seen}
    clipped = [ln for ln in lines if ln["clipped"]]
    out["dontCareStyles"] = sorted({(ln["fontSize"], ln["fontWeight"]) for ln in clipped
                                    if not any(abs(ln["fontSize"] - s) <= MERGE_PX and ln["fontWeight"] == w
                                               for s, w in seen_keys)})
    return out


def _majority(lines: list[dict], key: str):
    c: Counter = Counter()
    for ln in lines:
        c[ln[key]] += chars(ln)
    return c.most_common(1)[0][0]


def truth_styles(lines: list[dict], sizes: list[float]) -> list[dict]:
    """Distinct (size, weight, class, italic) styles, with their share of the characters: the
    oracle's prediction, and the 'true styles' count."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for ln in lines:
        key = (_cluster(ln["fontSize"], sizes), ln["fontWeight"], ln["familyClass"], ln["fontStyle"] != "normal")
        groups[key].append(ln)
    total = sum(chars(ln) for ln in lines) or 1
    out = []
    for (size, weight, cls, italic), group in groups.items():
        n = sum(chars(ln) for ln in group)
        out.append({"fontSize": size, "fontWeight": weight, "familyClass": cls, "italic": italic,
                    "lineHeight": round(_majority(group, "lineHeightPx") / size, 3),
                    "letterSpacing": _majority(group, "letterSpacing"), "role": _majority(group, "role"),
                    "share": round(n / total, 4), "chars": n})
    return sorted(out, key=lambda s: -s["share"])


def oracle(truth: dict) -> list[dict]:
    """The truth as a prediction (must score 1.0: proves the scorer). The body carries role "body"."""
    summary = truth_summary(truth)
    styles = [dict(s, role=None) for s in summary["styles"]]
    if summary["body"]:
        body = summary["body"]
        lh = body["lineHeight"]
        for s in styles:
            if s["fontSize"] == body["fontSize"] and s["fontWeight"] == body["fontWeight"] \
                    and s["familyClass"] == body["familyClass"]:
                s["role"] = "body"
                s["lineHeight"] = lh if lh is not None else s["lineHeight"]
                break
    return styles


# ------------------------------------------------------------------ one image


def predicted_body(preds: list[dict]) -> dict | None:
    if not preds:
        return None
    for s in preds:
        if s.get("role") == "body":
            return s
    if any(s.get("share") is not None for s in preds):
        return max(preds, key=lambda s: s.get("share") or 0)
    return preds[0]


def score_image(truth: dict, preds: list[dict], summary: dict | None = None) -> dict:
    t = summary or truth_summary(truth)
    if not t["hasText"]:
        return {"hasText": False, "no_text": 1.0 if not preds else 0.0, "pred_styles": len(preds)}
    out = {"hasText": True, "pred_styles": len(preds), "true_styles": len(t["styles"])}
    psizes = distinct([float(s["fontSize"]) for s in preds])
    out["size_f1"] = set_f1(psizes, t["sizes"], t["dontCareSizes"], size_matches)
    pweights = sorted({int(s["fontWeight"]) for s in preds})
    out["weight_f1"] = set_f1(pweights, t["weights"], t["dontCareWeights"], lambda p, q: p == q)
    body = predicted_body(preds)
    tb = t["body"]
    out["body_size"] = float(body is not None and abs(float(body["fontSize"]) - tb["fontSize"]) <= 1.0 + 1e-9)
    if tb["lineHeightObservable"]:
        lh = body.get("lineHeight") if body else None
        out["line_height_err"] = abs((1.2 if lh is None else float(lh)) - tb["lineHeight"])
    out.update(style_scores(t, preds))
    checks = [body is not None and body.get("familyClass") == tb["familyClass"]]
    if t["largest"]["fontSize"] != tb["fontSize"]:
        top = max(preds, key=lambda s: float(s["fontSize"])) if preds else None
        checks.append(top is not None and top.get("familyClass") == t["largest"]["familyClass"])
    out["family_class"] = sum(checks) / len(checks)
    return out


def style_matches(p: tuple[float, int], t: tuple[float, int]) -> bool:
    return size_matches(p[0], t[0]) and p[1] == t[1]


def style_scores(t: dict, preds: list[dict]) -> dict:
    """Style precision, F1 and extra styles per size (the rules in this module's docstring)."""
    pstyles = [(float(s["fontSize"]), int(s["fontWeight"])) for s in preds]
    tstyles = [(float(s["fontSize"]), int(s["fontWeight"])) for s in t["styles"]]
    pairs = max_matching(pstyles, tstyles, style_matches)
    loose = [p for i, p in enumerate(pstyles) if i not in pairs
             and not any(style_matches(p, d) for d in t["dontCareStyles"])]
    tp = len(pairs)
    precision = tp / (tp + len(loose)) if tp + len(loose) else 0.0
    recall = tp / len(tstyles) if tstyles else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    matched_sizes = [tstyles[j][0] for j in pairs.values()]
    extras = sum(1 for p in loose if any(size_matches(p[0], s) for s in matched_sizes))
    return {"style_precision": precision, "style_f1": f1, "style_extras": float(extras)}


def aggregate(scores: list[dict], ms: list[float] | None = None) -> dict:
    text = [s for s in scores if s["hasText"]]
    blank = [s for s in scores if not s["hasText"]]
    mean = lambda k: statistics.fmean([s[k] for s in text if k in s]) if any(k in s for s in text) else None  # noqa: E731
    return {"images": len(scores), "with_text": len(text), "size_f1": mean("size_f1"), "body_size": mean("body_size"),
            "weight_f1": mean("weight_f1"), "line_height_err": mean("line_height_err"),
            "line_height_n": sum(1 for s in text if "line_height_err" in s), "family_class": mean("family_class"),
            "no_text": statistics.fmean([s["no_text"] for s in blank]) if blank else None, "no_text_n": len(blank),
            "pred_styles": mean("pred_styles"), "style_precision": mean("style_precision"),
            "style_f1": mean("style_f1"), "style_extras": mean("style_extras"),
            "true_styles": mean("true_styles"), "ms": statistics.median(ms) if ms else None}


def meets(metric: str, value: float | None) -> str:
    if value is None or metric not in TARGETS:
        return ""
    op, target = TARGETS[metric]
    ok = value >= target if op == ">=" else value <= target
    return "ok" if ok else "--"


# ------------------------------------------------------------------ DTCG tokens → styles


def _resolve(doc: dict, value):
    seen = 0
    while isinstance(value, str) and value.startswith("{") and value.endswith("}") and seen < 20:
        node = doc
        for part in value[1:-1].split("."):
            node = node[part]
        value = node
        seen += 1
    return value


def _token_value(doc: dict, value):
    value = _resolve(doc, value)
    return value.get("$value", value) if isinstance(value, dict) and "$value" in value else value


def _dimension_px(v, font_size: float = 16.0) -> float | None:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        v = v.strip()
        for unit, k in (("px", 1.0), ("rem", 16.0), ("em", font_size)):
            if v.endswith(unit):
                return float(v[: -len(unit)]) * k
        return float(v)
    unit = v.get("unit", "px")
    return float(v["value"]) * {"px": 1.0, "rem": 16.0, "em": font_size}[unit]


def _weight(v) -> int:
    if isinstance(v, str):
        return WEIGHT_WORDS[v.strip().lower().replace(" ", "-")]
    return int(v)


def _family_class(doc: dict, ref) -> str | None:
    node = _resolve(doc, ref)
    if isinstance(node, dict):
        cls = node.get("$extensions", {}).get("app.copythat", {}).get("class")
        if cls:
            return cls
        node = node.get("$value")
    names = [node] if isinstance(node, str) else list(node or [])
    for name in names:
        if name.strip().lower() in GENERIC_CLASS:
            return GENERIC_CLASS[name.strip().lower()]
    return None


def _typography_tokens(node: dict, inherited: str | None = None):
    kind = node.get("$type", inherited)
    if "$value" in node:
        if kind == "typography":
            yield node
        return
    for key, child in node.items():
        if not key.startswith("$") and isinstance(child, dict):
            yield from _typography_tokens(child, kind)


def styles_from_tokens(doc: dict) -> list[dict]:
    """The typography composite tokens of a DTCG 2025.10 document as predicted styles."""
    out = []
    for token in _typography_tokens(doc):
        v = token["$value"]
        size = _dimension_px(_token_value(doc, v["fontSize"]))
        ext = token.get("$extensions", {}).get("app.copythat", {})
        lh = _token_value(doc, v.get("lineHeight"))
        out.append({"fontSize": size, "fontWeight": _weight(_token_value(doc, v.get("fontWeight", 400))),
                    "lineHeight": None if lh is None else float(lh),
                    "letterSpacing": _dimension_px(_token_value(doc, v.get("letterSpacing")), size or 16.0),
                    "familyClass": _family_class(doc, v.get("fontFamily")), "role": ext.get("role"),
                    "share": ext.get("share")})
    return out


def read_prediction(path: Path) -> list[dict]:
    """A JSON list of styles, a *.tokens.json file, or a folder holding one."""
    if path.is_dir():
        files = sorted(path.glob("*.tokens.json"))
        return styles_from_tokens(json.loads(files[0].read_text())) if files else []
    data = json.loads(path.read_text())
    return data if isinstance(data, list) else styles_from_tokens(data)


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
