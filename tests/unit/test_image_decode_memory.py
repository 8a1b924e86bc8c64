"""Decode memory at the pixel cap (issue 17 item 5): a 116 KB 16-bit greyscale PNG of 50 MP cost 1.24 GiB
while it was flattened to float64 before downscaling.

The stated bound: at COPYTHAT_MAX_PIXELS' default (50 MP), decoding any image — analysis or detail
size — peaks at most 128 MiB above Pillow's own decoded copy of the source (1 byte a pixel for a
palette, 2 for 16-bit grey, 4 for RGB(A), LA and CMYK: what any decoder that is not streaming must
hold). Each case runs in a fresh process; peak RSS is measured above the state before the decode.
Measured (2026-12-07): 16-bit 169 / 170 MiB (was 1242), palette 50 / 88 (was 241 / 351), RGBA
194 / 236–289 (was 194 / 494), CMYK 6 / 233 (was 304), LA 193 / 236 (was 494)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
W, H = 10_000, 5_000  # 50 MP, the default cap
MIB = 1 << 20
OVERHEAD_MIB = 128
BYTES_PER_PIXEL = {"I;16": 2, "P": 1, "RGBA": 4, "CMYK": 4, "LA": 4}

MEASURE = r"""
import json, sys
from shared.extraction.image import ImageLimits, load_image
def status(key):  # VmHWM: this process's peak RSS (ru_maxrss would include the forking parent's)
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
data = open(sys.argv[1], "rb").read()
base = status("VmRSS")
img = load_image(data, ImageLimits(max_bytes=64 << 20), detail=sys.argv[2] == "detail")
print(json.dumps({"peak": status("VmHWM") - base,
                  "mode": img.source_mode, "shape": list(img.rgb.shape)}))
"""


def _images(d: Path) -> dict[str, Path]:
    def save(img, name, **kw):
        (d / name).write_bytes(_encode(img, **kw))
        return d / name

    grey = np.full((H, W), 40_000, np.uint16)
    grey[::97, ::89] = 1234
    pal = Image.new("P", (W, H), 3)
    pal.putpalette([i % 256 for i in range(768)])
    pal.info["transparency"] = 3  # expands to RGBA: the largest palette path
    return {"I;16": save(Image.fromarray(grey), "g16.png", format="PNG"),
            "P": save(pal, "pal.png", format="PNG", transparency=3),
            "RGBA": save(Image.new("RGBA", (W, H), (10, 20, 30, 128)), "rgba.png", format="PNG"),
            "CMYK": save(Image.new("CMYK", (W, H), (10, 20, 30, 40)), "cmyk.jpg", format="JPEG", quality=50),
            "LA": save(Image.new("LA", (W, H), (100, 50)), "la.png", format="PNG")}


def _encode(img, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    return _images(tmp_path_factory.mktemp("decode-memory"))


@pytest.mark.parametrize(("mode", "size"), [("I;16", "analysis"), ("I;16", "detail"), ("P", "analysis"),
                                            ("P", "detail"), ("RGBA", "detail"), ("CMYK", "detail"),
                                            ("LA", "detail")])
def test_decode_peak_memory_is_bounded(images, mode, size):
    out = subprocess.run([sys.executable, "-c", MEASURE, str(images[mode]), size], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["mode"] == mode
    bound = W * H * BYTES_PER_PIXEL[mode] + OVERHEAD_MIB * MIB
    assert got["peak"] <= bound, f"{mode} {size}: {got['peak'] / MIB:.0f} MiB > {bound / MIB:.0f} MiB"
