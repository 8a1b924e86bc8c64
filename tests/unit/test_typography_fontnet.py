"""The learned font-property estimator's numpy inference (typography/fontnet.py) and how its outputs
are pooled (classify.py). No torch: the convolutions are checked against a plain loop."""
from pathlib import Path

import numpy as np

from shared.extraction.typography import fontnet
from shared.extraction.typography.classify import (LEARNED_CLASSES, LEARNED_WEIGHTS, POOL_CAP, em_px, family_of,
                                                   weight_of)
from shared.extraction.typography.lines import TextLine


def _random_params(rng: np.random.Generator) -> dict[str, np.ndarray]:
    ch = (1, 8, 16, 32)
    p = {}
    for i in range(3):
        w = rng.normal(0, 0.3, (ch[i + 1], ch[i], 3, 3)).astype(np.float32)
        p[f"c{i}.w"], p[f"c{i}.b"] = w, rng.normal(0, 0.1, ch[i + 1]).astype(np.float32)
    flat = 32 * (fontnet.H // 8)
    p["f.mean"], p["f.std"] = np.zeros(fontnet.N_FEATURES, np.float32), np.ones(fontnet.N_FEATURES, np.float32)
    p["d0.w"], p["d0.b"] = rng.normal(0, 0.1, (64, flat + fontnet.N_FEATURES)).astype(np.float32), np.zeros(64, np.float32)
    p["d1.w"], p["d1.b"] = rng.normal(0, 0.1, (64, 64)).astype(np.float32), np.zeros(64, np.float32)
    for name, k in (("em", 1), ("wt", 9), ("fam", 4)):
        p[f"{name}.w"], p[f"{name}.b"] = rng.normal(0, 0.1, (k, 64)).astype(np.float32), np.zeros(k, np.float32)
    return p


def _reference(p: dict[str, np.ndarray], crop: np.ndarray, width: float, feat: np.ndarray):
    """The same network with loops: convolution as torch defines it (cross-correlation, zero padding)."""
    def conv(x, w, b, stride):
        c, h, wd = x.shape
        xp = np.pad(x, ((0, 0), (1, 1), (1, 1)))
        ho, wo = (h + stride - 1) // stride, (wd + stride - 1) // stride
        out = np.zeros((w.shape[0], ho, wo))
        for i in range(ho):
            for j in range(wo):
                patch = xp[:, i * stride:i * stride + 3, j * stride:j * stride + 3]
                out[:, i, j] = (w * patch[None]).sum(axis=(1, 2, 3)) + b
        return np.maximum(out, 0)

    def pool(x):
        c, h, w = x.shape
        return x.reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))

    x = conv(crop[None].astype(np.float64), p["c0.w"], p["c0.b"], 2)
    x = pool(conv(x, p["c1.w"], p["c1.b"], 1))
    x = pool(conv(x, p["c2.w"], p["c2.b"], 1))
    n = max(int(np.ceil(width / 8)), 1)
    z = np.concatenate([x[:, :, :n].mean(axis=2).reshape(-1), feat])
    z = np.maximum(p["d0.w"] @ z + p["d0.b"], 0)
    z = np.maximum(p["d1.w"] @ z + p["d1.b"], 0)
    return float((p["em.w"] @ z + p["em.b"])[0])


def test_numpy_inference_is_the_network_it_claims(tmp_path: Path):
    rng = np.random.default_rng(3)
    raw = _random_params(rng)
    np.savez(tmp_path / "m.npz", **raw)
    params = fontnet._params(str(tmp_path / "m.npz"))
    crops = rng.random((3, fontnet.H, fontnet.W)).astype(np.float32)
    widths = np.array([128.0, 40.0, 7.0])
    feats = rng.normal(size=(3, fontnet.N_FEATURES)).astype(np.float32)
    em, wl, fl, face = fontnet.forward(params, crops, widths, feats)
    for i in range(3):
        assert abs(em[i] - _reference(raw, crops[i], widths[i], feats[i])) < 1e-4
    assert wl.shape == (3, 9) and fl.shape == (3, 4) and face is None  # this model has no identifier
    assert np.allclose(np.exp(wl).sum(axis=1), 1, atol=1e-5) and np.allclose(np.exp(fl).sum(axis=1), 1, atol=1e-5)


def _drawn_line(ascent: int = 20, x_height: int = 14) -> tuple[TextLine, np.ndarray]:
    """Dark stems on white: ascenders and x-height letters standing on one baseline (row 60)."""
    rgb = np.full((100, 400, 3), 255, np.uint8)
    base = 60
    for k, x in enumerate(range(20, 380, 12)):
        top = base - (ascent if k % 3 == 0 else x_height)
        rgb[top:base, x:x + 3] = 0
    ln = TextLine(20, base - ascent, 380, base, glyphs=30, baseline=float(base), ascent=float(ascent),
                  x_height=float(x_height), stem=3.0)
    ln.features.update(bg=1.0, ink=0.0)
    return ln, rgb


def test_line_input_puts_the_measured_height_on_a_fixed_number_of_rows():
    for ascent in (10, 20, 40):
        ln, rgb = _drawn_line(ascent, int(ascent * 0.7))
        crop, feat, width = fontnet.line_input(ln, rgb)
        assert crop.shape == (fontnet.H, fontnet.W) and feat.shape == (fontnet.N_FEATURES,)
        rows = np.flatnonzero(crop.max(axis=1) > 127)
        baseline_row = fontnet.H - fontnet.BELOW * fontnet.ASCENT_ROWS
        assert abs(rows.max() + 1 - baseline_row) <= 1.0  # the ink ends on the baseline row
        assert abs((rows.max() + 1 - rows.min()) - fontnet.ASCENT_ROWS) <= 1.0  # and spans the ascent
        # Its width scales with the height, cut at W columns.
        assert width == min(fontnet.W, round(ln.width * fontnet.ASCENT_ROWS / ascent))


def test_without_a_model_nothing_is_annotated(tmp_path: Path):
    ln, rgb = _drawn_line()
    assert fontnet.annotate([ln], rgb, tmp_path / "none.npz") is False
    assert "fn_em" not in ln.features and ln.fn_weight is None
    assert em_px(ln) == ln.ascent / 0.72


def test_annotate_sets_the_em_weight_and_family(tmp_path: Path):
    np.savez(tmp_path / "m.npz", **_random_params(np.random.default_rng(1)))
    ln, rgb = _drawn_line()
    assert fontnet.annotate([ln], rgb, tmp_path / "m.npz") is True
    assert ln.features["fn_em"] > 0 and em_px(ln) == ln.features["fn_em"]
    assert ln.fn_weight.shape == (9,) and ln.fn_family.shape == (4,)


def _scored(weight_p: dict[int, float], family_p: dict[str, float], glyphs: int) -> TextLine:
    ln = TextLine(0, 0, 100, 10, glyphs=glyphs)
    ln.fn_weight = np.log(np.array([weight_p.get(w, 1e-3) for w in LEARNED_WEIGHTS]))
    ln.fn_family = np.log(np.array([family_p.get(c, 1e-3) for c in LEARNED_CLASSES]))
    return ln


def test_pooled_classes_weigh_lines_by_glyphs_up_to_the_cap():
    long_line = _scored({400: 0.6, 500: 0.4}, {"serif": 0.6, "sans-serif": 0.4}, glyphs=POOL_CAP)
    labels = [_scored({500: 0.65, 400: 0.35}, {"sans-serif": 0.65, "serif": 0.35}, glyphs=3) for _ in range(2)]
    # A full line against two 3-glyph labels: the line decides (the labels count a quarter each).
    assert weight_of([long_line, *labels]) == 400 and family_of([long_line, *labels])[0] == "serif"
    # A line of many more glyphs than the cap counts no more than the cap.
    huge = _scored({400: 0.6, 500: 0.4}, {"serif": 0.6, "sans-serif": 0.4}, glyphs=10 * POOL_CAP)
    many = [_scored({500: 0.7, 400: 0.3}, {"sans-serif": 0.7, "serif": 0.3}, glyphs=POOL_CAP) for _ in range(2)]
    assert weight_of([huge, *many]) == 500 and family_of([huge, *many])[0] == "sans-serif"


def _identifier_model(tmp_path: Path, p_known: float, name: str) -> Path:
    """A model whose identifier says "Alpha" with probability `p_known` whatever the line (its weights
    are zero, its biases the log-probabilities), the rest shared by "Beta" and any other face."""
    params = _random_params(np.random.default_rng(5))
    params["face.w"] = np.zeros((3, 64), np.float32)
    params["face.b"] = np.log(np.array([p_known, (1 - p_known) / 2, (1 - p_known) / 2])).astype(np.float32)
    params["faces"] = np.array(["Alpha", "Beta"])
    np.savez(tmp_path / name, **params)
    return tmp_path / name


def test_a_confidently_identified_face_gives_the_em_from_its_own_metrics(tmp_path: Path, monkeypatch):
    table = tmp_path / "faces.json"
    table.write_text('{"Alpha": {"ascender": 0.8, "capital": 0.75, "x": 0.55, "class": "serif"}}')
    monkeypatch.setattr(fontnet, "FACE_TABLE", table)
    ln, rgb = _drawn_line(ascent=20)
    ln.tall = "ascender"
    # Just over the 0.8 bound: the face's own share of the em (ascenders at 0.8 em: 20 px -> 25 px).
    assert fontnet.annotate([ln], rgb, _identifier_model(tmp_path, 0.805, "sure.npz")) is True
    assert abs(em_px(ln) - 20 / 0.8) < 1e-6 and ln.features["fn_face"] == 0
    # Just under it: the network's own estimate, as without an identifier.
    unsure, _ = _drawn_line(ascent=20)
    unsure.tall = "ascender"
    fontnet.annotate([unsure], rgb, _identifier_model(tmp_path, 0.795, "unsure.npz"))
    plain, _ = _drawn_line(ascent=20)
    plain.tall = "ascender"
    no_head = tmp_path / "plain.npz"
    np.savez(no_head, **_random_params(np.random.default_rng(5)))
    fontnet.annotate([plain], rgb, no_head)
    assert "fn_face" not in unsure.features and abs(em_px(unsure) - em_px(plain)) < 1e-6
    assert abs(em_px(plain) - 20 / 0.8) > 0.1  # (the network's estimate is not the table's by chance)


def test_an_identified_face_the_table_lacks_keeps_the_network_em(tmp_path: Path, monkeypatch):
    table = tmp_path / "faces.json"
    table.write_text('{"Beta": {"ascender": 0.8, "capital": 0.75, "x": 0.55, "class": "serif"}}')
    monkeypatch.setattr(fontnet, "FACE_TABLE", table)
    ln, rgb = _drawn_line(ascent=20)
    ln.tall = "ascender"
    fontnet.annotate([ln], rgb, _identifier_model(tmp_path, 0.99, "alpha.npz"))
    plain, _ = _drawn_line(ascent=20)
    plain.tall = "ascender"
    no_head = tmp_path / "plain.npz"
    np.savez(no_head, **_random_params(np.random.default_rng(5)))
    fontnet.annotate([plain], rgb, no_head)
    assert abs(em_px(ln) - em_px(plain)) < 1e-6
