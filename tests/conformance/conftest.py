"""Fixtures for the exporter conformance tests: the real tools, installed by the tests themselves.

* npm tools pinned in ``package.json`` / ``package-lock.json`` here are installed with ``npm ci``
  into ``<repo>/.cache/conformance/<hash of both files>/`` once (a ``.installed`` marker records a
  finished install); Node 22 comes from the npm package ``node`` (Style Dictionary v5 needs it).
* Chromium is Debian's ``chromium`` package: apt-installed when ``/usr/bin/chromium`` is missing
  (needs root, as on the dev machines and CI).
* A tool that cannot be installed or run FAILS its tests. To opt out on purpose, set
  ``COPYTHAT_CONFORMANCE_SKIP`` to a comma list of tool names (``npm`` = every node tool,
  ``chromium``) or ``all``; those tests are then reported as skipped with the reason.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE = REPO / ".cache" / "conformance"
OUT = REPO / "out" / "conformance"
CHROMIUM = Path("/usr/bin/chromium")
SKIP_ENV = "COPYTHAT_CONFORMANCE_SKIP"


def pytest_configure(config):
    # The first test of a session may install the tools (npm ci, apt-get install chromium): allow
    # it more than the project's 300 s per-test timeout. Registered here too so that the marker is
    # known even without pytest-timeout.
    config.addinivalue_line("markers", "timeout(seconds): per-test timeout (pytest-timeout)")


def opted_out(tool: str) -> bool:
    names = {n.strip().lower() for n in os.environ.get(SKIP_ENV, "").split(",") if n.strip()}
    return "all" in names or tool in names


def require(tool: str) -> None:
    if opted_out(tool):
        pytest.skip(f"{tool}: opted out with {SKIP_ENV}={os.environ.get(SKIP_ENV)}")


def run(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    env: dict | None = None,
    timeout: int = 300,
    check: bool = True,
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {}), "NO_COLOR": "1", "FORCE_COLOR": "0"}
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    if check and proc.returncode != 0:
        pytest.fail(
            f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n"
            f"--- stdout ---\n{proc.stdout[-6000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
        )
    return proc


@dataclass(frozen=True)
class Tools:
    root: Path  # the install dir (has node_modules)
    node: Path  # Node 22

    def bin(self, name: str) -> Path:
        return self.root / "node_modules" / ".bin" / name

    def js(self, name: str) -> list[str]:
        """Run a package binary (a JS file) with Node 22."""
        target = self.bin(name).resolve()
        return [str(self.node), str(target)]


def _install_npm_tools() -> Tools:
    pkg, lock = HERE / "package.json", HERE / "package-lock.json"
    digest = hashlib.sha256(pkg.read_bytes() + b"\0" + lock.read_bytes()).hexdigest()[:16]
    root = CACHE / digest
    marker = root / ".installed"
    if not marker.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail(
                "npm is not installed: the conformance tests need Node.js + npm "
                f"(or set {SKIP_ENV}=npm,chromium to opt out)"
            )
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        shutil.copy2(pkg, root / "package.json")
        shutil.copy2(lock, root / "package-lock.json")
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if proc.returncode != 0:
            pytest.fail(f"npm ci failed in {root}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        marker.write_text(digest + "\n")
    node = root / "node_modules" / ".bin" / "node"
    if not node.exists():
        pytest.fail(
            f"Node 22 from the npm package 'node' is missing at {node} "
            "(its preinstall script must be allowed: see allowScripts in package.json)"
        )
    version = subprocess.run([str(node), "--version"], capture_output=True, text=True).stdout.strip()
    if not version.startswith("v22."):
        pytest.fail(f"expected Node 22 from the npm package 'node', got {version!r}")
    return Tools(root, node)


@pytest.fixture(scope="session")
def tools() -> Tools:
    require("npm")
    return _install_npm_tools()


@pytest.fixture(scope="session")
def chromium() -> Path:
    require("chromium")
    if not CHROMIUM.exists():
        apt = shutil.which("apt-get")
        if not apt:
            pytest.fail(f"{CHROMIUM} is missing and apt-get is not available to install Debian's chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (
            [apt, "update", "-qq"],
            [apt, "install", "-y", "-qq", "chromium", "fonts-dejavu-core", "fonts-liberation"],
        ):
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            if proc.returncode != 0:
                pytest.fail(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} still missing after apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def out_dir() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT
