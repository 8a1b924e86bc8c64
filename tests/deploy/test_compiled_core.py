"""The pixel palette's C core as built here must load on the python311 runtime: Cloud Functions runs
it on Ubuntu 22.04, whose glibc is 2.35, so the module may ask for no newer symbol version."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_GLIBC = (2, 35)


def test_the_core_needs_no_glibc_newer_than_the_runtimes():
    built = sorted((ROOT / "shared" / "extraction" / "palette").glob("_core*.so"))  # baseline and x86-64-v3
    assert built, "the C core is not built (pip install -e . builds it)"
    objdump = shutil.which("objdump")
    if objdump is None:
        pytest.fail("objdump (binutils, installed with gcc) is needed to read the module's symbol versions")
    for module in built:
        symbols = subprocess.run([objdump, "-T", str(module)], capture_output=True, text=True, check=True).stdout
        versions = {tuple(int(p) for p in m.split(".")) for m in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", symbols)}
        assert versions, f"no versioned glibc symbol found in {module.name}: objdump output changed?"
        assert max(versions) <= RUNTIME_GLIBC, \
            f"{module.name} needs glibc {max(versions)}, the runtime has {RUNTIME_GLIBC}"
