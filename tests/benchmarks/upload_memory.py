"""Peak memory of one `upload` request at its largest inline input, per path, and what that means for
the function's memory and concurrency (infra/capacity.md, "upload's memory").

Each path runs through functions-framework's real app with the in-memory container (no network):
a JSON body with the largest base64 image COPYTHAT_MAX_INLINE_BYTES allows, the same image as
multipart, and an imageUrl fetch of that size. Python's own allocations are measured with
tracemalloc (peak during the request, above the state before it); the process's RSS before and
after shows the interpreter and libraries every instance holds anyway.

    .venv/bin/python tests/benchmarks/upload_memory.py
"""
from __future__ import annotations

import base64
import io
import os
import resource
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from functions_framework import create_app  # noqa: E402

from shared import bootstrap  # noqa: E402
from tests.fakes.memory import FakeContainer, FakeImageFetcher, test_settings  # noqa: E402

MAX_INLINE = 4 * 1024 * 1024  # Settings.max_inline_bytes' default, what production runs with
AUTH = {"Authorization": "Bearer token-alice"}


def noise_png(target: int) -> bytes:
    """A valid PNG just under `target` bytes (noise does not compress)."""
    import numpy as np
    from PIL import Image

    side = int((target / 3) ** 0.5)
    while True:
        buf = io.BytesIO()
        Image.fromarray(np.random.default_rng(1).integers(0, 256, (side, side, 3), dtype=np.uint8)).save(
            buf, "PNG", compress_level=0)
        if len(buf.getvalue()) <= target:
            return buf.getvalue()
        side -= 8


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    png = noise_png(MAX_INLINE)
    url = "https://img.example/big.png"
    fake = FakeContainer(settings=test_settings(max_inline_bytes=MAX_INLINE, rate_upload_per_min=0,
                                                rate_upload_per_hour=0),
                         image_fetcher=FakeImageFetcher({url: png}))
    bootstrap.override(fake)
    client = create_app("upload", str(ROOT / "functions" / "upload" / "main.py")).test_client()
    b64 = base64.b64encode(png).decode()
    cases = {
        "JSON imageBase64": lambda: client.post("/", json={"createProject": True, "imageBase64": b64}, headers=AUTH),
        "multipart file": lambda: client.post("/", data={"createProject": "true", "file": (io.BytesIO(png), "a.png")},
                                              headers=AUTH, content_type="multipart/form-data"),
        "JSON imageUrl": lambda: client.post("/", json={"createProject": True, "imageUrl": url}, headers=AUTH),
    }
    for name, fn in cases.items():  # warm: imports, first-use clients
        r = fn()
        assert r.status_code == 202, (name, r.status_code, r.data[:300])
    fake.objects.__init__()  # drop what the warm-up stored
    print(f"image: {len(png) / 2**20:.2f} MiB PNG, base64 {len(b64) / 2**20:.2f} MiB; "
          f"process RSS after warm-up {rss_mib():.0f} MiB (pid {os.getpid()}, load {os.getloadavg()[0]:.1f})")
    print(f"{'path':<20} {'peak above idle (MiB)':>22} {'x image':>8}")
    worst = 0.0
    for name, fn in cases.items():
        tracemalloc.start()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        r = fn()
        peak = (tracemalloc.get_traced_memory()[1] - base) / 2**20
        tracemalloc.stop()
        assert r.status_code == 202, r.data
        fake.objects.__init__()
        worst = max(worst, peak)
        print(f"{name:<20} {peak:>22.1f} {peak / (len(png) / 2**20):>8.1f}")
    print(f"worst path: {worst:.1f} MiB per request; "
          f"max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
