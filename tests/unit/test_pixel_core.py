"""The compiled palette core (shared/extraction/palette/_core.c) gives what the numpy pipeline gives.

The numpy pipeline is the specification and the fallback; the C one is what runs wherever it was
built. Both are compared field by field: colours, shares, regions and order exactly, importance to
a relative 1e-9 (the C one sums a few terms in another order, a last-digit difference)."""
from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from shared.extraction.image import load_image
from shared.extraction.palette import extractor
from shared.extraction.pixels import extract_palette
from tests.benchmarks.pixel_dataset import encode, make_scenes


# Not built: one None param, so that the tests fail (an empty list would skip them all silently).
@pytest.fixture(autouse=True, params=extractor.compiled_builds() or [None],
                ids=lambda m: m.__name__.rsplit(".", 1)[-1] if m else "not-built")
def core(request, monkeypatch):
    """Each test runs against each build (find_colors_compiled uses extractor._core)."""
    monkeypatch.setattr(extractor, "_core", request.param)
    return request.param


def _fields(found) -> list[tuple]:
    return [(f.rgb, f.share, f.bbox, f.centroid, f.edge_ratio) for f in found]


def assert_same(rgb: np.ndarray, alpha: np.ndarray | None, max_colors: int) -> None:
    ref = extractor.find_colors_numpy(rgb, alpha, max_colors)
    got = extractor.find_colors_compiled(rgb, alpha, max_colors)
    assert _fields(got) == _fields(ref)
    assert [f.importance for f in got] == pytest.approx([f.importance for f in ref], rel=1e-9)


def test_the_compiled_core_is_built_and_is_what_the_product_runs(monkeypatch):
    # `make install` (pip install -e .) builds it; without it the product runs the slower numpy path.
    assert extractor._core is not None, "shared.extraction.palette._core is not built: run pip install -e ."

    def numpy_path(*_a):
        raise AssertionError("the numpy pipeline ran although the core is built")

    monkeypatch.setattr(extractor, "find_colors_numpy", numpy_path)
    assert extract_palette(load_image(encode(make_scenes(1)[0], "png")), 12)


def test_the_product_runs_the_fastest_build_this_cpu_runs():
    from shared.extraction.palette import _core
    chosen = extractor._compiled_core()  # the choice extractor._core was set to at import
    if not _core.cpu_has_x86_64_v3():
        assert chosen is _core
        return
    try:
        from shared.extraction.palette import _core_v3
    except ImportError:
        pytest.skip("the x86-64-v3 build was not made here (setup.py builds it with GCC on x86-64 Linux)")
    assert chosen is _core_v3


def test_an_x86_64_v3_build_of_another_source_is_not_run(monkeypatch):
    """Its build is optional: when it fails after _core.c changed, the older file stays behind."""
    import sys
    import types

    from shared.extraction import palette
    from shared.extraction.palette import _core
    if not _core.cpu_has_x86_64_v3():
        pytest.skip("this CPU runs the baseline build only")
    from shared import logs
    warned: list[str] = []
    monkeypatch.setattr(logs, "warning", lambda _logger, message, **_f: warned.append(message))
    older = types.ModuleType("shared.extraction.palette._core_v3")
    older.source_sha256 = "0" * 64
    oldest = types.ModuleType("shared.extraction.palette._core_v3")  # from before builds carried it
    for stale in (older, oldest):
        monkeypatch.setitem(sys.modules, "shared.extraction.palette._core_v3", stale)
        monkeypatch.setattr(palette, "_core_v3", stale, raising=False)
        assert extractor._compiled_core() is _core
    assert len([m for m in warned if "another source" in m]) == 2
    assert _core.source_sha256 != "unknown"  # setup.py gave the build its source's hash


@pytest.mark.parametrize("split", ["png", "jpeg", "downscaled"])
def test_same_palettes_on_generated_designs(split):
    for scene in make_scenes(6):
        image = load_image(encode(scene, split))
        for max_colors in (1, 5, 12):
            assert_same(image.rgb, image.alpha, max_colors)


def _rgba_png(rng: np.random.Generator, transparent: float) -> bytes:
    arr = np.zeros((90, 140, 4), dtype=np.uint8)
    arr[..., :3] = (246, 247, 249)
    arr[20:60, 10:80, :3] = (37, 99, 235)
    arr[30:40, 90:130, :3] = (220, 38, 38)
    arr[..., 3] = 255
    arr[:, : int(140 * transparent), 3] = 0
    arr[70:, :, 3] = rng.integers(0, 256, (20, 140), dtype=np.uint8)  # a soft, semi-transparent edge
    buf = io.BytesIO()
    Image.fromarray(arr, "RGBA").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("transparent", [0.0, 0.4, 1.0])
def test_same_palettes_with_transparency(transparent):
    image = load_image(_rgba_png(np.random.default_rng(5), transparent))
    assert image.alpha is not None
    assert_same(image.rgb, image.alpha, 8)


@pytest.mark.parametrize("shape", [(1, 1), (1, 37), (41, 1), (2, 2), (3, 5), (64, 48)])
def test_same_palettes_on_tiny_and_degenerate_shapes(shape):
    rng = np.random.default_rng(shape[0] * 100 + shape[1])
    for rgb in (np.full((*shape, 3), (12, 200, 90), dtype=np.uint8),
                rng.integers(0, 256, (*shape, 3), dtype=np.uint8)):
        for max_colors in (0, 1, 12):
            assert_same(rgb, None, max_colors)


def test_non_contiguous_input_is_read_as_the_image_it_shows():
    rng = np.random.default_rng(9)
    big = np.repeat(np.repeat(rng.integers(0, 256, (10, 14, 3), dtype=np.uint8), 8, 0), 8, 1)
    view = big[3:70:2, 5:100:3]  # a strided view
    assert _fields(extractor.find_colors_compiled(view, None, 12)) == \
        _fields(extractor.find_colors_compiled(np.ascontiguousarray(view), None, 12))
    assert_same(view, None, 12)


@st.composite
def _designs(draw):
    """Small flat designs: a background, a few rectangles, optional noise (JPEG-like), optional
    1 px lines: the structures the pipeline's rules are about."""
    h, w = draw(st.integers(4, 40)), draw(st.integers(4, 40))
    colors = draw(st.lists(st.tuples(*[st.integers(0, 255)] * 3), min_size=1, max_size=6))
    rgb = np.empty((h, w, 3), dtype=np.uint8)
    rgb[:] = colors[0]
    for c in colors[1:]:
        y0, x0 = draw(st.integers(0, h - 1)), draw(st.integers(0, w - 1))
        y1, x1 = draw(st.integers(y0 + 1, h)), draw(st.integers(x0 + 1, w))
        rgb[y0:y1, x0:x1] = c
    noise = draw(st.integers(0, 12))
    if noise:
        rng = np.random.default_rng(draw(st.integers(0, 2**16)))
        rgb = np.clip(rgb.astype(np.int16) + rng.integers(-noise, noise + 1, rgb.shape), 0, 255).astype(np.uint8)
    return rgb, draw(st.integers(1, 12))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_designs())
def test_same_palettes_on_random_designs(design):
    rgb, max_colors = design
    assert_same(rgb, None, max_colors)


@pytest.mark.parametrize("panel, area, jitter", [("#fffafb", 6000, 0.0), ("#fffefa", 12000, 0.0),
                                                 ("#fffbfa", 12000, 0.0), ("#fffafb", 660, 0.0),
                                                 ("#fffafb", 540, 0.0), ("#fffafb", 12000, 0.10),
                                                 ("#fffafb", 12000, 0.13)])
def test_same_palettes_on_solid_near_duplicates(panel, area, jitter):
    """Solid colours inside one leader radius, at the share and spread edges (test_pixel_solid.py)."""
    from tests.unit.test_pixel_solid import page

    assert_same(page(panel, area, jitter), None, 12)


def _surface_scenes() -> list[np.ndarray]:
    from tests.unit.test_pixel_surface import GREY_50, cards_page, panel_page
    from tests.unit.test_pixel_solid import page

    return ([cards_page(g) for g in sorted(GREY_50.values())]
            + [panel_page(c, block=(100, 60)) for c in ("#fcfbfb", "#fbfcfd")]
            + [panel_page("#f8fafc", stripes=n) for n in (12697, 12986)]
            + [panel_page("#f8fafc", block=(0, 0), stripes=6000), page("#fffefa", 12000, stripes=True)]
            + [panel_page("#f8fafc", block=(r, 10), size=(40, 40), at=(15, 15)) for r in (10, 9)])


def test_same_palettes_on_surface_pairs():
    """Surfaces under ΔE 2 (white cards on grey-50 pages) at the floor and interior edges
    (test_pixel_surface.py)."""
    for img in _surface_scenes():
        assert_same(img, None, 12)


def test_the_product_falls_back_to_numpy_with_the_same_answer(monkeypatch):
    image = load_image(encode(make_scenes(1)[0], "jpeg"))
    compiled = extract_palette(image, 12)
    monkeypatch.setattr(extractor, "_core", None)
    assert extract_palette(image, 12) == compiled


def test_the_core_uses_the_numpy_pipelines_constants():
    """Tuning a constant in one implementation and not the other fails here, whatever the images."""
    import re
    from pathlib import Path

    from shared.extraction.palette import blends, clusters, histogram

    source = (Path(extractor.__file__).parent / "_core.c").read_text()
    c = {name: float(value) for name, value in re.findall(r"^#define ([A-Z_]+) (-?[0-9.]+)\s*$", source, re.M)}
    python = {
        "MIN_CONTRAST": blends.MIN_CONTRAST, "T_RANGE_LO": blends.T_RANGE[0], "T_RANGE_HI": blends.T_RANGE[1],
        "PERP_FRACTION": blends.PERP_FRACTION, "PERP_FLOOR": blends.PERP_FLOOR,
        "BITS": histogram.BITS, "LEADER_RADIUS": histogram.LEADER_RADIUS, "MAX_LEADERS": histogram.MAX_LEADERS,
        "CORE_RADIUS": histogram.CORE_RADIUS, "MIN_LEADER_SHARE": histogram.MIN_LEADER_SHARE,
        "SOLID_SHARE": histogram.SOLID_SHARE, "SOLID_SPREAD": histogram.SOLID_SPREAD,
        "SOLID_MIN_PIXELS": histogram.SOLID_MIN_PIXELS, "SURFACE_INTERIOR": histogram.SURFACE_INTERIOR,
        "SURFACE_DE": clusters.SURFACE_DE,
        "NOISE_DE": clusters.NOISE_DE, "CONTINUUM_DE": clusters.CONTINUUM_DE,
        "SOFT_BOUNDARY": clusters.SOFT_BOUNDARY, "FLAT_PURITY": clusters.FLAT_PURITY,
        "BLEND_MIN_EDGE_RATIO": clusters.BLEND_MIN_EDGE_RATIO, "BLEND_T_LO": clusters.BLEND_T[0],
        "BLEND_T_HI": clusters.BLEND_T[1], "BLEND_CANDIDATES": clusters.BLEND_CANDIDATES,
        "BLEND_MIN_TOUCH": clusters.BLEND_MIN_TOUCH, "RAMP_VOID_SHARE": clusters.RAMP_VOID_SHARE,
        "SATELLITE_DE": clusters.SATELLITE_DE, "SATELLITE_EDGE_RATIO": clusters.SATELLITE_EDGE_RATIO,
        "SATELLITE_MAX_PURITY": clusters.SATELLITE_MAX_PURITY, "SATELLITE_MIN_TOUCH": clusters.SATELLITE_MIN_TOUCH,
        "OKLAB_PREFILTER_PER_DE": clusters._OKLAB_PREFILTER_PER_DE,
        "MIN_SHARE": extractor.MIN_SHARE, "CHROMA_FULL": extractor.CHROMA_FULL,
        "CHROMA_BOOST": extractor.CHROMA_BOOST, "SHARE_EXPONENT": extractor.SHARE_EXPONENT,
        "CONTINUUM_WEIGHT": extractor.CONTINUUM_WEIGHT, "PURITY_FLOOR": extractor.PURITY_FLOOR,
    }
    assert {name: c.get(name) for name in python} == {name: float(v) for name, v in python.items()}


def _imagery_pages() -> list[tuple[np.ndarray, np.ndarray | None]]:
    """Pages with photos (PNG and JPEG), one half transparent, and shapes at the block-size edges."""
    from tests.unit.test_pixel_imagery import page

    out = []
    for photos in ([(420, 80, 780, 440)], [(420, 80, 780, 300), (40, 60, 300, 260)], []):
        img = page(photos)
        for fmt in ("PNG", "JPEG"):
            buf = io.BytesIO()
            img.save(buf, fmt, quality=75) if fmt == "JPEG" else img.save(buf, fmt)
            im = load_image(buf.getvalue())
            out.append((im.rgb, im.alpha))
    rgb = np.asarray(page([(420, 80, 780, 440)]))
    alpha = np.full(rgb.shape[:2], 255, dtype=np.uint8)
    alpha[:, 600:] = 0
    out.append((rgb, alpha))
    rng = np.random.default_rng(4)
    for shape in ((9, 900), (8, 8), (300, 17), (2, 2)):
        out.append((rng.integers(90, 110, (*shape, 3), dtype=np.uint8), None))
    return out


def test_same_imagery_classification_and_counts(core):
    from shared.extraction.palette import imagery

    flagged = 0
    for rgb, alpha in _imagery_pages():
        colors = [f.rgb for f in extractor.find_colors_numpy(rgb, alpha, 12)]
        valid = extractor._valid(alpha)
        got = imagery.classify(rgb, valid, colors, core=core)
        assert got == imagery.classify(rgb, valid, colors, core=None)
        flagged += any(got[1])
        s, b, nby, nbx = imagery._grid(rgb.shape[:2])
        if nby and nbx:
            chans, right, down = imagery._samples(rgb, s, b, nby, nbx)
            hi = np.maximum(right, down)
            smooth = ((right > 0) & (down > 0) & (hi <= imagery.SMOOTH_MAX)).reshape(nby, b, nbx, b).sum(axis=(1, 3))
            edge = (hi > imagery.SMOOTH_MAX).reshape(nby, b, nbx, b).sum(axis=(1, 3))
            counts = np.frombuffer(core.imagery_blocks(np.ascontiguousarray(rgb), *rgb.shape[:2], s, b,
                                                       imagery.SMOOTH_MAX, nby, nbx), dtype=np.int32)
            assert (counts == np.concatenate([smooth.ravel(), edge.ravel()])).all()
            where = np.full((nby, nbx), -1, dtype=np.int32)
            where[: nby // 2, : nbx // 2] = 0
            where[nby // 2:, nbx // 2:] = 1
            ref = imagery._members(chans, valid, s, b, where, 2, colors or [(0, 0, 0)])
            out = np.frombuffer(core.imagery_members(
                np.ascontiguousarray(rgb), *rgb.shape[:2], None if valid is None else valid.view(np.uint8).copy(),
                s, b, where, nbx, 2, np.asarray(colors or [(0, 0, 0)], dtype=np.uint8).tobytes(),
                imagery.MEMBER_LEVELS, imagery.EXACT_LEVELS), dtype=np.int64)
            k = len(colors or [(0, 0, 0)])
            assert (out[:(k + 1) * 3] == ref[0].ravel()).all() and (out[(k + 1) * 3:] == ref[1]).all()
    assert flagged >= 3  # the photo pages' photos were found


def test_same_illustration_counts_and_groups(core):
    """imagery.compiled_shape_stats (the core's illustration_stats) gives shape_stats(label_grid(...)):
    drawn illustration and UI pages, PNG and JPEG, one half transparent, photo pages, tiny images."""
    from shared.extraction.palette import imagery
    from tests.unit.test_pixel_illustration import avatars_and_pills, person_and_plant, rendered

    if core is None:
        pytest.skip("no compiled core built")
    pages = []
    for draw in (person_and_plant, avatars_and_pills):
        img = rendered(draw)
        for fmt in ("PNG", "JPEG"):
            buf = io.BytesIO()
            img.save(buf, fmt, quality=75) if fmt == "JPEG" else img.save(buf, fmt)
            im = load_image(buf.getvalue())
            pages.append((im.rgb, im.alpha))
    rgb = np.asarray(rendered(person_and_plant))
    alpha = np.full(rgb.shape[:2], 255, dtype=np.uint8)
    alpha[:, 560:] = 0  # through the illustration
    pages.append((rgb, alpha))
    pages += _imagery_pages()
    groups = 0
    for rgb, alpha in pages:
        colors = [f.rgb for f in extractor.find_colors_numpy(rgb, alpha, 12)]
        valid = extractor._valid(alpha)
        assert imagery.classify(rgb, valid, colors, core=core) == imagery.classify(rgb, valid, colors, core=None)
        s, b, nby, nbx = imagery._grid(rgb.shape[:2])
        if not (nby and nbx and colors):
            continue
        rows, cols = nby * b, nbx * b
        ref = imagery.shape_stats(imagery.label_grid(rgb, valid, s, rows, cols, colors), len(colors))
        got = imagery.compiled_shape_stats(core, rgb, valid, s, rows, cols, colors)
        for field in ("solid", "bbox", "touch", "oblique", "straight"):
            assert np.array_equal(getattr(got, field), getattr(ref, field)), field
        groups += len(imagery.illustrations(got, rows, cols))
    assert groups >= 2  # the illustration was found (PNG and JPEG)
