"""Build of the C extension only; the project metadata stays in pyproject.toml."""
import hashlib
import platform
import sys
from pathlib import Path

from setuptools import Extension, setup

SOURCE = ["shared/extraction/palette/_core.c"]
# Both builds carry their source's hash: the product loads the x86-64-v3 one only when it was built
# from the same source as the baseline one (an optional build that failed leaves an older file behind).
SOURCE_SHA256 = hashlib.sha256((Path(__file__).parent / SOURCE[0]).read_bytes()).hexdigest()
MACROS = [("CORE_SOURCE_SHA256", f'"{SOURCE_SHA256}"')]
# IEEE float semantics like numpy's: no FMA contraction, no fast-math reassociation.
# -fno-wrapv undoes the -fwrapv CPython's own CFLAGS bring (its code relies on wrapping; ours never
# overflows), which kept the per-pixel loops' index arithmetic from being optimised: with -O3, ~5 %
# faster than -O2 with it, same answers (tests/benchmarks/pixel_core_equivalence.py).
FLAGS = ["-O3", "-fno-wrapv", "-std=c99", "-ffp-contract=off", "-fno-fast-math"]

extensions = [Extension("shared.extraction.palette._core", SOURCE, define_macros=MACROS, extra_compile_args=FLAGS)]
if sys.platform == "linux" and platform.machine() in ("x86_64", "AMD64"):
    # The same source for x86-64-v3 CPUs (AVX2, BMI, POPCNT: every server CPU since 2013-2015), loaded
    # only where _core.cpu_has_x86_64_v3() says so. Optional: a compiler without the level builds
    # the baseline alone.
    extensions.append(Extension("shared.extraction.palette._core_v3", SOURCE, optional=True,
                                define_macros=MACROS + [("CORE_V3", "1")],
                                extra_compile_args=FLAGS + ["-march=x86-64-v3"]))

setup(ext_modules=extensions)
