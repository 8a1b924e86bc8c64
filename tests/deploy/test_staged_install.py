"""Each staged function folder, installed into a clean venv from nothing but its own requirements.txt
(pip, --require-hashes, as the Cloud Functions build does), serves its entry point with the
`functions-framework` CLI and answers a request with the production configuration of cloudbuild.yaml.

Slow (a venv per distinct requirements set: two, base and ai; a pip cache under .cache/deploy-tools
makes re-runs quick) but part of the suite: marked `deploy_install`, never deselected by default."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from shared.http import SECURITY_HEADERS
from tests.deploy.conftest import PIP_CACHE
from tests.deploy.deployspec import normal

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/main.py"))
PROJECT, REGION = "copythat-deploy-test", "europe-west1"

pytestmark = pytest.mark.deploy_install


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("install") / "functions"
    subprocess.run(
        [sys.executable, str(ROOT / "infra" / "stage_functions.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


@pytest.fixture(scope="module")
def venvs(staged, tmp_path_factory) -> dict[str, Path]:
    """function -> python of a fresh venv holding exactly its requirements (one per distinct set)."""
    root = tmp_path_factory.mktemp("venvs")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    reqs: dict[str, Path] = {}  # digest -> one requirements.txt with that lock
    digest_of: dict[str, str] = {}
    for name in FUNCTIONS:
        req = staged / name / "requirements.txt"
        body = req.read_text().split("\n", 2)[2]  # the lock, without the per-function header
        digest_of[name] = hashlib.sha256(body.encode()).hexdigest()[:12]
        reqs.setdefault(digest_of[name], req)
    # The distinct sets install side by side (each in its own clean venv, one shared pip cache).
    installs = {}
    for digest, req in reqs.items():
        venv = root / digest
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        python = venv / "bin" / "python"
        installs[digest] = (
            python,
            subprocess.Popen(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--require-hashes",
                    "--no-compile",  # no .pyc pass over ~60 packages: a third of the install time
                    "--cache-dir",
                    str(PIP_CACHE),
                    "-r",
                    str(req),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
            ),
        )
    by_digest: dict[str, Path] = {}
    for digest, (python, proc) in installs.items():
        output, _ = proc.communicate(timeout=1200)
        assert proc.returncode == 0, f"pip install of {reqs[digest]} failed\n{output.decode()[-4000:]}"
        by_digest[digest] = python
    out = {name: by_digest[digest_of[name]] for name in FUNCTIONS}
    assert len(by_digest) == 2, "expected two requirement sets: base and ai (extract)"
    return out


def _expand(value: str) -> str:
    return normal(value).replace("{project}", PROJECT).replace("{region}", REGION)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, headers: dict[str, str], body: bytes | None, path: str = "/"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers


def _raw_status(port: int, request_line: str) -> tuple[int, dict[str, str]]:
    """One request line sent as is (urllib always sends a path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    lines = data.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    return int(lines[0].split()[1]), dict(line.split(": ", 1) for line in lines[1:])


# What each entry point answers to a request without credentials: the HTTP functions refuse it (401,
# in the JSON error shape) before touching any Google API; ingest acknowledges (204/200) an event
# without a storage object.
PROBES = {
    "upload": ("POST", {"Content-Type": "application/json"}, b"{}", {401}),
    "export": ("GET", {}, None, {401}),
    "extract": ("POST", {"Content-Type": "application/json"}, b'{"jobId": "abc"}', {401}),
    "enrich": ("POST", {"Content-Type": "application/json"}, b'{"jobId": "abc"}', {401}),
    "library": ("DELETE", {}, None, {401}),
    "usage": ("GET", {}, None, {401}),
    "sweeper": ("POST", {"Content-Type": "application/json"}, b"{}", {401}),
    "cost_rollup": ("POST", {"Content-Type": "application/json"}, b"{}", {401}),
    "ingest": (
        "POST",
        {
            "Content-Type": "application/json",
            "ce-id": "deploy-test-1",
            "ce-specversion": "1.0",
            "ce-source": f"//storage.googleapis.com/projects/_/buckets/{PROJECT}-uploads",
            "ce-type": "google.cloud.storage.object.v1.finalized",
            "ce-time": "2026-01-01T00:00:00Z",
        },
        b"{}",
        {200, 204},
    ),
}


def test_only_extract_can_import_the_ai_sdks(venvs):
    for name, python in venvs.items():
        proc = subprocess.run([str(python), "-c", "import anthropic, openai"], capture_output=True)
        assert (proc.returncode == 0) == (name == "extract"), name


@pytest.mark.parametrize("entry", FUNCTIONS)
def test_staged_function_serves_with_functions_framework(entry, staged, venvs, cloudbuild):
    deploy = next(d for d in cloudbuild.deploys.values() if d.entry_point == entry)
    folder = staged / deploy.source.rsplit("/", 1)[-1]
    ff = venvs[entry].parent / "functions-framework"
    assert ff.exists(), "functions-framework CLI not installed by the requirements"
    env = {
        "PATH": f"{ff.parent}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        **{k: _expand(v) for k, v in deploy.env.items()},
    }
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(ff),
            "--target",
            entry,
            "--source",
            str(folder / "main.py"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"{entry} exited:\n{proc.stdout.read().decode()[-3000:]}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"{entry} did not listen within 60 s"
                time.sleep(0.2)
        method, headers, body, statuses = PROBES[entry]
        status, payload, _ = _request(port, method, headers, body)
        assert status in statuses, f"{entry}: {status} {payload[:500]!r}"
        if status == 401:
            assert json.loads(payload)["error"]["code"], payload
        if entry != "ingest":  # answered before our handler runs (see tests/functions/test_framework_responses.py)
            status, payload, got = _request(port, "GET", {}, None, "/favicon.ico")
            assert status == 404 and json.loads(payload)["error"]["code"] == "route_not_found", (entry, payload)
            assert {k: got.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, entry
            # gunicorn passes an absolute-form request line without a path as an empty path: werkzeug's 308.
            status, got = _raw_status(port, "GET http://127.0.0.1 HTTP/1.1")
            assert status == 308, (entry, status)
            assert {k: got.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS, entry
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_the_staged_extract_runs_the_compiled_palette_core(staged, venvs):
    """The stage step builds the C core and stages it with shared/ (its source stays behind); in the
    function's own clean venv it loads and agrees with the numpy pipeline."""
    palette = staged / "extract" / "shared" / "extraction" / "palette"
    assert list(palette.glob("_core*.so")) and not list(palette.glob("*.c"))
    check = (
        "import numpy as np\n"
        "from shared.extraction.palette import extractor as x\n"
        "assert x._core is not None\n"
        "from shared.extraction.palette import _core\n"  # the x86-64-v3 build is staged and runs where it can
        "assert x._core.__name__.endswith('_core_v3') == _core.cpu_has_x86_64_v3(), x._core\n"
        "rgb = np.zeros((40, 60, 3), np.uint8); rgb[10:30, 5:50] = (37, 99, 235)\n"
        "assert x.find_colors_compiled(rgb, None, 5) == x.find_colors_numpy(rgb, None, 5)\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run([str(venvs["extract"]), "-c", check], cwd=staged / "extract", env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
