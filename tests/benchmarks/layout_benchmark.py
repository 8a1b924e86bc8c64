"""Layout benchmark: spacing, radius and shadow predictors side by side on every split of the rendered pages.

    python tests/benchmarks/layout_benchmark.py [--data /work/data/layout] [--splits dpr1-png,...]
        [--predictor module:function ...] [--tokens-cli] [--original] [--give-dpr] [--pages N]
        [--half even|odd] [--by-kind] [--json OUT]

Always run: "tailwind-default" (Tailwind v4's default spacing steps, radii sm…3xl and full, shadows
sm…xl, blind to the image: the floor) and "oracle" (the truth fed back as a prediction: must score
1.0, or the scorer is wrong).
--predictor module:function adds an in-process predictor, function(image_path, dpr_hint=None) ->
prediction (format: layout_score.py); its wall time per image is measured, and where the prediction
carries "cpuMs" / "layoutCpuMs" (the product's own CPU time: text + layout, layout alone; scorer-only
passes excluded) their medians too — the issue's "on one core" figure, less distorted by a busy machine.
--tokens-cli adds the product's path: `copythat tokens IMAGE -o TMP --types spacing,radius,shadow`
per image (`python -m shared.cli` of this checkout, so the code under test is what runs), read from
the DTCG file it writes (its time includes starting the process).
--original adds the original Copy That's CV extractors (/work/peers/run_original.py, not in the repo):
its spacing tokens (pxSource: image px; divided by the DPR only with --give-dpr, since it has no
notion of one), its base unit, its shadows (its offsets are absolute positions, reported as is) and
no radii (it has no radius extractor).
--half even|odd keeps every other page of the index (constants are tuned on the even half; the odd
half is held out).
No DPR is given to predictors unless --give-dpr: the held-out screenshots come without one, so the
product must recognise a DPR-2 image itself.
Dataset: layout_dataset.py (regenerate it with that script).
"""
from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.layout_score import TARGETS, aggregate, meets, oracle, read_prediction, score_image  # noqa: E402

DEFAULT_DATA = Path("/work/data/layout")
COPYTHAT = [sys.executable, "-m", "shared.cli"]  # this checkout's CLI (run with cwd=ROOT)
ORIGINAL_PY = Path("/work/venvs/copy-that-original/bin/python")
ORIGINAL = Path("/work/peers/run_original.py")
LAYOUT_TYPES = "spacing,radius,shadow"

# Tailwind v4: --spacing 0.25rem, the classic steps 0.5 … 24 (px); --radius-sm … 3xl and full;
# --shadow-sm … xl.
TAILWIND_SPACING = [2, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 44, 48, 56, 64, 80, 96]
TAILWIND_RADII = [4, 6, 8, 12, 16, 24]
_K = "#000000"
TAILWIND_SHADOWS = [
    [(0, 1, 3, 0, 0.1), (0, 1, 2, -1, 0.1)],
    [(0, 4, 6, -1, 0.1), (0, 2, 4, -2, 0.1)],
    [(0, 10, 15, -3, 0.1), (0, 4, 6, -4, 0.1)],
    [(0, 20, 25, -5, 0.1), (0, 8, 10, -6, 0.1)],
]


def tailwind_default(image_path: str, dpr_hint: int | None = None) -> dict:
    return {"spacing": [{"value": v, "count": 1} for v in TAILWIND_SPACING], "baseUnit": 4,
            "radii": [{"value": v, "count": 1} for v in TAILWIND_RADII] + [{"value": 9999, "count": 1, "pill": True}],
            "shadows": [{"layers": [{"offsetX": x, "offsetY": y, "blur": b, "spread": s, "color": _K, "alpha": a,
                                     "inset": False} for x, y, b, s, a in layers]} for layers in TAILWIND_SHADOWS]}


def oracle_predictor(image_path: str, dpr_hint: int | None = None) -> dict:
    return oracle(json.loads(Path(image_path).with_suffix(".json").read_text()))


def tokens_cli_supported() -> str | None:
    """None when `copythat tokens` can extract spacing, radius and shadow; else why not."""
    proc = subprocess.run([*COPYTHAT, "tokens", "--help"], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        return f"`copythat tokens --help` failed: {proc.stderr[-500:]}"
    missing = [t for t in LAYOUT_TYPES.split(",") if t not in proc.stdout.split("token types to extract")[-1]]
    if missing:
        return f"`copythat tokens` cannot extract {', '.join(missing)} yet (see `copythat tokens --help`)"
    return None


def tokens_cli(image_path: str, dpr_hint: int | None = None) -> dict:
    with tempfile.TemporaryDirectory() as out:
        cmd = [*COPYTHAT, "tokens", image_path, "-o", out, "--types", LAYOUT_TYPES]
        if dpr_hint:
            cmd += ["--dpr", str(dpr_hint)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if proc.returncode == 1 and "nothing to export" in proc.stderr:
            return {"spacing": [], "baseUnit": None, "radii": [], "shadows": []}  # no tokens: a valid answer
        if proc.returncode != 0:
            raise RuntimeError(f"copythat tokens {image_path} failed:\n{proc.stderr[-2000:]}")
        return read_prediction(Path(out))


def original(image_path: str, dpr_hint: int | None = None) -> dict:
    proc = subprocess.run([str(ORIGINAL_PY), str(ORIGINAL), image_path, "--only", "spacing,shadows"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"run_original.py {image_path} failed:\n{proc.stderr[-2000:]}")
    data = json.loads(proc.stdout)
    k = dpr_hint or 1
    spacing = [{"value": s["pxSource"] / k, "count": 1} for s in data.get("spacing", []) if s.get("pxSource")]
    base = ((data.get("meta") or {}).get("spacing") or {}).get("baseUnit")
    shadows = [{"layers": [{"offsetX": s.get("x") or 0, "offsetY": (s.get("y") or 0), "blur": s.get("blur") or 0,
                            "spread": s.get("spread") or 0, "color": s.get("color") or _K,
                            "alpha": s.get("opacity") if s.get("opacity") is not None else 1,
                            "inset": bool(s.get("inset"))}]} for s in data.get("shadows", [])]
    return {"spacing": spacing, "baseUnit": base if base in (2, 4, 8) else None, "radii": [], "shadows": shadows}


def load_predictor(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def run(data: Path, predictors: dict, splits: list[str], limit: int | None, by_kind: bool,
        give_dpr: bool = False, half: str | None = None) -> dict:
    index = json.loads((data / "index.json").read_text())
    pages = index["pages"]
    if half:  # a development half and a held-out half: pages in index order, alternating
        pages = pages[0 if half == "even" else 1::2]
    pages = pages[:limit] if limit else pages
    results = {}
    for split in splits:
        dpr = int(split[3])
        per_pred: dict[str, list] = {name: [] for name in predictors}
        times: dict[str, list] = {name: [] for name in predictors}
        cpu: dict[str, dict[str, list]] = {name: {"cpuMs": [], "layoutCpuMs": []} for name in predictors}
        kinds: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for page in pages:
            files = page["files"][split]
            truth = json.loads((data / files["truth"]).read_text())
            image = str(data / files["image"])
            for name, fn in predictors.items():
                started = time.perf_counter()
                pred = fn(image, dpr_hint=dpr if give_dpr else None)
                times[name].append((time.perf_counter() - started) * 1000)
                for k, v in cpu[name].items():
                    if isinstance(pred.get(k), (int, float)):
                        v.append(float(pred[k]))
                s = score_image(truth, pred)  # the summary is recomputed: the rules live in the scorer
                per_pred[name].append(s)
                kinds[name][page["kind"].split("-")[0] if page["kind"].startswith("no-ui") else page["kind"]].append(s)
        results[split] = {name: aggregate(per_pred[name], times[name] if name != "oracle" else None)
                          for name in predictors}
        for name in predictors:
            results[split][name]["cpu_ms"] = statistics.median(cpu[name]["cpuMs"]) if cpu[name]["cpuMs"] else None
            results[split][name]["layout_cpu_ms"] = (statistics.median(cpu[name]["layoutCpuMs"])
                                                     if cpu[name]["layoutCpuMs"] else None)
        print_table(split, results[split])
        if by_kind:
            print_kinds(kinds)
    return results


ROWS = [("spacing_f1", "spacing-scale F1"), ("base_unit", "base unit"), ("radius_f1", "radius F1"),
        ("radius_clean", "no radii → none"), ("pill_count", "pill count (min/max)"), ("shadow_presence", "shadow presence"),
        ("shadow_f1", "shadow F1"), ("box_recall", "boxes found (IoU .5)"), ("box_shadow", "box shadow"),
        ("box_pill", "pill per box"), ("no_ui", "no UI → none"), ("pred_spacing", "spacing steps pred"),
        ("true_spacing", "spacing steps true"), ("pred_radii", "radii pred"), ("true_radii", "radii true"),
        ("pred_shadows", "elevations pred"), ("true_shadows", "elevations true"), ("ms", "ms / image (median)"),
        ("cpu_ms", "CPU ms, text+layout"), ("layout_cpu_ms", "CPU ms, layout")]
COUNTS = {"pred_spacing", "true_spacing", "pred_radii", "true_radii", "pred_shadows", "true_shadows", "ms", "cpu_ms",
          "layout_cpu_ms"}


def print_table(split: str, by_pred: dict) -> None:
    names = list(by_pred)
    a = next(iter(by_pred.values()))
    print(f"\n== {split}: {a['ui']} UI images, {a['no_ui_n']} without UI; scored on: spacing {a['spacing_f1_n']}, "
          f"radius {a['radius_f1_n']} (+{a['radius_clean_n']} without radii), pill count {a['pill_count_n']}, "
          f"shadow presence {a['shadow_presence_n']}, shadow F1 {a['shadow_f1_n']}")
    widths = [max(14, len(n) + 2) for n in names]
    print(f"{'metric':<22}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths)) + f"{'target':>10}")
    for key, label in ROWS:
        if all(by_pred[n].get(key) is None for n in names) and (key.startswith("box_") or "cpu" in key):
            continue
        cells = []
        for n in names:
            v = by_pred[n].get(key)
            mark = meets(key, v)
            cells.append(("-" if v is None else (f"{v:.1f}" if key in COUNTS else f"{v:.3f}")) + (f" {mark}" if mark else ""))
        target = f"{TARGETS[key][0]} {TARGETS[key][1]:g}" if key in TARGETS else ""
        print(f"{label:<22}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)) + f"{target:>10}")


def print_kinds(kinds: dict) -> None:
    for name, by_kind in kinds.items():
        parts = []
        for kind, scores in sorted(by_kind.items()):
            agg = aggregate(scores)
            if not agg["ui"]:
                parts.append(f"{kind} none-rate {agg['no_ui']:.2f}")
                continue
            cell = lambda k: "-" if agg[k] is None else f"{agg[k]:.2f}"  # noqa: E731
            parts.append(f"{kind} {cell('spacing_f1')}/{cell('radius_f1')}/{cell('shadow_f1')}")
        print(f"  {name} by kind (spacing/radius/shadow F1): " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr1-png,dpr1-jpeg,dpr2-png,dpr2-jpeg")
    ap.add_argument("--predictor", action="append", default=[], help="module:function (repeatable)")
    ap.add_argument("--tokens-cli", action="store_true", help="also run `copythat tokens --types spacing,radius,shadow`")
    ap.add_argument("--original", action="store_true", help="also run the original Copy That's CV extractors")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--half", choices=("even", "odd"), default=None,
                    help="only the even (development) or odd (held-out) pages of the index")
    ap.add_argument("--by-kind", action="store_true", help="also print F1s per page kind")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--give-dpr", action="store_true",
                    help="tell predictors each split's device-pixel ratio (default: they must find it)")
    a = ap.parse_args(argv)
    predictors = {"tailwind-default": tailwind_default, "oracle": oracle_predictor}
    for spec in a.predictor:
        predictors[spec.rsplit(".", 1)[-1]] = load_predictor(spec)
    if a.tokens_cli:
        why = tokens_cli_supported()
        if why:
            print(f"--tokens-cli skipped: {why}")
        else:
            predictors["copythat-tokens"] = tokens_cli
    if a.original:
        if ORIGINAL_PY.exists() and ORIGINAL.exists():
            predictors["original"] = original
        else:
            print(f"--original skipped: {ORIGINAL_PY} or {ORIGINAL} not on this machine")
    results = run(a.data, predictors, a.splits.split(","), a.pages, a.by_kind, a.give_dpr, a.half)
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
