"""Fixtures of the deploy tests: the tools they need, installed on first use from pinned files into
venvs under <repo>/.cache/deploy-tools/ (re-created when a pinned file changes), and the parsed
cloudbuild.yaml / Terraform.

Missing tools are an error, never a skip: a deploy that cannot be checked is not known to be right.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TOOLS = ROOT / ".cache" / "deploy-tools"
PIP_CACHE = TOOLS / "pip-cache"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "deploy_install: installs staged functions into clean venvs (slow; runs by default)"
    )


def _pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def ensure_venv(name: str, requirements: list[Path], extra_args: tuple[str, ...] = ()) -> Path:
    """A venv at .cache/deploy-tools/<name> with `requirements` installed; its python. Rebuilt when
    the requirement files' content changes (a stamp holds their hash)."""
    digest = hashlib.sha256(
        b"".join(p.read_bytes() for p in requirements) + repr(extra_args).encode() + sys.version.encode()
    ).hexdigest()
    venv = TOOLS / name
    python = venv / "bin" / "python"
    stamp = venv / ".requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    if venv.exists():
        import shutil

        shutil.rmtree(venv)
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    argv = [str(python), "-m", "pip", "install", "--quiet", "--cache-dir", str(PIP_CACHE), *extra_args]
    for req in requirements:
        argv += ["-r", str(req)]
    proc = subprocess.run(argv, capture_output=True, text=True, env=_pip_env(), timeout=1200)
    if proc.returncode != 0:
        pytest.fail(
            f"installing {name} tools failed ({proc.returncode}):\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    stamp.write_text(digest)
    return python


@dataclass(frozen=True)
class Tools:
    parsers: Path  # python with python-hcl2 + PyYAML
    checkov: Path  # the checkov executable

    def dump(self, kind: str, path: Path):
        proc = subprocess.run(
            [str(self.parsers), str(HERE / "_dump.py"), kind, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"{kind} parse of {path} failed:\n{proc.stderr[-3000:]}"
        return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def tools() -> Tools:
    parsers = ensure_venv("parsers", [HERE / "requirements.txt"])
    checkov_python = ensure_venv("checkov", [HERE / "requirements-checkov.txt"])
    checkov = checkov_python.parent / "checkov"
    assert checkov.exists(), "checkov did not install its executable"
    return Tools(parsers=parsers, checkov=checkov)


@pytest.fixture(scope="session")
def cloudbuild(tools):
    from tests.deploy import deployspec

    return deployspec.CloudBuild(tools.dump("yaml", ROOT / "cloudbuild.yaml"))


@pytest.fixture(scope="session")
def terraform(tools):
    from tests.deploy import deployspec

    files = sorted((ROOT / "infra").glob("*.tf"))
    return deployspec.Terraform({f.name: tools.dump("hcl", f) for f in files})
