"""Exports checked with the real tools front-end teams use (versions pinned in package.json).

Every test runs on two bundles: ``sample`` (10 named colors with scales and light/dark schemes)
and ``edge`` (the same plus names that stress slugging, reserved names and clashes). Exported
files, tool outputs and the preview screenshots are left in ``out/conformance/<bundle>/``.
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

from shared.exporters import FORMATS, render
from shared.exporters.sample import edge_case_bundle, sample_bundle

from . import cssparse
from .conftest import HERE, REPO, Tools, run

SCHEMAS = Path("/work/shared/dtcg-schemas/2025.10")
if not SCHEMAS.exists():  # CI: a copy of shared/ sits beside the clone
    SCHEMAS = REPO.parent / "shared" / "dtcg-schemas" / "2025.10"

pytestmark = pytest.mark.timeout(1800)  # the first test may wait for npm ci / apt-get install

BUNDLES = {"sample": lambda: sample_bundle(10), "edge": edge_case_bundle}


@pytest.fixture(scope="session", params=sorted(BUNDLES))
def export(request, out_dir):
    """name -> path of every exported file for one bundle, plus the DTCG flat reference."""
    bundle = BUNDLES[request.param]()
    folder = out_dir / request.param
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = {}
    for fmt in FORMATS:
        r = render(fmt, bundle)
        (folder / r.filename).write_bytes(r.body)
        files[fmt] = folder / r.filename
    return {"name": request.param, "dir": folder, "files": files, "bundle": bundle}


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


# --- the reference: every color in the DTCG file, by flat name -------------------------------


def dtcg_flat(doc: dict) -> dict[str, str]:
    """palette.X -> X, scale.X.S -> X-S, semantic.SCHEME.ROLE -> SCHEME-ROLE; aliases resolved."""

    def lookup(path: str):
        node = doc
        for part in path.split("."):
            node = node[part]
        return node

    def value(tok) -> str:
        v = tok["$value"]
        seen = 0
        while isinstance(v, str):
            m = re.fullmatch(r"\{([^{}]+)\}", v)
            assert m, f"bad alias {v!r}"
            v = lookup(m.group(1))["$value"]
            seen += 1
            assert seen < 10
        return v["hex"].lower()

    out = {}
    for slug, tok in doc["palette"].items():
        if not slug.startswith("$"):
            out[slug] = value(tok)
    for slug, group in doc.get("scale", {}).items():
        if slug.startswith("$"):
            continue
        for step, tok in group.items():
            if not step.startswith("$"):
                out[f"{slug}-{step}"] = value(tok)
    for scheme, group in doc.get("semantic", {}).items():
        if scheme.startswith("$"):
            continue
        for role, tok in group.items():
            if not role.startswith("$"):
                out[f"{scheme}-{role}"] = value(tok)
    return out


def reference(export) -> dict[str, str]:
    return dtcg_flat(json.loads(export["files"]["dtcg"].read_text()))


def split_reference(export) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(palette+scale colors by flat name, {scheme: {role: hex}}) from the DTCG file."""
    doc = json.loads(export["files"]["dtcg"].read_text())
    flat = dtcg_flat(doc)
    schemes = {
        s: {r: flat[f"{s}-{r}"] for r in g if not r.startswith("$")}
        for s, g in doc.get("semantic", {}).items()
        if not s.startswith("$")
    }
    semantic_names = {f"{s}-{r}" for s, g in schemes.items() for r in g}
    return {k: v for k, v in flat.items() if k not in semantic_names}, schemes


def close(a: str, b: str, tol: int = 1) -> bool:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(x - y) <= tol for x, y in zip(ca, cb))


def oklch_to_hex(css: str) -> str:
    return Color(css).convert("srgb").to_string(hex=True, compress=False).lower()


# --- DTCG ----------------------------------------------------------------------------------


def test_dtcg_json_schema(export):
    registry = Registry()
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text())
        registry = registry.with_resource(
            schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)
        )
    root = json.loads((SCHEMAS / "format.json").read_text())
    validator = Draft7Validator(root, registry=registry)
    doc = json.loads(export["files"]["dtcg"].read_text())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:10])
    # and a pre-2025.10 file (bare hex string) must NOT validate: the schema really checks colors
    bad = {"palette": {"x": {"$type": "color", "$value": "#ff0000"}}}
    assert list(validator.iter_errors(bad))


def test_dtcg_colors_consistent(export):
    doc = json.loads(export["files"]["dtcg"].read_text())

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

    walk(doc, [])
    flat = dtcg_flat(doc)
    b = export["bundle"]
    assert len([k for k in doc["palette"] if not k.startswith("$")]) == len(b.tokens)
    assert sorted(flat[e] for e in doc["palette"] if not e.startswith("$")) == sorted(
        t.hex.lower() for t in b.tokens
    )


def test_terrazzo_check(tools, export):
    wd = workdir(tools, export, "terrazzo")
    shutil.copy2(HERE / "terrazzo.config.mjs", wd / "terrazzo.config.mjs")
    shutil.copy2(export["files"]["dtcg"], wd / "tokens.json")
    proc = run(
        [*tools.js("tz"), "check", "tokens.json", "--config", "terrazzo.config.mjs"],
        cwd=wd,
        env={"TZ_TOKENS": "./tokens.json"},
    )
    log = proc.stdout + proc.stderr
    (export["dir"] / "terrazzo.log").write_text(log)
    assert "No errors" in log, log
    assert not re.search(r"warn|deprecat|✗", log, re.I), log


def test_style_dictionary_build(tools, export):
    wd = workdir(tools, export, "style-dictionary")
    shutil.copy2(HERE / "sd-build.mjs", wd / "sd-build.mjs")
    shutil.copy2(export["files"]["dtcg"], wd / "tokens.json")
    proc = run([tools.node, "sd-build.mjs", "tokens.json", "build"], cwd=wd)
    log = proc.stdout + proc.stderr
    (export["dir"] / "style-dictionary.log").write_text(log)
    assert not re.search(r"warn", log, re.I), log
    css = (wd / "build" / "variables.css").read_text()
    js = (wd / "build" / "tokens.js").read_text()
    shutil.copy2(wd / "build" / "variables.css", export["dir"] / "style-dictionary.css")
    got = {k: cssparse.hex6(v) for k, v in cssparse.decls(cssparse.parse(css), ":root").items()}
    ref = reference(export)
    palette_scale, schemes = split_reference(export)
    palette = {k for k in json.loads(export["files"]["dtcg"].read_text())["palette"] if not k.startswith("$")}
    expected = {f"--{'palette' if k in palette else 'scale'}-{k}": v for k, v in palette_scale.items()}
    expected.update({f"--semantic-{s}-{r}": v for s, g in schemes.items() for r, v in g.items()})
    assert got == expected
    assert len(got) == len(ref)
    exports = re.findall(r"^export const (\w+) = \"(#[0-9a-f]{6})\";", js, re.M)
    assert len(exports) == len(ref), "every token is a JS export"
    assert sorted(v for _, v in exports) == sorted(ref.values())
    mod = run(
        [tools.node, "-e", "import('./build/tokens.js').then(m => console.log(Object.keys(m).length))"],
        cwd=wd,
    )
    assert int(mod.stdout) == len(ref), "the JS module loads and has one export per token"


# --- CSS -------------------------------------------------------------------------------------


def test_css_lightningcss(tools, export):
    files = [export["files"]["css"]]
    proc = run([tools.node, script(tools, "lightningcss-check.mjs"), *files], cwd=tools.root)
    assert "ok" in proc.stdout


def test_css_carries_every_color_in_both_schemes(export):
    rules = cssparse.parse(export["files"]["css"].read_text())
    palette_scale, schemes = split_reference(export)
    root = cssparse.decls(rules, ":root")
    assert root.pop("color-scheme") == "light dark"
    got_root = {k[len("--color-") :]: cssparse.resolve(v, root) for k, v in root.items()}
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
    got = {r.selector[3:]: cssparse.hex6(r.decls["color"]) for r in cssparse.parse(css)}
    assert got == reference(export)


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


def test_typescript_runs_and_carries_every_color(tools, export):
    wd = workdir(tools, export, "ts-run")
    shutil.copy2(export["files"]["ts"], wd / "tokens.mts")
    proc = run(
        [
            tools.node,
            "--no-warnings",
            "-e",
            "import('./tokens.mts').then(m => console.log(JSON.stringify({palette: m.palette, "
            "scales: m.scales, schemes: m.schemes, tokens: m.tokens, theme: m.default})))",
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


# --- JSON, zip -------------------------------------------------------------------------------


def test_json_carries_every_color(export):
    doc = json.loads(export["files"]["json"].read_text())
    got = {k: v.lower() for k, v in doc["palette"].items()}
    got.update({f"{k}-{s}": v.lower() for k, steps in doc["scales"].items() for s, v in steps.items()})
    got.update({f"{s}-{r}": v.lower() for s, g in doc["schemes"].items() for r, v in g.items()})
    assert got == reference(export)


def test_zip_holds_every_format_byte_for_byte(export):
    with zipfile.ZipFile(export["files"]["zip"]) as zf:
        assert zf.testzip() is None
        folder = zf.namelist()[0].split("/")[0]
        for fmt, path in export["files"].items():
            if fmt != "zip":
                assert zf.read(f"{folder}/{path.name}") == path.read_bytes(), fmt
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())


# --- HTML preview in Chromium ----------------------------------------------------------------


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
    b = export["bundle"]
    assert len(computed["swatches"]) == len(b.tokens)
    for got, t in zip(computed["swatches"], b.tokens):
        assert got == t.hex.lower()
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


# --- a one-color library without scales or schemes still goes through every tool ---------------


def test_minimal_bundle_through_the_tools(tools, out_dir):
    from shared.domain.models import Token
    from shared.exporters.bundle import ExportBundle

    b = ExportBundle(
        "p-min",
        "Minimal",
        [Token(id="a", project_id="p-min", hex="#336699", name="Steel", oklch=[0.5, 0.1, 250])],
    )
    export = {"name": "minimal", "dir": out_dir / "minimal"}
    export["dir"].mkdir(exist_ok=True)
    files = {}
    for fmt in FORMATS:
        r = render(fmt, b)
        files[fmt] = export["dir"] / r.filename
        files[fmt].write_bytes(r.body)
    wd = workdir(tools, export, "all")
    shutil.copy2(HERE / "terrazzo.config.mjs", wd / "terrazzo.config.mjs")
    shutil.copy2(HERE / "sd-build.mjs", wd / "sd-build.mjs")
    shutil.copy2(files["dtcg"], wd / "tokens.json")
    shutil.copy2(files["scss"], wd / "_tokens.scss")
    shutil.copy2(HERE / "consumer.scss", wd / "consumer.scss")
    shutil.copy2(files["ts"], wd / "tokens.ts")
    log = run([*tools.js("tz"), "check", "tokens.json", "--config", "terrazzo.config.mjs"], cwd=wd)
    assert "No errors" in log.stdout + log.stderr
    run([tools.node, "sd-build.mjs", "tokens.json", "build"], cwd=wd)
    assert "--palette-steel: #336699;" in (wd / "build" / "variables.css").read_text()
    run([*tools.js("sass"), "--no-source-map", "consumer.scss", "out.css"], cwd=wd)
    assert ".c-steel" in (wd / "out.css").read_text()
    run(
        [tools.bin("tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "preserve", "tokens.ts"],
        cwd=wd,
    )
    run([tools.node, script(tools, "lightningcss-check.mjs"), files["css"]], cwd=tools.root)
