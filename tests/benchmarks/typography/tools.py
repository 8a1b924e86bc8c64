"""The renderer's tools: the pinned npm packages (playwright-core, the @fontsource fonts) and Chromium.

Installed the way tests/conformance installs its tools: `npm ci` of package.json + package-lock.json
here into <repo>/.cache/typography/<hash of both>/ once (a .installed marker records a finished
install). Chromium is Debian's package (apt-get install chromium, as root); nothing else is fetched.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CACHE = REPO / ".cache" / "typography"
CHROMIUM = Path("/usr/bin/chromium")

# The family class of a face is its Google Fonts category (fontsource's metadata.json), with
# handwriting counted as display. One override: Bebas Neue is filed as sans-serif there, but it has
# no lowercase and is only ever set as headlines, so a page cannot use it as a text face.
CLASS_OF_CATEGORY = {"sans-serif": "sans-serif", "serif": "serif", "monospace": "monospace",
                     "display": "display", "handwriting": "display"}
CLASS_OVERRIDES = {"Bebas Neue": "display"}
# System faces a page may name on purpose (installed with Chromium's fonts).
SYSTEM_FACES = {"DejaVu Sans": "sans-serif", "DejaVu Serif": "serif", "DejaVu Sans Mono": "monospace"}


@dataclass(frozen=True)
class Face:
    id: str  # the fontsource package id, e.g. "source-serif-4"
    family: str  # the CSS family name, e.g. "Source Serif 4"
    cls: str  # serif | sans-serif | monospace | display
    weights: tuple[int, ...]
    italic: bool


def install() -> Path:
    """npm ci into the cache once; returns the install root (it has node_modules)."""
    pkg, lock = HERE / "package.json", HERE / "package-lock.json"
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
    return root


def faces(root: Path) -> dict[str, Face]:
    """Every pinned @fontsource face, by package id, with the weights it really ships."""
    out = {}
    for meta_path in sorted((root / "node_modules" / "@fontsource").glob("*/metadata.json")):
        meta = json.loads(meta_path.read_text())
        family = meta["family"]
        cls = CLASS_OVERRIDES.get(family) or CLASS_OF_CATEGORY[meta["category"]]
        out[meta["id"]] = Face(meta["id"], family, cls, tuple(sorted(meta["weights"])), "italic" in meta["styles"])
    return out


def class_of(family: str, catalog: dict[str, Face]) -> str | None:
    for face in catalog.values():
        if face.family == family:
            return face.cls
    return SYSTEM_FACES.get(family)


def chromium_version() -> str:
    out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
    return out.strip().split("\n")[-1]
