"""Exports checked with the real tools front-end teams use (versions pinned in package.json).

Every test runs on two bundles: ``sample`` (10 named colors with scales and light/dark schemes, and
the sample fonts, weights, type scale, spacing, radii and shadows) and ``edge`` (the same plus
names that stress slugging, escaping, reserved names and clashes). Every format is compared with
the DTCG file's values (`dtcgref`). Exported files, tool outputs and the preview screenshots are
left in ``out/conformance/<bundle>/``.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from coloraide import Color
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from shared.domain.models import Token
from shared.exporters import FORMATS, render
from shared.exporters.bundle import ExportBundle
from shared.exporters.sample import edge_case_bundle, sample_bundle, typed_tokens

from . import cssparse, dtcgref
from .conftest import HERE, REPO, Tools, run

SCHEMAS = Path("/work/shared/dtcg-schemas/2025.10")
if not SCHEMAS.exists():  # CI: a copy of shared/ sits beside the clone
    SCHEMAS = REPO.parent / "shared" / "dtcg-schemas" / "2025.10"

pytestmark = pytest.mark.timeout(1800)  # the first test may wait for npm ci / apt-get install

def _family_named() -> ExportBundle:
    """What enrich stores by default: colors named in the family style (neutral-50, slate-900, two
    blues), whose scales carry their family's name where it stands alone (--color-slate-50 … -950)."""
    from tests.unit.test_export_golden import computed, libraries

    return computed("family", libraries()["enriched"])


BUNDLES = {"sample": lambda: sample_bundle(10), "edge": edge_case_bundle, "family": _family_named}
# Small libraries that every tool must still take: one color (no scales, no schemes), and typed
# tokens without any color (no palette section anywhere).
SMALL = {
    "minimal": lambda: ExportBundle(
        "p-min", "Minimal", [Token(id="a", project_id="p-min", hex="#336699", name="Steel", oklch=[0.5, 0.1, 250])]
    ),
    "typed-only": lambda: ExportBundle("p-typed", "Typed Only", typed_tokens("p-typed")),
}


def export_files(name: str, bundle: ExportBundle, out_dir: Path) -> dict:
    """Every format of `bundle` written to out/conformance/<name>/."""
    folder = out_dir / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {}
    for fmt in FORMATS:
        r = render(fmt, bundle)
        (folder / r.filename).write_bytes(r.body)
        files[fmt] = folder / r.filename
    return {"name": name, "dir": folder, "files": files, "bundle": bundle}


@pytest.fixture(scope="session", params=sorted(BUNDLES))
def export(request, out_dir):
    return export_files(request.param, BUNDLES[request.param](), out_dir)


@pytest.fixture(scope="session", params=sorted(SMALL))
def small_export(request, out_dir):
    return export_files(request.param, SMALL[request.param](), out_dir)


def workdir(tools: Tools, export, what: str) -> Path:
    """A scratch dir inside the tools install, so config files there resolve node_modules."""
    d = tools.root / "work" / export["name"] / what
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


def script(tools: Tools, name: str) -> Path:
    """One of this folder's .mjs scripts, copied into the tools install so its imports resolve."""
    d = tools.root / "scripts"
    d.mkdir(exist_ok=True)
    shutil.copy2(HERE / name, d / name)
    return d / name


# --- the reference: the DTCG file's values -----------------------------------------------------


def dtcg_doc(export) -> dict:
    return json.loads(export["files"]["dtcg"].read_text())


def reference(export) -> dict[str, str]:
    """Every color, by flat name (palette X, scale X-S, semantic SCHEME-ROLE)."""
    return dtcgref.colors(dtcg_doc(export))


def typed_reference(export) -> dict[str, dict]:
    return dtcgref.typed(dtcg_doc(export))


def split_reference(export) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(palette+scale colors by flat name, {scheme: {role: hex}}) from the DTCG file."""
    doc = dtcg_doc(export)
    flat = dtcgref.colors(doc)
    schemes = {
        s: {r: flat[f"{s}-{r}"] for r in g if not r.startswith("$")}
        for s, g in doc.get("semantic", {}).items()
        if not s.startswith("$")
    }
    semantic_names = {f"{s}-{r}" for s, g in schemes.items() for r in g}
    return {k: v for k, v in flat.items() if k not in semantic_names}, schemes


def _own_steps(export) -> set[str]:
    """Flat names that are both a palette color and a step of its family's scale (slate-900 and
    scale.slate.900, an alias of it): one flat name, two DTCG tokens."""
    doc = dtcg_doc(export)
    palette = {k for k in doc.get("palette", {}) if not k.startswith("$")}
    steps = {f"{g}-{s}" for g, grp in doc.get("scale", {}).items() if not g.startswith("$")
             for s in grp if not s.startswith("$")}
    return palette & steps


def text_style(family: str, size: str, weight: str, line_height: str, letter_spacing: str) -> dict:
    """A text style read from CSS-like strings, in the reference's shape."""
    return {
        "family": cssparse.font_families(family),
        "size": cssparse.dimension(size),
        "weight": int(weight),
        "lineHeight": float(line_height),
        "letterSpacing": cssparse.dimension(letter_spacing),
    }


def assert_families(got: str, want: tuple[str, ...], what: str, *, escapes: bool = True) -> None:
    """`escapes=False`: a tool that quotes names without escaping `"` or `\\` inside them
    (Style Dictionary's fontFamily/css, Terrazzo's plugin-css). A name holding those is then only
    checked to appear verbatim; every other name must parse back exactly."""
    if escapes or not any('"' in n or "\\" in n for n in want):
        assert cssparse.font_families(got) == want, (what, got, want)
    else:
        assert all(n in got for n in want), (what, got, want)


def close(a: str, b: str, tol: int = 1) -> bool:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(x - y) <= tol for x, y in zip(ca, cb))


def oklch_to_hex(css: str) -> str:
    return Color(css).convert("srgb").to_string(hex=True, compress=False).lower()


# --- DTCG ----------------------------------------------------------------------------------


def schema_validator() -> Draft7Validator:
    registry = Registry()
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text())
        registry = registry.with_resource(
            schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)
        )
    root = json.loads((SCHEMAS / "format.json").read_text())
    return Draft7Validator(root, registry=registry)


def test_dtcg_json_schema(export):
    validator = schema_validator()
    doc = dtcg_doc(export)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:10])
    # and files the 2025.10 format refuses must NOT validate: the schema really checks each type
    t = json.loads(json.dumps(doc["typography"]["body"]))
    del t["$value"]["letterSpacing"]
    bad = [
        {"palette": {"x": {"$type": "color", "$value": "#ff0000"}}},  # pre-2025.10 bare hex
        {"typography": {"x": t}},  # a required property missing
        {"spacing": {"x": {"$type": "dimension", "$value": "16px"}}},  # pre-2025.10 string dimension
        {"font": {"weight": {"x": {"$type": "fontWeight", "$value": 1001}}}},
        {"shadow": {"x": {"$type": "shadow", "$value": {"color": next(
            v for k, v in doc["palette"].items() if not k.startswith("$"))["$value"]}}}},
    ]
    for b in bad:
        assert list(validator.iter_errors(b)), b


def test_dtcg_colors_consistent(export):
    doc = dtcg_doc(export)

    def walk(node, path):
        if "$value" in node:
            v = node["$value"]
            assert node.get("$type") == "color", path
            if isinstance(v, dict):
                rgb = [round(c * 255) for c in v["components"]]
                assert "#" + "".join(f"{c:02x}" for c in rgb) == v["hex"], path
                assert v["colorSpace"] == "srgb" and v["alpha"] == 1
            return
        for k, child in node.items():
            if not k.startswith("$"):
                assert re.fullmatch(r"[^${}.][^{}.]*", k), k
                walk(child, path + [k])

    for group in ("palette", "scale", "semantic"):
        walk(doc.get(group, {}), [group])
    flat = reference(export)
    colors = [t for t in export["bundle"].tokens if t.is_color]
    palette = [k for k in doc["palette"] if not k.startswith("$")]
    assert len(palette) == len(colors)
    assert sorted(flat[e] for e in palette) == sorted(t.hex.lower() for t in colors)


def test_dtcg_typed_tokens(export):
    """Each typed token of the bundle is in its group once, with its $type, id and value; aliases
    point at a token of the right type; an unmeasured line height is 1.2 and says so."""
    doc = dtcg_doc(export)
    resolve = dtcgref.resolver(doc)
    paths = {"fontFamily": ["font", "family"], "fontWeight": ["font", "weight"], "typography": ["typography"],
             "shadow": ["shadow"]}
    for t in (t for t in export["bundle"].tokens if not t.is_color):
        path = ["spacing" if t.group.value == "spacing" else "radius"] if t.type.value == "dimension" \
            else paths[t.type.value]
        group = doc
        for p in path:
            group = group[p]
        found = [(slug, tok) for slug, tok in group.items()
                 if not slug.startswith("$") and tok["$extensions"]["app.copythat"]["id"] == t.id]
        assert len(found) == 1, (t.id, path)
        slug, tok = found[0]
        assert tok["$type"] == group["$type"] == t.type.value, slug
        ext = tok["$extensions"]["app.copythat"]
        assert ext.get("role") == t.role and ext["provenance"]["confidence"] == t.provenance.confidence
        if t.type.value == "typography":
            v = tok["$value"]
            for prop, target in (("fontFamily", "font.family"), ("fontWeight", "font.weight")):
                m = dtcgref.ALIAS.fullmatch(v[prop]) if isinstance(v[prop], str) else None
                if m:
                    assert m.group(1).startswith(target + "."), (slug, v[prop])
            assert resolve(v["fontWeight"]) == t.value.font_weight
            assert dtcgref.dim(v["fontSize"]) == (t.value.font_size.value, t.value.font_size.unit)
            if t.value.line_height is None:
                assert v["lineHeight"] == 1.2 and ext["lineHeightMeasured"] is False, slug
            else:
                assert v["lineHeight"] == t.value.line_height and ext["lineHeightMeasured"] is True
        elif t.type.value == "dimension":
            assert dtcgref.dim(tok["$value"]) == (t.value.value, t.value.unit)
        elif t.type.value == "fontWeight":
            assert tok["$value"] == t.value.value
    ref = typed_reference(export)
    b = export["bundle"]
    assert len(ref["text"]) == sum(t.type.value == "typography" for t in b.tokens)
    aliased = [v for v in (tok["$value"] for k, tok in doc["typography"].items() if not k.startswith("$"))
               if isinstance(v["fontFamily"], str)]
    assert aliased, "text styles whose family has a token use an alias"


def test_terrazzo_check_and_build(tools, export):
    """`tz check` with every type's lint rule as an error, then `tz build` with @terrazzo/plugin-css:
    no errors, no warnings, and the built CSS carries every typed token's value."""
    wd = workdir(tools, export, "terrazzo")
    shutil.copy2(HERE / "terrazzo.config.mjs", wd / "terrazzo.config.mjs")
    shutil.copy2(export["files"]["dtcg"], wd / "tokens.json")
    env = {"TZ_TOKENS": "./tokens.json", "TZ_OUT": "./tz-out/"}
    proc = run([*tools.js("tz"), "check", "tokens.json", "--config", "terrazzo.config.mjs"], cwd=wd, env=env)
    log = proc.stdout + proc.stderr
    build = run([*tools.js("tz"), "build", "--config", "terrazzo.config.mjs"], cwd=wd, env=env)
    build_log = build.stdout + build.stderr
    (export["dir"] / "terrazzo.log").write_text(log + "\n--- build ---\n" + build_log)
    assert "No errors" in log, log
    for text in (log, build_log):
        assert not re.search(r"warn|deprecat|✗|error", text.replace("No errors", ""), re.I), text
    css = (wd / "tz-out" / "tokens.css").read_text()
    shutil.copy2(wd / "tz-out" / "tokens.css", export["dir"] / "terrazzo.css")
    root = cssparse.decls(cssparse.parse(css), ":root")
    ref = typed_reference(export)

    def value(name: str) -> str:
        return cssparse.substitute(root[name], root)

    for slug, want in ref["text"].items():
        p = f"--typography-{slug}"
        assert_families(value(f"{p}-font-family"), want["family"], slug, escapes=False)
        got = text_style("x", value(f"{p}-font-size"), value(f"{p}-font-weight"), value(f"{p}-line-height"),
                         value(f"{p}-letter-spacing"))
        assert {**got, "family": want["family"]} == want, slug
        assert f"var({p}-font-size)/var({p}-line-height)" in root[p], "and the font shorthand"
    for slug, want in ref["font"].items():
        assert_families(value(f"--font-family-{slug}"), want, slug, escapes=False)
    assert {s: int(value(f"--font-weight-{s}")) for s in ref["weight"]} == ref["weight"]
    for group in ("spacing", "radius"):
        assert {s: cssparse.dimension(value(f"--{group}-{s}")) for s in ref[group]} == ref[group]
    assert {s: cssparse.shadows(value(f"--shadow-{s}")) for s in ref["shadow"]} == ref["shadow"]


def sd_build(tools: Tools, wd: Path, tokens: Path) -> tuple[str, str]:
    shutil.copy2(HERE / "sd-build.mjs", wd / "sd-build.mjs")
    shutil.copy2(tokens, wd / "tokens.json")
    proc = run([tools.node, "sd-build.mjs", "tokens.json", "build"], cwd=wd)
    log = proc.stdout + proc.stderr
    assert not re.search(r"warn", log, re.I), log
    return log, (wd / "build" / "variables.css").read_text()


def test_style_dictionary_build(tools, export):
    wd = workdir(tools, export, "style-dictionary")
    log, css = sd_build(tools, wd, export["files"]["dtcg"])
    (export["dir"] / "style-dictionary.log").write_text(log)
    shutil.copy2(wd / "build" / "variables.css", export["dir"] / "style-dictionary.css")
    root = cssparse.decls(cssparse.parse(css), ":root")
    # colors, by their flat names
    palette_scale, schemes = split_reference(export)
    palette = {k for k in dtcg_doc(export)["palette"] if not k.startswith("$")}
    expected = {f"--{'palette' if k in palette else 'scale'}-{k}": v for k, v in palette_scale.items()}
    # A family scale's own step (scale.slate.900, an alias of palette.slate-900) is a variable of its own.
    expected.update({f"--scale-{k}": palette_scale[k] for k in _own_steps(export)})
    expected.update({f"--semantic-{s}-{r}": v for s, g in schemes.items() for r, v in g.items()})
    assert {k: cssparse.hex6(root[k]) for k in expected} == expected
    # typed tokens: every typography composite comes through, expanded to one variable per property
    ref = typed_reference(export)
    names = set(expected)
    for slug, want in ref["text"].items():
        p = f"--typography-{slug}"
        props = ("font-family", "font-size", "font-weight", "line-height", "letter-spacing")
        names.update(f"{p}-{x}" for x in props)
        assert_families(root[f"{p}-font-family"], want["family"], slug, escapes=False)
        got = text_style("x", *(root[f"{p}-{x}"] for x in props[1:]))
        assert {**got, "family": want["family"]} == want, slug
    for slug, want in ref["font"].items():
        names.add(f"--font-family-{slug}")
        assert_families(root[f"--font-family-{slug}"], want, slug, escapes=False)
    names.update(f"--font-weight-{s}" for s in ref["weight"])
    assert {s: int(root[f"--font-weight-{s}"]) for s in ref["weight"]} == ref["weight"]
    for group in ("spacing", "radius"):
        names.update(f"--{group}-{s}" for s in ref[group])
        assert {s: cssparse.dimension(root[f"--{group}-{s}"]) for s in ref[group]} == ref[group]
    names.update(f"--shadow-{s}" for s in ref["shadow"])
    assert {s: cssparse.shadows(root[f"--shadow-{s}"]) for s in ref["shadow"]} == ref["shadow"]
    assert set(root) == names, "one variable per token (per property of a text style), nothing else"
    # JS: one export per token, composites as objects with their aliases resolved
    mod = run(
        [tools.node, "-e", "import('./build/tokens.js').then(m => console.log(JSON.stringify(m)))"],
        cwd=wd,
    )
    values = list(json.loads(mod.stdout).values())
    own = _own_steps(export)
    assert len(values) == len(reference(export)) + len(own) + sum(len(v) for v in ref.values())
    assert sorted(v for v in values if isinstance(v, str) and v.startswith("#")) == sorted(
        [*reference(export).values(), *(reference(export)[k] for k in own)]
    )
    def text_key(family, size, weight, line_height, letter_spacing) -> tuple:
        return (tuple(family), (float(size[0]), size[1]), int(weight), float(line_height),
                (float(letter_spacing[0]), letter_spacing[1]))

    got_texts = sorted(
        text_key(v["fontFamily"], (v["fontSize"]["value"], v["fontSize"]["unit"]), v["fontWeight"], v["lineHeight"],
                 (v["letterSpacing"]["value"], v["letterSpacing"]["unit"]))
        for v in values if isinstance(v, dict) and "fontFamily" in v
    )
    want_texts = sorted(text_key(w["family"], w["size"], w["weight"], w["lineHeight"], w["letterSpacing"])
                        for w in ref["text"].values())
    assert got_texts == want_texts
    families = [tuple(v) for v in values if isinstance(v, list) and all(isinstance(x, str) for x in v)]
    assert sorted(families) == sorted(ref["font"].values())


# --- CSS -------------------------------------------------------------------------------------


def lightningcss(tools: Tools, *files: Path) -> None:
    """lightningcss parses each file without error recovery, warnings or errors."""
    proc = run([tools.node, script(tools, "lightningcss-check.mjs"), *files], cwd=tools.root)
    assert proc.stdout.count(": ok (") == len(files), proc.stdout


def test_css_lightningcss(tools, export):
    """The CSS export, and the preview's two stylesheets as the browser gets them."""
    page = export["files"]["html"].read_text()
    blocks = re.findall(r"<style[^>]*>\n(.*?)\n</style>", page, re.S)
    assert len(blocks) == 2
    files = [export["files"]["css"]]
    for i, css in enumerate(blocks):
        files.append(export["dir"] / f"preview-style-{i}.css")
        files[-1].write_text(css)
    lightningcss(tools, *files)


def test_css_carries_every_color_in_both_schemes(export):
    rules = cssparse.parse(export["files"]["css"].read_text())
    palette_scale, schemes = split_reference(export)
    root = cssparse.decls(rules, ":root")
    assert root.pop("color-scheme") == "light dark"
    got_root = {k[len("--color-") :]: cssparse.resolve(v, root) for k, v in root.items() if k.startswith("--color-")}
    light, dark = schemes["light"], schemes["dark"]
    assert got_root == {**palette_scale, **light}
    light_el = cssparse.decls(rules, '[data-theme="light"]')
    assert light_el.pop("color-scheme") == "light"
    assert {k[8:]: cssparse.resolve(v, root) for k, v in light_el.items()} == light
    for sel, ctx in (
        ('[data-theme="dark"]', ()),
        (':root:not([data-theme="light"])', ("@media (prefers-color-scheme: dark)",)),
    ):
        d = cssparse.decls(rules, sel, ctx)
        assert d.pop("color-scheme") == "dark"
        assert {k[8:]: cssparse.resolve(v, root) for k, v in d.items()} == dark, sel
    # OKLCH overrides: every literal color has one, and it is the same color (±1/255 per channel)
    sup = "@supports (color: oklch(0 0 0))"
    ok_root = cssparse.decls(rules, ":root", (sup,))
    assert set(ok_root) == {f"--color-{k}" for k in palette_scale}
    for k, v in ok_root.items():
        assert v.startswith("oklch(") and close(oklch_to_hex(v), palette_scale[k[8:]]), (k, v)
    for sel, ctx, scheme in (
        (':root, [data-theme="light"]', (sup,), light),
        ('[data-theme="dark"]', (sup,), dark),
        (':root:not([data-theme="light"])', ("@media (prefers-color-scheme: dark)", sup), dark),
    ):
        for k, v in cssparse.decls(rules, sel, ctx).items():
            assert close(oklch_to_hex(v), scheme[k[8:]]), (sel, k, v)


def css_typed(decls: dict[str, str]) -> dict[str, dict]:
    """The typed tokens of a set of custom properties (ours, Tailwind's theme), in the reference's shape."""

    def value(name: str) -> str:
        return cssparse.substitute(decls[name], decls)

    out: dict[str, dict] = {k: {} for k in ("font", "weight", "text", "spacing", "radius", "shadow")}
    for name in decls:
        if m := re.fullmatch(r"--font-weight-(.+)", name):
            out["weight"][m.group(1)] = int(value(name))
        elif m := re.fullmatch(r"--font-(.+)", name):
            out["font"][m.group(1)] = cssparse.font_families(value(name))
        elif m := re.fullmatch(r"--text-([a-z0-9]+(?:-[a-z0-9]+)*)", name):  # not its --sub-properties
            p = name
            family = value(f"{p}--font-family") if f"{p}--font-family" in decls else "x"
            out["text"][m.group(1)] = text_style(family, value(p), value(f"{p}--font-weight"),
                                                 value(f"{p}--line-height"), value(f"{p}--letter-spacing"))
        elif m := re.fullmatch(r"--(spacing|radius)-(.+)", name):
            out[m.group(1)][m.group(2)] = cssparse.dimension(value(name))
        elif m := re.fullmatch(r"--shadow-(.+)", name):
            out["shadow"][m.group(1)] = cssparse.shadows(value(name))
    return out


def test_css_carries_every_typed_token(export):
    """Custom properties and the .text-<slug> classes equal the DTCG values, through their var()s."""
    rules = cssparse.parse(export["files"]["css"].read_text())
    root = cssparse.decls(rules, ":root")
    ref = typed_reference(export)
    assert css_typed(root) == ref
    typography = dtcg_doc(export)["typography"]
    for slug, want in ref["text"].items():
        cls = {k: cssparse.substitute(v, root) for k, v in cssparse.decls(rules, f".text-{slug}").items()}
        got = text_style(cls.pop("font-family"), cls.pop("font-size"), cls.pop("font-weight"),
                         cls.pop("line-height"), cls.pop("letter-spacing"))
        # a style set in capitals (DTCG has no case key: its $extensions say it) says so in its class
        upper = typography[slug]["$extensions"]["app.copythat"].get("enrichment", {}).get("uppercase") is True
        assert cls.pop("text-transform", None) == ("uppercase" if upper else None), slug
        assert got == want and not cls, slug
    # an unmeasured line height (1.2 in DTCG, flagged in its $extensions) is flagged here too
    css = export["files"]["css"].read_text()
    for slug in ref["text"]:
        line = next(ln for ln in css.splitlines() if ln.strip().startswith(f"--text-{slug}--line-height:"))
        measured = typography[slug]["$extensions"]["app.copythat"]["lineHeightMeasured"]
        assert ("not measured" in line) is not measured, line


# --- SCSS ------------------------------------------------------------------------------------


def test_scss_compiles_with_sass(tools, export):
    wd = workdir(tools, export, "sass")
    shutil.copy2(export["files"]["scss"], wd / "_tokens.scss")
    shutil.copy2(HERE / "consumer.scss", wd / "consumer.scss")
    proc = run(
        [*tools.js("sass"), "--no-source-map", "--fatal-deprecation=1.0.0", "consumer.scss", "out.css"],
        cwd=wd,
    )
    assert not proc.stderr.strip(), proc.stderr
    css = (wd / "out.css").read_text()
    shutil.copy2(wd / "out.css", export["dir"] / "sass-consumer.css")
    lightningcss(tools, export["dir"] / "sass-consumer.css")
    rules = {r.selector: r.decls for r in cssparse.parse(css)}
    got = {k[3:]: cssparse.hex6(d["color"]) for k, d in rules.items() if k.startswith(".c-")}
    assert got == reference(export)
    ref = typed_reference(export)

    def each(prefix: str, read) -> dict:
        return {k[len(prefix):]: read(d) for k, d in rules.items() if k.startswith(prefix)}

    assert each(".font-", lambda d: cssparse.font_families(d["font-family"])) == ref["font"]
    assert each(".weight-", lambda d: int(d["font-weight"])) == ref["weight"]
    assert each(".text-", lambda d: text_style(d["font-family"], d["font-size"], d["font-weight"],
                                                d["line-height"], d["letter-spacing"])) == ref["text"]
    assert each(".spacing-", lambda d: cssparse.dimension(d["padding"])) == ref["spacing"]
    assert each(".radius-", lambda d: cssparse.dimension(d["border-radius"])) == ref["radius"]
    assert each(".shadow-", lambda d: cssparse.shadows(d["box-shadow"])) == ref["shadow"]


# --- Tailwind v4 -----------------------------------------------------------------------------


def test_tailwind_generates_a_utility_for_every_color(tools, export):
    wd = workdir(tools, export, "tailwind")
    shutil.copy2(export["files"]["tailwind"], wd / "theme.css")
    palette_scale, schemes = split_reference(export)
    names = sorted({*palette_scale, *schemes["light"]})
    (wd / "content.html").write_text(
        '<div class="' + " ".join(f"bg-{n} text-{n} border-{n}" for n in names) + '"></div>\n'
    )
    (wd / "input.css").write_text(
        '@import "tailwindcss";\n@import "./theme.css";\n@source "./content.html";\n'
    )
    run([*tools.js("tailwindcss"), "-i", "input.css", "-o", "out.css"], cwd=wd)
    css = (wd / "out.css").read_text()
    shutil.copy2(wd / "out.css", export["dir"] / "tailwind-output.css")
    rules = cssparse.parse(css)
    utilities = {r.selector: r.decls for r in rules if r.context == ("@layer utilities",)}
    theme = cssparse.decls(rules, ":root, :host", ("@layer theme",))
    for n in names:
        esc = re.sub(r"^(\d)", lambda m: "\\3" + m.group(1) + " ", n)  # CSS escapes a leading digit
        rule = utilities.get(f".bg-{n}") or utilities.get(f".bg-{esc}")
        assert rule is not None, f"no .bg-{n} utility"
        assert rule["background-color"] == f"var(--color-{n})"
        assert f".text-{n}" in utilities or f".text-{esc}" in utilities
        want = palette_scale.get(n) or schemes["light"][n]
        assert cssparse.resolve(theme[f"--color-{n}"], theme) == want, n
    dark = cssparse.decls(rules, '[data-theme="dark"]', ("@layer theme",))
    assert {k[8:]: cssparse.resolve(v, theme) for k, v in dark.items()} == schemes["dark"]


def test_tailwind_generates_the_typed_utilities(tools, export):
    """text-/font-/p-/gap-/rounded-/shadow-<slug> from a content file: each utility exists and its
    CSS, through the theme variables Tailwind emits, carries the DTCG values; and the names our
    slugs avoid keep their Tailwind meaning (font-bold a weight, text-center alignment)."""
    wd = workdir(tools, export, "tailwind-typed")
    shutil.copy2(export["files"]["tailwind"], wd / "theme.css")
    ref = typed_reference(export)
    classes = [f"text-{s}" for s in ref["text"]] + [f"font-{s}" for s in (*ref["font"], *ref["weight"])]
    classes += [f"p-{s} gap-{s}" for s in ref["spacing"]] + [f"rounded-{s}" for s in ref["radius"]]
    classes += [f"shadow-{s}" for s in ref["shadow"]] + ["font-bold", "text-center", "font-weight-bold"]
    (wd / "content.html").write_text('<div class="' + " ".join(classes) + '"></div>\n')
    (wd / "input.css").write_text('@import "tailwindcss";\n@import "./theme.css";\n@source "./content.html";\n')
    proc = run([*tools.js("tailwindcss"), "-i", "input.css", "-o", "out.css"], cwd=wd)
    assert not re.search(r"warn", proc.stdout + proc.stderr, re.I), proc.stderr
    css = (wd / "out.css").read_text()
    shutil.copy2(wd / "out.css", export["dir"] / "tailwind-typed-output.css")
    lightningcss(tools, wd / "out.css")
    rules = cssparse.parse(css)
    util = {r.selector: r.decls for r in rules if r.context == ("@layer utilities",)}
    theme = cssparse.decls(rules, ":root, :host", ("@layer theme",))

    def v(value: str) -> str:
        return cssparse.substitute(value, theme)

    for slug, want in ref["text"].items():
        d = util[f".text-{slug}"]
        got = text_style("x", v(d["font-size"]), v(d["font-weight"]), v(d["line-height"]), v(d["letter-spacing"]))
        assert {**got, "family": want["family"]} == want, slug
    for slug, want in ref["font"].items():
        assert cssparse.font_families(v(util[f".font-{slug}"]["font-family"])) == want, slug
    for slug, want in ref["weight"].items():
        assert set(util[f".font-{slug}"]) == {"--tw-font-weight", "font-weight"}, slug
        assert int(v(util[f".font-{slug}"]["font-weight"])) == want, slug
    for slug, want in ref["spacing"].items():
        assert cssparse.dimension(v(util[f".p-{slug}"]["padding"])) == want, slug
        assert cssparse.dimension(v(util[f".gap-{slug}"]["gap"])) == want, slug
    for slug, want in ref["radius"].items():
        assert cssparse.dimension(v(util[f".rounded-{slug}"]["border-radius"])) == want, slug
    for slug, want in ref["shadow"].items():
        assert cssparse.shadows(v(util[f".shadow-{slug}"]["--tw-shadow"])) == want, slug
    assert "font-weight" in util[".font-bold"] and "font-family" not in util[".font-bold"]
    assert util[".text-center"] == {"text-align": "center"}
    assert ".font-weight-bold" not in util  # --font-weight-* is never read as a family


# --- TypeScript ------------------------------------------------------------------------------


def test_typescript_strict(tools, export):
    wd = workdir(tools, export, "tsc")
    shutil.copy2(export["files"]["ts"], wd / "tokens.ts")
    shutil.copy2(HERE / "consumer.ts", wd / "consumer.ts")
    proc = run(
        [
            tools.bin("tsc"),
            "--noEmit",
            "--strict",
            "--target",
            "es2022",
            "--module",
            "preserve",
            "--moduleResolution",
            "bundler",
            "--noUnusedLocals",
            "--noImplicitReturns",
            "consumer.ts",
            "tokens.ts",
        ],
        cwd=wd,
    )
    assert not proc.stdout.strip() and not proc.stderr.strip()


def _uncamel(key: str) -> str:
    return re.sub(r"_(\d)", r"-\1", re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), key))


def test_typescript_runs_and_carries_every_token(tools, export):
    wd = workdir(tools, export, "ts-run")
    shutil.copy2(export["files"]["ts"], wd / "tokens.mts")
    proc = run(
        [
            tools.node,
            "--no-warnings",
            "-e",
            "import('./tokens.mts').then(m => console.log(JSON.stringify({palette: m.palette, "
            "scales: m.scales, schemes: m.schemes, tokens: m.tokens, theme: m.default, "
            "fontFamilies: m.fontFamilies, fontWeights: m.fontWeights, typography: m.typography, "
            "spacing: m.spacing, radius: m.radius, shadows: m.shadows})))",
        ],
        cwd=wd,
    )
    m = json.loads(proc.stdout)
    got = {_uncamel(k): v for k, v in m["palette"].items()}
    assert {t["slug"]: t["hex"] for t in m["tokens"]} == got
    got.update({f"{_uncamel(k)}-{s}": v for k, steps in m["scales"].items() for s, v in steps.items()})
    got.update({f"{s}-{_uncamel(r)}": v for s, g in m["schemes"].items() for r, v in g.items()})
    assert got == reference(export)
    assert m["theme"]["colors"] == m["schemes"]["light"]
    ref = typed_reference(export)
    assert {_uncamel(k): tuple(f["families"]) for k, f in m["fontFamilies"].items()} == ref["font"]
    assert {_uncamel(k): cssparse.font_families(f["css"]) for k, f in m["fontFamilies"].items()} == ref["font"]
    assert {_uncamel(k): w for k, w in m["fontWeights"].items()} == ref["weight"]
    texts = {_uncamel(k): text_style(t["fontFamily"], t["fontSize"], str(t["fontWeight"]), str(t["lineHeight"]),
                                     t["letterSpacing"]) for k, t in m["typography"].items()}
    assert texts == ref["text"]
    for group in ("spacing", "radius"):
        assert {_uncamel(k): cssparse.dimension(x) for k, x in m[group].items()} == ref[group]
    assert {_uncamel(k): cssparse.shadows(x) for k, x in m["shadows"].items()} == ref["shadow"]
    assert m["theme"]["typography"] == m["typography"]


# --- JSON, zip -------------------------------------------------------------------------------


def test_json_carries_every_token(export):
    doc = json.loads(export["files"]["json"].read_text())
    got = {k: v.lower() for k, v in doc["palette"].items()}
    got.update({f"{k}-{s}": v.lower() for k, steps in doc["scales"].items() for s, v in steps.items()})
    got.update({f"{s}-{r}": v.lower() for s, g in doc["schemes"].items() for r, v in g.items()})
    assert got == reference(export)
    ref = typed_reference(export)
    assert {k: tuple(v) for k, v in doc["fontFamilies"].items()} == ref["font"]
    assert doc["fontWeights"] == ref["weight"]
    texts = {k: {**text_style("x", t["fontSize"], str(t["fontWeight"]), str(t["lineHeight"]), t["letterSpacing"]),
                 "family": tuple(t["fontFamily"])} for k, t in doc["typography"].items()}
    assert texts == ref["text"]
    for group in ("spacing", "radius"):
        assert {k: cssparse.dimension(x) for k, x in doc[group].items()} == ref[group]
    assert {k: cssparse.shadows(x) for k, x in doc["shadows"].items()} == ref["shadow"]
    tokens = {t["slug"]: t for t in doc["typographyTokens"]}
    assert {k: (t["value"]["fontWeight"], tuple(t["value"]["fontFamily"])) for k, t in tokens.items()} == {
        k: (w["weight"], w["family"]) for k, w in ref["text"].items()}


def test_zip_holds_every_format_byte_for_byte(export):
    with zipfile.ZipFile(export["files"]["zip"]) as zf:
        assert zf.testzip() is None
        folder = zf.namelist()[0].split("/")[0]
        for fmt, path in export["files"].items():
            if fmt != "zip":
                assert zf.read(f"{folder}/{path.name}") == path.read_bytes(), fmt
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())


# --- HTML preview in Chromium ----------------------------------------------------------------


def assert_preview_typed(computed: dict, ref: dict) -> None:
    """What Chromium computed for each typed sample of the preview equals the DTCG value: the text
    specimens' font size, weight, line height (a multiplier, so size × it in px), tracking and
    family; the font and weight samples; spacing bar widths; radii; shadows (alpha ±1/255)."""
    assert {k: set(v) for k, v in computed.items()} == {
        k: set(ref[k]) for k in ("text", "font", "weight", "spacing", "radius", "shadow")}
    for slug, want in ref["text"].items():
        got = computed["text"][slug]
        size = dtcgref.px(want["size"])
        assert cssparse.px(got["fontSize"]) == pytest.approx(size, abs=0.01), slug
        assert int(got["fontWeight"]) == want["weight"], slug
        assert cssparse.px(got["lineHeight"]) == pytest.approx(want["lineHeight"] * size, abs=0.05), slug
        tracking = 0.0 if got["letterSpacing"] == "normal" else cssparse.px(got["letterSpacing"])
        assert tracking == pytest.approx(dtcgref.px(want["letterSpacing"]), abs=0.01), slug
        assert cssparse.font_families(got["fontFamily"]) == want["family"], slug
    assert {k: cssparse.font_families(v) for k, v in computed["font"].items()} == ref["font"]
    assert {k: int(v) for k, v in computed["weight"].items()} == ref["weight"]
    for group in ("spacing", "radius"):
        for slug, want in ref[group].items():
            assert cssparse.px(computed[group][slug]) == pytest.approx(dtcgref.px(want), abs=0.01), (group, slug)
    for slug, want in ref["shadow"].items():
        got = cssparse.shadows(computed["shadow"][slug])
        assert [{**g, "alpha": 0} for g in got] == [{**w, "alpha": 0} for w in want], slug
        assert all(abs(g["alpha"] - w["alpha"]) <= 1 / 255 for g, w in zip(got, want)), slug


def test_html_preview_in_chromium(tools, chromium, export):
    html_path = export["files"]["html"]
    page = html_path.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no external resources"
    assert "@import" not in page and "url(" not in page and "<script" not in page
    palette_scale, schemes = split_reference(export)
    # 1. plain Chromium --screenshot (the command line a developer would use)
    ud = tools.root / "work" / export["name"] / "chromium-profile"
    shutil.rmtree(ud, ignore_errors=True)
    shot = export["dir"] / "preview.png"
    proc = run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={ud}",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            "--window-size=1280,2000",
            f"--screenshot={shot}",
            html_path.as_uri(),
        ],
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console, console
    # 2. playwright-core on the same browser: console errors, requests, computed colors
    shutil.rmtree(ud, ignore_errors=True)
    full = export["dir"] / "preview-full.png"
    proc = run(
        [tools.node, script(tools, "preview-check.mjs"), html_path, full, chromium, ud],
        cwd=tools.root,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["problems"] == []
    computed = result["computed"]
    assert computed["oklch"] is True  # so the OKLCH overrides are what the browser used
    colors = [t for t in export["bundle"].tokens if t.is_color]
    assert len(computed["swatches"]) == len(colors)
    for got, t in zip(computed["swatches"], colors):
        assert got == t.hex.lower()
    assert_preview_typed(computed["typed"], typed_reference(export))
    for scheme, want in schemes.items():
        got = computed["schemes"][scheme]
        assert set(got) == set(want)
        bad = {r: (got[r], want[r]) for r in want if not close(got[r], want[r])}
        assert not bad, f"{scheme}: computed vs exported {bad}"
    assert full.exists()
    # the page root follows prefers-color-scheme, and data-theme pins either scheme against it
    media = computed["media"]
    for case, scheme in (
        ("light", "light"),
        ("dark", "dark"),
        ("darkPinnedLight", "light"),
        ("lightPinnedDark", "dark"),
    ):
        want = schemes[scheme]
        bad = {r: (media[case][r], want[r]) for r in media[case] if not close(media[case][r], want[r])}
        assert set(media[case]) == set(schemes["light"]) and not bad, (case, bad)


# --- small libraries: one color; typed tokens without colors -----------------------------------


def test_small_bundle_through_the_tools(tools, small_export):
    export = small_export
    files = export["files"]
    errors = list(schema_validator().iter_errors(dtcg_doc(export)))
    assert not errors, [e.message[:200] for e in errors[:5]]
    wd = workdir(tools, export, "all")
    shutil.copy2(HERE / "terrazzo.config.mjs", wd / "terrazzo.config.mjs")
    shutil.copy2(files["dtcg"], wd / "tokens.json")
    shutil.copy2(files["scss"], wd / "_tokens.scss")
    shutil.copy2(HERE / "consumer.scss", wd / "consumer.scss")
    shutil.copy2(files["ts"], wd / "tokens.ts")
    env = {"TZ_TOKENS": "./tokens.json", "TZ_OUT": "./tz-out/"}
    log = run([*tools.js("tz"), "check", "tokens.json", "--config", "terrazzo.config.mjs"], cwd=wd, env=env)
    assert "No errors" in log.stdout + log.stderr
    run([*tools.js("tz"), "build", "--config", "terrazzo.config.mjs"], cwd=wd, env=env)
    _, sd_css = sd_build(tools, wd, files["dtcg"])
    proc = run([*tools.js("sass"), "--no-source-map", "--fatal-deprecation=1.0.0", "consumer.scss", "out.css"], cwd=wd)
    assert not proc.stderr.strip(), proc.stderr
    run(
        [tools.bin("tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "preserve", "tokens.ts"],
        cwd=wd,
    )
    (wd / "input.css").write_text('@import "tailwindcss";\n@import "./theme.css";\n')
    shutil.copy2(files["tailwind"], wd / "theme.css")
    run([*tools.js("tailwindcss"), "-i", "input.css", "-o", "tw.css"], cwd=wd)
    lightningcss(tools, files["css"], wd / "out.css", wd / "tw.css")
    sass_css = (wd / "out.css").read_text()
    if export["name"] == "minimal":
        assert "--palette-steel: #336699;" in sd_css
        assert ".c-steel" in sass_css
        assert "palette" in dtcg_doc(export)
    else:
        assert "palette" not in dtcg_doc(export) and ".c-" not in sass_css
        ref = typed_reference(export)
        assert css_typed(cssparse.decls(cssparse.parse(files["css"].read_text()), ":root")) == ref
        assert "--typography-body-font-size: 16px;" in sd_css
        assert "font-size: 16px;" in sass_css


def test_typed_only_preview_in_chromium(tools, chromium, out_dir):
    export = export_files("typed-only-preview", SMALL["typed-only"](), out_dir)
    ud = tools.root / "work" / export["name"] / "chromium-profile"
    shutil.rmtree(ud, ignore_errors=True)
    proc = run(
        [tools.node, script(tools, "preview-check.mjs"), export["files"]["html"], export["dir"] / "preview-full.png",
         chromium, ud],
        cwd=tools.root,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["problems"] == [] and result["computed"]["swatches"] == []
    assert_preview_typed(result["computed"]["typed"], typed_reference(export))
