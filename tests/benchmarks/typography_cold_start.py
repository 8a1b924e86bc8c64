"""The extract function's cold start with typography loaded lazily, and its peak memory.

Each row is the median over fresh interpreter processes (nothing cached in memory):
- import of functions/extract/main.py the way functions-framework loads it (no typography code yet),
- the first `extract_tokens` call with typography (imports the typography package, then runs),
- a second call in the same process (steady state),
- peak RSS of that process against the function's configured memory (cloudbuild.yaml).
Images: a 1280×900 screenshot (DPR 1) and its 2560×1800 DPR-2 capture, from the typography dataset
when it is there (`--data`), else the demo's generated sample.

    .venv/bin/python tests/benchmarks/typography_cold_start.py [--runs 5] [--data /work/data/typography]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import importlib.util
spec = importlib.util.spec_from_file_location("main", sys.argv[1])
mod = importlib.util.module_from_spec(spec); sys.modules["main"] = mod; spec.loader.exec_module(mod)
t1 = time.perf_counter()
loaded_at_import = "shared.extraction.typography" in sys.modules
from shared.extraction.run import extract_tokens
data = open(sys.argv[2], "rb").read()
t2 = time.perf_counter()
extract_tokens(data, token_types=["color", "typography"])
t3 = time.perf_counter()
extract_tokens(data, token_types=["color", "typography"])
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t3 - t2, "second": t4 - t3, "lazy": not loaded_at_import,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _images(data: Path) -> list[tuple[str, Path]]:
    out = []
    for split, label in (("dpr1-png", "1280×900 PNG (DPR 1)"), ("dpr2-png", "2560×1800 PNG (DPR 2)")):
        p = data / split / "landing-00.png"
        if p.exists():
            out.append((label, p))
    if not out:
        sys.path.insert(0, str(ROOT))
        from shared.localstack.sample import sample_png

        p = Path("/tmp/copythat-sample.png")
        p.write_bytes(sample_png())
        out.append(("1280×800 demo sample", p))
    return out


def _configured_memory() -> str:
    text = (ROOT / "cloudbuild.yaml").read_text()
    block = text[text.index("functions/extract"):] if "functions/extract" in text else text
    m = re.search(r"--memory=(\S+)", block)
    return m.group(1) if m else "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, default=Path("/work/data/typography"))
    args = ap.parse_args()
    main_py = str(ROOT / "functions" / "extract" / "main.py")
    print(f"extract function, configured memory {_configured_memory()}; median of {args.runs} fresh processes\n")
    print(f"{'image':<24} {'import ms':>9} {'1st call ms':>11} {'2nd call ms':>11} {'peak RSS MiB':>12}  lazy")
    for label, path in _images(args.data):
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", PROBE, main_py, str(path)], cwd=ROOT, capture_output=True,
                                 text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
            runs.append(json.loads(out.stdout))
        med = {k: statistics.median(r[k] for r in runs) for k in ("import", "first", "second", "rss_mib")}
        print(f"{label:<24} {med['import'] * 1000:9.1f} {med['first'] * 1000:11.1f} {med['second'] * 1000:11.1f} "
              f"{med['rss_mib']:12.1f}  {all(r['lazy'] for r in runs)}")


if __name__ == "__main__":
    main()
