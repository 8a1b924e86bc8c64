"""The exporters' public API: render(), FORMATS, errors, determinism, zip, names."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import datetime, timezone

import pytest

from shared.domain.errors import InvalidRequest
from shared.domain.models import Token
from shared.exporters import FORMATS, Rendered, render
from shared.exporters._model import build_view
from shared.exporters.bundle import ExportBundle
from shared.exporters.sample import edge_case_bundle, sample_bundle

EXPECTED = {
    "dtcg": ("application/design-tokens+json", "sample-brand.tokens.json"),
    "css": ("text/css; charset=utf-8", "sample-brand.css"),
    "scss": ("text/x-scss; charset=utf-8", "_sample-brand.scss"),
    "tailwind": ("text/css; charset=utf-8", "sample-brand.theme.css"),
    "ts": ("text/typescript; charset=utf-8", "sample-brand.ts"),
    "json": ("application/json", "sample-brand.colors.json"),
    "html": ("text/html; charset=utf-8", "sample-brand.preview.html"),
    "zip": ("application/zip", "sample-brand-tokens.zip"),
}


@pytest.fixture(scope="module")
def bundle():
    return sample_bundle(10)


def test_formats_registry():
    assert list(FORMATS) == ["dtcg", "css", "scss", "tailwind", "ts", "json", "html", "zip"]


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_render_each_format(bundle, fmt):
    out = render(fmt, bundle)
    assert isinstance(out, Rendered) and isinstance(out.body, bytes) and out.body
    assert (out.content_type, out.filename) == EXPECTED[fmt]
    assert out.content_type == FORMATS[fmt].content_type


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_deterministic_bytes(fmt):
    a = render(fmt, sample_bundle(30))
    b = render(fmt, sample_bundle(30))  # a fresh, equal bundle
    assert a.body == b.body
    assert hashlib.sha256(a.body).hexdigest() == hashlib.sha256(b.body).hexdigest()
    assert a.etag == b.etag and re.fullmatch(r'"[0-9a-f]{32}"', a.etag)


def test_aliases_and_case(bundle):
    assert render("TypeScript", bundle).filename.endswith(".ts")
    assert render(" tokens ", bundle).content_type == "application/design-tokens+json"
    assert render("tw", bundle).filename.endswith(".theme.css")
    assert render("preview", bundle).filename.endswith(".html")


@pytest.mark.parametrize("fmt", ["pdf", "", "sketch", "DTCG2"])
def test_unknown_format(bundle, fmt):
    with pytest.raises(InvalidRequest) as e:
        render(fmt, bundle)
    assert e.value.code == "unknown_format" and e.value.status == 400
    assert e.value.details["formats"] == list(FORMATS)


@pytest.mark.parametrize("fmt", list(EXPECTED))
def test_empty_library(fmt):
    empty = ExportBundle(project_id="p1", project_name="Empty", tokens=[])
    with pytest.raises(InvalidRequest) as e:
        render(fmt, empty)
    assert e.value.code == "empty_library" and e.value.status == 409
    assert e.value.to_dict()["details"] == {"projectId": "p1"}


def test_unknown_format_checked_before_empty_library():
    with pytest.raises(InvalidRequest) as e:
        render("nope", ExportBundle(project_id="p1", project_name="Empty", tokens=[]))
    assert e.value.code == "unknown_format"


def test_zip_is_deterministic_and_complete(bundle):
    body = render("zip", bundle).body
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        names = zf.namelist()
        assert names[0] == "sample-brand/README.txt"
        assert sorted(names[1:]) == sorted(f"sample-brand/{EXPECTED[f][1]}" for f in EXPECTED if f != "zip")
        for info in zf.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        for f in EXPECTED:
            if f != "zip":
                assert zf.read(f"sample-brand/{EXPECTED[f][1]}") == render(f, bundle).body


def test_generated_at_changes_output_only_when_set(bundle):
    b2 = ExportBundle(
        bundle.project_id,
        bundle.project_name,
        bundle.tokens,
        bundle.scales,
        bundle.schemes,
        generated_at=datetime(2030, 1, 1, tzinfo=timezone.utc),
    )
    assert render("css", b2).body != render("css", bundle).body
    b3 = ExportBundle(bundle.project_id, bundle.project_name, bundle.tokens, bundle.scales, bundle.schemes)
    assert b"Generated" not in render("css", b3).body


def test_names_are_unique_safe_and_stable():
    view = build_view(edge_case_bundle())
    slugs = [e.slug for e in view.entries]
    assert slugs[10:] == [
        "royal-blue-2",
        "primary-2",
        "royal-blue-500-2",
        "weird-name-x",
        "dollar",
        "creme-brulee",
        "color",
        "50-shades",
        "gray-2",
        "gray",
        "gray-3",
        "transparent-2",
        "color-2",
    ]
    flat = list(view.flat_colors())
    assert len(flat) == len(set(flat))
    css_names = (
        [e.slug for e in view.entries]
        + [f"{e.slug}-{s}" for e in view.entries for s in e.scale]
        + [s.role for s in view.schemes["light"]]
    )
    assert len(css_names) == len(set(css_names)), "one flat --color-* namespace without clashes"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in css_names)
    assert [e.slug for e in build_view(edge_case_bundle()).entries] == slugs


def test_scheme_values_become_aliases(bundle):
    doc = json.loads(render("dtcg", bundle).body)
    light, dark = doc["semantic"]["light"], doc["semantic"]["dark"]
    assert light["primary"]["$value"] == "{palette.royal-blue}"
    assert dark["primary"]["$value"] == "{scale.royal-blue.300}"
    assert dark["background"]["$value"]["hex"] == "#101114"  # not in palette or scales: literal
    assert light["on-primary"]["$value"] == {
        "colorSpace": "srgb",
        "components": [1.0, 1.0, 1.0],
        "alpha": 1,
        "hex": "#ffffff",
    }


def test_alias_prefers_the_token_with_that_role():
    base = sample_bundle(10)
    twin = Token(id="twin", project_id=base.project_id, hex=base.tokens[0].hex, name="Twin", oklch=[0, 0, 0])
    b = ExportBundle(base.project_id, base.project_name, [twin, *base.tokens], base.scales, base.schemes)
    doc = json.loads(render("dtcg", b).body)
    assert doc["semantic"]["light"]["primary"]["$value"] == "{palette.royal-blue}"  # not palette.twin


def test_minimal_bundle_without_scales_or_schemes():
    t = Token(id="a", project_id="p", hex="#336699", name="Steel", oklch=[0.5, 0.1, 250])
    b = ExportBundle("p", "Mini", [t])
    for fmt in FORMATS:
        assert render(fmt, b).body
    doc = json.loads(render("dtcg", b).body)
    assert set(k for k in doc if not k.startswith("$")) == {"palette"}
    assert "@media" not in render("css", b).body.decode()


def test_scale_keys_may_be_strings_and_hex_any_case():
    t = Token(id="a", project_id="p", hex="#336699", name="Steel", oklch=[0.5, 0.1, 250])
    b = ExportBundle(
        "p",
        "Mini",
        [t],
        scales={"a": {"900": "#112233", "50": "#eef"}},
        schemes={"light": {"primary": "#336699"}},
    )
    doc = json.loads(render("dtcg", b).body)
    assert list(k for k in doc["scale"]["steel"] if not k.startswith("$")) == ["50", "900"]
    assert doc["scale"]["steel"]["50"]["$value"]["hex"] == "#eeeeff"


def test_duplicate_role_in_a_scheme_is_a_bundle_error():
    from shared.domain.errors import AppError

    t = Token(id="a", project_id="p", hex="#336699", name="Steel", oklch=[0.5, 0.1, 250])
    b = ExportBundle("p", "Mini", [t], schemes={"light": {"Primary": "#336699", "primary": "#000000"}})
    with pytest.raises(AppError) as e:
        render("css", b)
    assert e.value.code == "invalid_bundle" and e.value.status == 500
