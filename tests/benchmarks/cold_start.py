"""Cold start of each function, next to bare functions-framework.

Three figures, each over fresh processes (nothing cached in memory):

1. import: the time from before `import functions_framework` to after loading the function's main.py
   the way the framework does, for every function, with the heavy modules each one loads.
2. `python -X importtime` of export's main.py: the top offenders by cumulative time.
3. first response (what a user waits for, issue 17 item 16): on the local stack, a real library is
   made through upload → extract → enrich; then, for bare functions-framework (a hello function) and
   each user-facing function, a fresh `python -m functions_framework` is started on a free port and
   timed from spawn to the first response of a real request — upload: a signed-URL ticket; export: the
   library as CSS and as DTCG JSON; library: a rename; usage: the caller's spend — N times, interleaved,
   as median / p90 and the ratio of the medians to bare functions-framework. A "floor" function beside
   them does only what every user-facing function must (firebase-admin verifies the ID token, the
   official Firestore client reads one document): no function that authenticates its caller and reads
   Firestore through those clients can start faster than it.

    .venv/bin/python tests/benchmarks/cold_start.py [--runs 7] [--base 9500] [--import-only]

The stack takes ports base…base+19. Timings on a shared machine are noisy: the load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from shared.localstack.layout import FUNCTIONS  # noqa: E402
HEAVY = ("anthropic", "openai", "google.cloud.firestore", "google.cloud.storage", "google.cloud.tasks_v2",
         "google.cloud.secretmanager", "firebase_admin", "PIL", "numpy", "coloraide")

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
import functions_framework
t1 = time.perf_counter()
target = sys.argv[1]
if target != "-":
    import importlib.util
    spec = importlib.util.spec_from_file_location("main", sys.argv[2])
    mod = importlib.util.module_from_spec(spec)
    sys.modules["main"] = mod
    spec.loader.exec_module(mod)
    getattr(mod, target)
t2 = time.perf_counter()
heavy = [m for m in json.loads(sys.argv[3]) if m in sys.modules]
print(json.dumps({"ff": t1 - t0, "total": t2 - t0, "heavy": heavy}))
"""
LOAD_MAIN = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('main', sys.argv[1]); "
             "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)")
HELLO = "def hello(request):\n    return 'ok'\n"
# The floor of any function that does what every user-facing one must: verify the caller's Firebase ID
# token with firebase-admin and read one Firestore document with the official client — nothing of ours.
FLOOR = """import os
_app = None


def floor(request):
    global _app
    import firebase_admin
    from firebase_admin import auth
    from google.cloud import firestore
    if _app is None:
        _app = firebase_admin.initialize_app(options={"projectId": os.environ["GOOGLE_CLOUD_PROJECT"]})
    uid = auth.verify_id_token(request.headers["Authorization"].split(" ", 1)[1])["uid"]
    doc = firestore.Client().collection("projects").document(request.args["projectId"]).get()
    return {"uid": uid, "exists": doc.exists}
"""


def probe(target: str) -> dict:
    source = str(ROOT / "functions" / target / "main.py") if target != "-" else "-"
    out = subprocess.run([sys.executable, "-c", PROBE, target, source, json.dumps(HEAVY)], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    return json.loads(out.stdout)


def import_figures(runs: int) -> None:
    base = statistics.median(probe("-")["ff"] for _ in range(runs))
    print(f"bare `import functions_framework`: {base * 1000:7.1f} ms (median of {runs} fresh processes)\n")
    print(f"{'function':<12} {'import ms':>10} {'ratio':>7}  heavy modules loaded at import")
    for name in FUNCTIONS:
        runs_ = [probe(name) for _ in range(runs)]
        total = statistics.median(r["total"] for r in runs_)
        print(f"{name:<12} {total * 1000:10.1f} {total / base:7.2f}  {', '.join(runs_[0]['heavy']) or '-'}")


def importtime_offenders(function: str = "export", top: int = 12) -> None:
    """`-X importtime` of the function's main.py: import time (self, summed) per package — numpy,
    coloraide, pydantic… and our own `shared.<package>` — largest first."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", LOAD_MAIN,
                          str(ROOT / "functions" / function / "main.py")],
                         cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    per: dict[str, int] = {}
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, _, name = line.split(":", 1)[1].split("|")  # "import time: self | cumulative |  name"
        parts = name.strip().split(".")
        key = ".".join(parts[:2]) if parts[0] == "shared" else parts[0]
        per[key] = per.get(key, 0) + int(self_us)
    rows = sorted(per.items(), key=lambda kv: -kv[1])
    print(f"\n`python -X importtime` of functions/{function}/main.py: import time per package "
          f"(self time summed; all imports {sum(per.values()) / 1000:.0f} ms)")
    for name, us in rows[:top]:
        print(f"  {us / 1000:8.1f} ms  {name}")


# --- time to first response ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_response(source: Path, target: str, env: dict[str, str], request) -> tuple[float, int]:
    """(seconds from spawn to the first HTTP answer of `request(port)`, its status); the server is
    killed after."""
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "functions_framework", "--target", target, "--source", str(source),
                             "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while True:
            try:
                status = request(port)
                return time.perf_counter() - t0, status
            except (ConnectionError, urllib.error.URLError) as err:
                if isinstance(err, urllib.error.URLError) and not isinstance(err.reason, ConnectionError):
                    raise
                if proc.poll() is not None:
                    raise RuntimeError(f"{target} exited: {proc.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.005)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def http(method: str, port: int, path: str, token: str | None, body: dict | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def first_response_figures(runs: int, base_port: int) -> None:
    from google.cloud import firestore

    from shared.localstack.client import StackClient
    from shared.localstack.demo import follow_jobs
    from shared.localstack.layout import Layout
    from shared.localstack.sample import sample_png
    from shared.localstack.stack import LocalStack

    layout = Layout(base_port=base_port, state_dir=ROOT / ".stack" / f"cold-{base_port}", project="demo-cold",
                    bucket="demo-cold-uploads")
    # Limits high enough for the runs: every run is a real, counted request.
    limits = {"COPYTHAT_RATE_UPLOAD_PER_MIN": "10000", "COPYTHAT_RATE_UPLOAD_PER_HOUR": "10000",
              "COPYTHAT_RATE_EXPORT_PER_MIN": "10000", "COPYTHAT_RATE_LIBRARY_PER_MIN": "10000",
              "COPYTHAT_RATE_USAGE_PER_MIN": "10000"}
    with LocalStack(layout, extra_function_env=limits, with_scheduler=False, with_web=False, quiet=True):
        client = StackClient(layout)
        _, token = client.sign_up(f"cold-{int(time.time())}@example.com")
        png = sample_png()
        # Project ids are made by the server (issue 17 item 2): the ticket says which one.
        ticket = client.start_upload(token, png, "image/png", createProject=True, projectName="Cold start")
        project = ticket["projectId"]
        db = firestore.Client(project=layout.project)
        final = follow_jobs(db, {ticket["jobId"]: "sample screenshot"}, timeout_s=300)
        if final[ticket["jobId"]].get("status") != "done":
            raise SystemExit(f"the library was not made: {final}")
        tokens = list(db.collection("projects").document(project).collection("tokens").stream())
        token_id, token_name = tokens[0].id, tokens[0].to_dict()["name"]
        print(f"\nLibrary {project}: {len(tokens)} tokens from the sample screenshot "
              f"(stored theme: {'yes' if (db.collection('projects').document(project).get().to_dict() or {}).get('theme') else 'no'})")

        env = {**layout.function_env(), **limits, "PATH": os.environ.get("PATH", "")}
        hello = Path(tempfile.mkdtemp()) / "main.py"
        hello.write_text(HELLO)
        floor = hello.parent / "floor" / "main.py"
        floor.parent.mkdir()
        floor.write_text(FLOOR)
        fn = lambda name: ROOT / "functions" / name / "main.py"  # noqa: E731
        cases = {
            "bare functions-framework": (hello, "hello", lambda p: http("GET", p, "/", None), 200),
            "floor: verify token + 1 read": (floor, "floor", lambda p: http(
                "GET", p, f"/?projectId={project}", token), 200),
            "upload (signed-URL ticket)": (fn("upload"), "upload", lambda p: http(
                "POST", p, "/", token, {"contentType": "image/png", "size": len(png), "projectId": project}), 201),
            "export css": (fn("export"), "export",
                           lambda p: http("GET", p, f"/?projectId={project}&format=css", token), 200),
            "export dtcg": (fn("export"), "export",
                            lambda p: http("GET", p, f"/?projectId={project}&format=dtcg", token), 200),
            "library (rename)": (fn("library"), "library", lambda p: http(
                "PATCH", p, f"/projects/{project}/tokens/{token_id}", token, {"name": token_name}), 200),
            "usage": (fn("usage"), "usage", lambda p: http("GET", p, "/", token), 200),
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(runs):  # interleaved: a burst of load on the machine hits every case alike
            for name, (source, target, request, expected) in cases.items():
                seconds, status = first_response(source, target, env, request)
                if status != expected:
                    raise SystemExit(f"{name}: HTTP {status}, expected {expected}")
                times[name].append(seconds)
    bare = statistics.median(times["bare functions-framework"])
    print(f"\nTime to first response from a fresh process ({runs} runs each, interleaved; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"{'':<28} {'median ms':>10} {'p90 ms':>8} {'× bare':>7}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<28} {med * 1000:10.0f} {pct(values, 0.9) * 1000:8.0f} {med / bare:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", type=int, default=int(os.environ.get("COPYTHAT_TEST_PORT_BASE", 9500)))
    parser.add_argument("--import-only", action="store_true", help="skip the local stack's first-response runs")
    args = parser.parse_args()
    import_figures(args.runs)
    importtime_offenders()
    if not args.import_only:
        first_response_figures(args.runs, args.base)


if __name__ == "__main__":
    main()
