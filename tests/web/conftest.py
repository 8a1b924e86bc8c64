"""Fixtures of the browser test: its npm tools and Debian's Chromium, installed by the test itself.

* ``playwright-core`` and ``axe-core``, pinned in ``package.json`` + ``package-lock.json`` here, are
  installed with ``npm ci`` into ``<repo>/.cache/web-browser/<hash of both files>/`` once, and run
  on the machine's Node (20 or later).
* Chromium is Debian's package, apt-installed when ``/usr/bin/chromium`` is missing: the
  conformance tests' fixture (``COPYTHAT_CONFORMANCE_SKIP=chromium`` opts out of both on purpose).
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conformance.conftest import chromium  # noqa: F401 — the shared fixture: Debian's Chromium

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE = REPO / ".cache" / "web-browser"
OUT = REPO / "out" / "web"


@dataclass(frozen=True)
class BrowserTools:
    root: Path

    @property
    def script(self) -> Path:
        return self.root / "browser.mjs"

    @property
    def axe(self) -> Path:
        return self.root / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_tools() -> BrowserTools:
    pkg, lock = HERE / "package.json", HERE / "package-lock.json"
    digest = hashlib.sha256(pkg.read_bytes() + b"\0" + lock.read_bytes()).hexdigest()[:16]
    root = CACHE / digest
    if not (root / ".installed").exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm is not installed: the browser test needs Node.js (20 or later) with npm")
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copy2(pkg, root / "package.json")
        shutil.copy2(lock, root / "package-lock.json")
        proc = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=root, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            pytest.fail(f"npm ci failed in {root}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        (root / ".installed").write_text(digest + "\n")
    # The script sits beside node_modules so that its imports resolve there; copied on every run.
    shutil.copy2(HERE / "browser.mjs", root / "browser.mjs")
    return BrowserTools(root)


@pytest.fixture(scope="session")
def web_out() -> Path:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    return OUT
