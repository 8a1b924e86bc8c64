"""A learned estimate of a line's font properties from its pixels: the em (as a multiple of the
measured height), the weight class and the family class. Inference in numpy.

The input is the line's coverage (0-1 ink, measure.py's background and ink) cropped from a band
around its baseline and scaled so that the measured height (ascenders, capitals or x-height) is
always `ASCENT_ROWS` rows, the first `W` columns of it; plus the measured shape features
(`features`). A small CNN (three 3×3 convolutions with ReLU, the first at stride 2, the others
followed by 2×2 max-pooling; a mean over the width the line covers) and two dense layers give:

- `em`: log(em / measured height), so the line's em is its height × exp(em) (a face-aware share of
  the em: a font-blind constant is off by ±5 % from face to face);
- `weight`: log-probabilities of the classes 100…900;
- `family`: log-probabilities of sans-serif, serif, monospace, display.

and, when the model has one, a face identifier:

- `face`: log-probabilities of the popular web faces it was trained to know (the weights file's
  "faces", each with its own metrics in data/faces.json, read from its font file by
  tests/benchmarks/typography_face_table.py) and a last class for any other face. Where it names a
  known face with at least `FACE_CONFIDENT` probability, the em is the measured height over that
  face's own share of the em (a face's proportions do not predict its em; knowing the face does).

Trained on renders of many web fonts (tests/benchmarks/typography_training.py renders and collects
them, tests/benchmarks/fontnet_train.py trains, seeded), the popular web faces among them on pages of
their own (the benchmark's faces, never its pages): the weights are data/fontnet.npz, loaded on first
use; the shipped file has no identifier yet (a head on its fixed features named a known face on too
few lines to matter). Without that file `annotate` does nothing and the hand rules decide alone.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from shared.extraction.typography.classify import LEARNED_CLASSES, LEARNED_WEIGHTS
from shared.extraction.typography.lines import TextLine
from shared.extraction.typography.measure import luminance

H, W = 24, 128  # input rows and columns
ASCENT_ROWS = 13.0  # rows the measured height spans
BELOW = 0.45  # of the measured height: how far under the baseline the crop reaches
CLASSES = LEARNED_CLASSES
WEIGHTS = LEARNED_WEIGHTS
TALL = ("ascender", "capital", "none")
N_FEATURES = 16
MAX_LINES = 160  # per image, for time
MODEL = Path(__file__).resolve().parent / "data" / "fontnet.npz"
FACE_TABLE = Path(__file__).resolve().parent / "data" / "faces.json"
FACE_CONFIDENT = 0.8  # identifier probability from which a known face's own metrics give the em
TABLE_KEY = {"ascender": "ascender", "capital": "capital", "none": "x"}  # line.tall -> faces.json share


def features(line: TextLine) -> np.ndarray:
    """The measured shape of a line, scale-free (heights and strokes over the measured height)."""
    asc = max(line.ascent, 1.0)
    f = line.features
    v = [float(line.tall == t) for t in TALL]
    v += [(line.x_height or 0.0) / asc, float(line.x_height is not None), (line.descent or 0.0) / asc,
          line.stem / asc, min(line.contrast, 3.0), min(f.get("foot", 1.0), 3.0), min(f.get("head", 1.0), 3.0),
          f.get("mono", 0.0), np.log(asc) - 2.5, np.log(max(line.glyphs, 1)) - 2.0,
          np.log(max(line.width, 1) / asc) - 2.0, f.get("ink_share", 0.0), f.get("tracking", 0.0) / asc]
    return np.asarray(v, np.float32)


def line_input(line: TextLine, rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, int] | None:
    """(coverage crop H×W uint8, features, columns used) of a measured line, None when it has no
    usable height."""
    asc = line.ascent
    bg, ink = line.features.get("bg"), line.features.get("ink")
    if asc < 2.0 or bg is None or ink is None or abs(ink - bg) < 1e-3:
        return None
    scale = ASCENT_ROWS / asc  # output rows per image px
    top = line.baseline - (H - BELOW * ASCENT_ROWS) / scale  # image y of the crop's first row
    bottom = top + H / scale
    y0, y1 = int(np.floor(top)), int(np.ceil(bottom))
    x0 = line.x0
    x1 = min(line.x1, x0 + int(np.ceil(W / scale)) + 1)
    ih, iw = rgb.shape[:2]
    cy0, cy1 = max(y0, 0), min(y1, ih)
    if cy1 - cy0 < 2 or x1 - x0 < 2:
        return None
    lum = luminance(rgb[cy0:cy1, x0:x1])
    a = np.clip((lum - bg) / (ink - bg), 0.0, 1.0).astype(np.float32)
    a = np.pad(a, ((cy0 - y0, y1 - cy1), (0, 0)))
    out_w = max(1, min(W, int(round((x1 - x0) * scale))))
    out_h = max(1, int(round((y1 - y0) * scale)))
    img = Image.fromarray(a, mode="F").resize((out_w, out_h), Image.BILINEAR)
    r = np.asarray(img, np.float32)
    off = int(round((top - y0) * scale))
    r = r[off:off + H]
    crop = np.zeros((H, W), np.float32)
    crop[:r.shape[0], :out_w] = r[:, :W]
    return (np.clip(crop * 255.0 + 0.5, 0, 255)).astype(np.uint8), features(line), out_w


@lru_cache(maxsize=1)
def _params(path: str = str(MODEL)) -> dict[str, np.ndarray] | None:
    p = Path(path)
    if not p.exists():
        return None
    with np.load(p) as z:
        params = {k: z[k].astype(np.float32) for k in z.files if k != "faces"}
        faces = [str(f) for f in z["faces"]] if "faces" in z.files else []
    if faces:  # the identifier's known faces with their shares of the em (a face the table lacks: none)
        table = json.loads(FACE_TABLE.read_text()) if FACE_TABLE.exists() else {}
        params["face.share"] = np.array([[table.get(f, {}).get(TABLE_KEY[t]) or np.nan for t in TALL] for f in faces],
                                        np.float64)
    for k in range(3):  # O×C×3×3 → (3·3·C)×O, rows in the order the columns are gathered
        w = params.pop(f"c{k}.w")
        params[f"c{k}.m"] = np.ascontiguousarray(w.transpose(2, 3, 1, 0).reshape(-1, w.shape[0]))
    return params


def _conv(x: np.ndarray, wm: np.ndarray, b: np.ndarray, stride: int = 1, pool: bool = False) -> np.ndarray:
    """3×3 'same' convolution (stride 1 or 2), ReLU, optionally 2×2 max-pooling; N×H×W×C layout."""
    n, h, w, c = x.shape
    p = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    ho, wo = (h + stride - 1) // stride, (w + stride - 1) // stride
    cols = np.concatenate([p[:, dy:dy + h:stride, dx:dx + w:stride] for dy in range(3) for dx in range(3)], axis=3)
    y = cols.reshape(n * ho * wo, 9 * c) @ wm
    y += b
    np.maximum(y, 0.0, out=y)
    y = y.reshape(n, ho, wo, -1)
    if pool:
        y = np.maximum(np.maximum(y[:, 0::2, 0::2], y[:, 1::2, 0::2]), np.maximum(y[:, 0::2, 1::2], y[:, 1::2, 1::2]))
    return y


def forward(params: dict[str, np.ndarray], crops: np.ndarray, widths: np.ndarray,
            feats: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """(em log-ratio, weight log-probs, family log-probs, face log-probs or None without an
    identifier) for N inputs: crops N×H×W (0-1),
    widths (columns used), features N×N_FEATURES. The convolutions: 8 channels at stride 2, 16 and
    32 each followed by 2×2 max-pooling (H×W → H/8 × W/8)."""
    x = crops[:, :, :, None].astype(np.float32)
    x = _conv(x, params["c0.m"], params["c0.b"], stride=2)
    x = _conv(x, params["c1.m"], params["c1.b"], pool=True)
    x = _conv(x, params["c2.m"], params["c2.b"], pool=True)
    n, h, w, c = x.shape
    valid = (np.arange(w)[None, :] < np.maximum(np.ceil(widths / 8.0), 1)[:, None]).astype(np.float32)
    pooled = np.einsum("nhwc,nw->nch", x, valid) / valid.sum(axis=1)[:, None, None]
    z = np.concatenate([pooled.reshape(n, c * h), (feats - params["f.mean"]) / params["f.std"]], axis=1)
    z = np.maximum(z @ params["d0.w"].T + params["d0.b"], 0.0)
    z = np.maximum(z @ params["d1.w"].T + params["d1.b"], 0.0)
    em = z @ params["em.w"].T + params["em.b"]
    wl = z @ params["wt.w"].T + params["wt.b"]
    fl = z @ params["fam.w"].T + params["fam.b"]

    def logsoft(v: np.ndarray) -> np.ndarray:
        v = v - v.max(axis=1, keepdims=True)
        return v - np.log(np.exp(v).sum(axis=1, keepdims=True))

    face = logsoft(z @ params["face.w"].T + params["face.b"]) if "face.w" in params else None
    return em[:, 0], logsoft(wl), logsoft(fl), face


def annotate(lines: Sequence[TextLine], rgb: np.ndarray, path: Path = MODEL) -> bool:
    """Set the learned estimates on measured lines (in place): line.features["fn_em"] (the em in
    image px), line.fn_weight and line.fn_family (log-probabilities). False when no model ships."""
    params = _params(str(path))
    if params is None or not lines:
        return False
    # The lines with the most glyphs, when there are very many (time): the rest keep the constants.
    chosen = sorted(lines, key=lambda ln: -ln.glyphs)[:MAX_LINES]
    got = [(ln, x) for ln in chosen if (x := line_input(ln, rgb)) is not None]
    if not got:
        return False
    crops = np.stack([x[0] for _, x in got]).astype(np.float32) * (1.0 / 255.0)
    feats = np.stack([x[1] for _, x in got])
    widths = np.array([x[2] for _, x in got], np.float64)
    em, wl, fl, face = forward(params, crops, widths, feats)
    share = params.get("face.share")
    for i, ((ln, _), e, w, f) in enumerate(zip(got, em, wl, fl)):
        ln.features["fn_em"] = float(ln.ascent * np.exp(e))
        ln.fn_weight = w
        ln.fn_family = f
        if face is not None and share is not None:
            k = int(face[i].argmax())
            p = float(np.exp(face[i, k]))
            if k < share.shape[0] and p >= FACE_CONFIDENT:
                s = share[k, TALL.index(ln.tall) if ln.tall in TALL else 0]
                ln.features["fn_face"], ln.features["fn_face_p"] = k, p
                if np.isfinite(s) and s > 0:
                    ln.features["fn_em"] = float(ln.ascent / s)
    return True
