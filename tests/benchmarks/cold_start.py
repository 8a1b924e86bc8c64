"""Cold-start import cost of each function, next to a bare `import functions_framework`.

Each figure is the median over fresh interpreter processes (so nothing is cached in memory) of the
time from before `import functions_framework` to after loading the function's main.py the way the
framework does. Run: `.venv/bin/python tests/benchmarks/cold_start.py [--runs 9]`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
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


def probe(target: str) -> dict:
    source = str(ROOT / "functions" / target / "main.py") if target != "-" else "-"
    out = subprocess.run([sys.executable, "-c", PROBE, target, source, json.dumps(HEAVY)], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    base = statistics.median(probe("-")["ff"] for _ in range(args.runs))
    print(f"bare `import functions_framework`: {base * 1000:7.1f} ms (median of {args.runs} fresh processes)\n")
    print(f"{'function':<12} {'import ms':>10} {'ratio':>7}  heavy modules loaded at import")
    for name in FUNCTIONS:
        runs = [probe(name) for _ in range(args.runs)]
        total = statistics.median(r["total"] for r in runs)
        print(f"{name:<12} {total * 1000:10.1f} {total / base:7.2f}  {', '.join(runs[0]['heavy']) or '-'}")


if __name__ == "__main__":
    main()
