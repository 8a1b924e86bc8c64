"""Typography benchmark: predictors side by side on every split of the rendered-pages dataset.

    python tests/benchmarks/typography_benchmark.py [--data /work/data/typography] [--splits dpr1-png,...]
        [--predictor module:function ...] [--tokens-cli] [--pages N] [--by-kind] [--json OUT]

Always run: "tailwind-default" (Tailwind v4's default type scale, blind to the image: the floor) and
"oracle" (the ground truth fed back as a prediction: must score 1.0, or the scorer is wrong).
--predictor module:function adds an in-process predictor, function(image_path, dpr_hint=None) -> styles
(see typography_score.py for the style format); its wall time per image is measured, and this process's
CPU time across its threads (the issue's "on one core" figure, less distorted by a busy machine).
--tokens-cli adds the product's path: `copythat tokens IMAGE -o TMP` per image, read from the DTCG file
it writes (its time includes starting the process).
Dataset: typography_dataset.py (regenerate it with that script).
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

from tests.benchmarks.typography_score import (  # noqa: E402
    TARGETS, aggregate, meets, oracle, read_prediction, score_image)

DEFAULT_DATA = Path("/work/data/typography")
COPYTHAT = Path("/work/main/.venv/bin/copythat")
# text-xs … text-9xl: size px, line height px (or a unitless ratio for the sizes Tailwind sets to 1).
TAILWIND_V4 = [(12, 16), (14, 20), (16, 24), (18, 28), (20, 28), (24, 32), (30, 36), (36, 40),
               (48, 1), (60, 1), (72, 1), (96, 1), (128, 1)]


def tailwind_default(image_path: str, dpr_hint: int | None = None) -> list[dict]:
    """Every text-* size at weight 400 (base is the body), then font-thin … font-black at the base size."""
    styles = [{"fontSize": s, "fontWeight": 400, "lineHeight": lh / s if lh > 1 else 1.0, "letterSpacing": 0,
               "familyClass": "sans-serif", "role": "body" if s == 16 else None} for s, lh in TAILWIND_V4]
    styles += [{"fontSize": 16, "fontWeight": w, "lineHeight": 1.5, "letterSpacing": 0, "familyClass": "sans-serif"}
               for w in (100, 200, 300, 500, 600, 700, 800, 900)]
    return styles


def oracle_predictor(image_path: str, dpr_hint: int | None = None) -> list[dict]:
    return oracle(json.loads(Path(image_path).with_suffix(".json").read_text()))


def tokens_cli(image_path: str, dpr_hint: int | None = None) -> list[dict]:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([str(COPYTHAT), "tokens", image_path, "-o", out], capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"copythat tokens {image_path} failed:\n{proc.stderr[-2000:]}")
        return read_prediction(Path(out))


def load_predictor(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def run(data: Path, predictors: dict, splits: list[str], limit: int | None, by_kind: bool,
        give_dpr: bool = False, in_process: frozenset = frozenset()) -> dict:
    index = json.loads((data / "index.json").read_text())
    pages = index["pages"][:limit] if limit else index["pages"]
    results = {}
    for split in splits:
        dpr = int(split[3])
        per_pred: dict[str, list] = {name: [] for name in predictors}
        times: dict[str, list] = {name: [] for name in predictors}
        cpu: dict[str, list] = {name: [] for name in predictors}
        kinds: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for page in pages:
            files = page["files"][split]
            truth = json.loads((data / files["truth"]).read_text())
            image = str(data / files["image"])
            for name, fn in predictors.items():
                started, cpu_started = time.perf_counter(), time.process_time()
                # No hint by default: the product recognises DPR 2 itself (the held-out pages come without one).
                preds = fn(image, dpr_hint=dpr if give_dpr else None)
                times[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - cpu_started) * 1000)
                s = score_image(truth, preds)  # the summary is recomputed: the rules live in the scorer
                per_pred[name].append(s)
                kinds[name]["no-text" if page["kind"].startswith("no-text") else page["kind"]].append(s)
        results[split] = {name: aggregate(per_pred[name], times[name] if name != "oracle" else None)
                          for name in predictors}
        for name in predictors:  # this process's CPU: the "one core" figure, for in-process predictors only
            results[split][name]["cpu_ms"] = (statistics.median(cpu[name]) if name in in_process else None)
        print_table(split, results[split])
        if by_kind:
            print_kinds(kinds)
    return results


ROWS = [("size_f1", "text-size F1", "{:.3f}"), ("body_size", "body size ±1px", "{:.3f}"),
        ("weight_f1", "weight-set F1", "{:.3f}"), ("line_height_err", "body line-height err", "{:.3f}"),
        ("family_class", "family class", "{:.3f}"), ("no_text", "no-text → none", "{:.3f}"),
        ("style_precision", "style precision", "{:.3f}"), ("style_f1", "style F1", "{:.3f}"),
        ("style_extras", "extra styles per size", "{:.2f}"),
        ("pred_styles", "styles predicted", "{:.1f}"), ("true_styles", "styles true", "{:.1f}"),
        ("ms", "ms / image (median)", "{:.1f}"), ("cpu_ms", "CPU ms / image", "{:.1f}")]


def print_table(split: str, by_pred: dict) -> None:
    names = list(by_pred)
    any_agg = next(iter(by_pred.values()))
    print(f"\n== {split}: {any_agg['with_text']} images with text, {any_agg['no_text_n']} without; "
          f"line height observable on {any_agg['line_height_n']}")
    widths = [max(14, len(n) + 2) for n in names]
    print(f"{'metric':<22}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths)) + f"{'target':>10}")
    for key, label, fmt in ROWS:
        cells = []
        for n in names:
            v = by_pred[n].get(key)
            mark = meets(key, v)
            cells.append(("-" if v is None else fmt.format(v)) + (f" {mark}" if mark else ""))
        target = f"{TARGETS[key][0]} {TARGETS[key][1]:g}" if key in TARGETS else ""
        print(f"{label:<22}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)) + f"{target:>10}")


def print_kinds(kinds: dict) -> None:
    for name, by_kind in kinds.items():
        parts = []
        for kind, scores in sorted(by_kind.items()):
            agg = aggregate(scores)
            v = agg["size_f1"] if agg["with_text"] else agg["no_text"]
            parts.append(f"{kind} {v:.2f}" if v is not None else f"{kind} -")
        print(f"  {name} by kind (size F1; no-text: none-rate): " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--splits", default="dpr1-png,dpr1-jpeg,dpr2-png,dpr2-jpeg")
    ap.add_argument("--predictor", action="append", default=[], help="module:function (repeatable)")
    ap.add_argument("--tokens-cli", action="store_true", help="also run `copythat tokens` per image")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    ap.add_argument("--by-kind", action="store_true", help="also print size F1 per page kind")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--give-dpr", action="store_true",
                    help="tell in-process predictors each split's device-pixel ratio (default: they must find it)")
    a = ap.parse_args(argv)
    predictors = {"tailwind-default": tailwind_default, "oracle": oracle_predictor}
    for spec in a.predictor:
        predictors[spec.rsplit(".", 1)[-1]] = load_predictor(spec)  # short column names
    if a.tokens_cli:
        predictors["copythat-tokens"] = tokens_cli
    results = run(a.data, predictors, a.splits.split(","), a.pages, a.by_kind, a.give_dpr,
                  frozenset(spec.rsplit(".", 1)[-1] for spec in a.predictor))
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
