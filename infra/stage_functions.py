#!/usr/bin/env python3
"""Stage each Cloud Function into its own source folder, ready for `gcloud functions deploy --source`.

    python infra/stage_functions.py --out build/functions [--only extract ...]

For every function under functions/<name>/ this writes <out>/<name>/ with:
  main.py            the entry point, unchanged
  shared/            the shared library, without the local stack (shared/localstack/), the CLI
                     (shared/cli.py), the post-deploy smoke (shared/smoke*), tests and caches
  requirements.txt   the hashed, pinned lock for what the function needs: requirements/ai.lock
                     (base + anthropic + openai) for `extract`, requirements/base.lock for the others.
                     Dev and test tools are never in either.

Only the standard library is used, so Cloud Build can run it in a bare python image.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Which lock each function installs. Only extract calls the AI providers (shared/extraction/ai is
# imported lazily, and the SDKs only inside the provider adapters), so only it carries their SDKs.
AI_FUNCTIONS = frozenset({"extract"})
LOCKS = {"base": "requirements/base.lock", "ai": "requirements/ai.lock"}

# Left out of every staged copy of shared/ (glob patterns on path parts, relative to shared/).
EXCLUDED_DIRS = frozenset(
    {"localstack", "smoke", "tests", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}
)
# Top-level only (see _ignore): the CLI, and `copythat smoke`, which runs from a checkout after a deploy.
EXCLUDED_FILES = frozenset({"cli.py", "smoke_command.py"})
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".c")  # the C core's source: its build (.so) is what is staged


def functions(root: Path = ROOT) -> list[str]:
    """Every function: a folder under functions/ with a main.py."""
    return sorted(p.parent.name for p in (root / "functions").glob("*/main.py"))


def lock_for(name: str) -> str:
    return LOCKS["ai" if name in AI_FUNCTIONS else "base"]


def _ignore(shared_root: Path):
    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory)
        out = set()
        for n in names:
            if n in EXCLUDED_DIRS and (here / n).is_dir():
                out.add(n)
            elif n.endswith(EXCLUDED_SUFFIXES) or (n.startswith("test_") and n.endswith(".py")):
                out.add(n)
            elif n in EXCLUDED_FILES and here == shared_root:
                out.add(n)
        return out

    return ignore


def requirements_text(name: str, root: Path = ROOT) -> str:
    lock = root / lock_for(name)
    if not lock.is_file():
        raise SystemExit(f"missing lock file {lock}: see requirements/README.md")
    header = (
        f"# Staged for the `{name}` function from {lock_for(name)} by infra/stage_functions.py.\n"
        "# Pinned and hashed: pip installs it in --require-hashes mode. Do not edit: regenerate.\n"
    )
    return header + lock.read_text()


def stage(name: str, out: Path, root: Path = ROOT) -> Path:
    src = root / "functions" / name / "main.py"
    if not src.is_file():
        raise SystemExit(f"no such function: {name} ({src} is missing)")
    dest = out / name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(src, dest / "main.py")
    shared = root / "shared"
    shutil.copytree(shared, dest / "shared", ignore=_ignore(shared))
    (dest / "requirements.txt").write_text(requirements_text(name, root))
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="build/functions", help="output folder (default: build/functions)")
    ap.add_argument("--only", nargs="*", help="stage only these functions")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if not out.is_absolute():
        out = Path.cwd() / out
    names = args.only or functions()
    unknown = sorted(set(names) - set(functions()))
    if unknown:
        ap.error(f"unknown function(s): {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        dest = stage(name, out)
        print(f"staged {name:12s} -> {dest} ({lock_for(name)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
