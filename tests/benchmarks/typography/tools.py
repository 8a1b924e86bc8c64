"""The renderer's tools: the pinned npm packages (playwright-core, the @fontsource fonts) and Chromium.

Installed the way tests/conformance installs its tools: `npm ci` of a font set's package.json +
package-lock.json (here for the benchmark, calibration/ for the calibration set) into
<repo>/.cache/typography/<hash of both>/ once (a .installed marker records a finished install).
Chromium is Debian's package (apt-get install chromium, as root), and so are the system faces a set
with system stacks needs; nothing else is fetched.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .fontsets import BENCHMARK, FontSet

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CACHE = REPO / ".cache" / "typography"
CHROMIUM = Path("/usr/bin/chromium")

# The family class of a face is its Google Fonts category (fontsource's metadata.json), with
# handwriting counted as display. One override: Bebas Neue is filed as sans-serif there, but it has
# no lowercase and is only ever set as headlines, so a page cannot use it as a text face.
CLASS_OF_CATEGORY = {"sans-serif": "sans-serif", "serif": "serif", "monospace": "monospace",
                     "display": "display", "handwriting": "display"}
# The calibration set adds two of the same kind: Cinzel (capitals only, its lowercase are small
# capitals) is display; Noto Sans Mono, filed as sans-serif, is monospaced.
CLASS_OVERRIDES = {"Bebas Neue": "display", "Cinzel": "display", "Noto Sans Mono": "monospace",
                   "Cascadia Code": "monospace", "Atkinson Hyperlegible Mono": "monospace"}  # the training
# sets': filed as sans-serif, monospaced
# System faces a page may name on purpose (installed with Chromium's fonts, or for a set's system stacks).
SYSTEM_FACES = {"DejaVu Sans": "sans-serif", "DejaVu Serif": "serif", "DejaVu Sans Mono": "monospace",
                "Liberation Sans": "sans-serif", "Liberation Serif": "serif", "Liberation Mono": "monospace"}
# The Debian packages that ship SYSTEM_FACES, installed for a set with system stacks.
SYSTEM_FONT_PACKAGES = ("fonts-dejavu-core", "fonts-liberation")


@dataclass(frozen=True)
class Face:
    id: str  # the fontsource package id, e.g. "source-serif-4"
    family: str  # the CSS family name, e.g. "Source Serif 4"
    cls: str  # serif | sans-serif | monospace | display
    weights: tuple[int, ...]
    italic: bool
    system: bool = False  # a CSS system stack (`family` is the whole font-family value), not a web font


class Catalog(dict):
    """The faces a font set may use, by id, with the set's lists by use (`faces.sans`, `faces.mono`, …)."""

    def __init__(self, faces: dict[str, Face], font_set: FontSet) -> None:
        super().__init__(faces)
        self.font_set = font_set
        self.sans, self.serif, self.serif_headings = font_set.sans, font_set.serif, font_set.serif_headings
        self.display, self.mono, self.docs_text = font_set.display, font_set.mono, font_set.docs_text


def install(font_set: FontSet = BENCHMARK) -> Path:
    """npm ci into the cache once; returns the install root (it has node_modules)."""
    pkg, lock = font_set.packages / "package.json", font_set.packages / "package-lock.json"
    digest = hashlib.sha256(pkg.read_bytes() + b"\0" + lock.read_bytes()).hexdigest()[:16]
    root = CACHE / digest
    if not (root / ".installed").exists():
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("npm is needed (apt-get install -y nodejs npm)")
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy2(pkg, root / "package.json")
        shutil.copy2(lock, root / "package-lock.json")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"],
                       cwd=root, check=True)
        (root / ".installed").write_text(digest + "\n")
    if not CHROMIUM.exists():
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True)
    if font_set.system:
        missing = [p for p in SYSTEM_FONT_PACKAGES if subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True).stdout != "install ok installed"]
        if missing:
            subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True)
    return root


def faces(root: Path, font_set: FontSet = BENCHMARK) -> Catalog:
    """Every pinned @fontsource face, by package id, with the weights it really ships; and the set's
    system stacks. Fails when the set names a face its packages do not pin."""
    out = {}
    for meta_path in sorted((root / "node_modules" / "@fontsource").glob("*/metadata.json")):
        meta = json.loads(meta_path.read_text())
        family = meta["family"]
        cls = CLASS_OVERRIDES.get(family) or CLASS_OF_CATEGORY[meta["category"]]
        # An italic counts only where every weight ships one (Libre Caslon Text has no bold italic):
        # a page may set any weight in italic, and a missing file would be synthesised or fail.
        italic = "italic" in meta["styles"] and all(
            (meta_path.parent / "files" / f"{meta['id']}-latin-{w}-italic.woff2").exists() for w in meta["weights"])
        out[meta["id"]] = Face(meta["id"], family, cls, tuple(sorted(meta["weights"])), italic)
    for st in font_set.system:
        out[st.id] = Face(st.id, st.css, st.cls, st.weights, st.italic, system=True)
    unknown = [fid for fid in font_set.ids() if fid not in out]
    if unknown:
        raise SystemExit(f"font set {font_set.name}: not pinned in {font_set.packages}/package.json: {unknown}")
    return Catalog(out, font_set)


def class_of(family: str, catalog: dict[str, Face]) -> str | None:
    for face in catalog.values():
        if face.family == family and not face.system:
            return face.cls
    return SYSTEM_FACES.get(family)


def chromium_version() -> str:
    out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
    return out.strip().split("\n")[-1]
