"""Build of the C extension only; the project metadata stays in pyproject.toml."""
import platform
import sys

from setuptools import Extension, setup

SOURCE = ["shared/extraction/palette/_core.c"]
# IEEE float semantics like numpy's: no FMA contraction, no fast-math reassociation.
# -fno-wrapv undoes the -fwrapv CPython's own CFLAGS bring (its code relies on wrapping; ours never
# overflows), which kept the per-pixel loops' index arithmetic from being optimised: with -O3, ~5 %
# faster than -O2 with it, same answers (tests/benchmarks/pixel_core_equivalence.py).
FLAGS = ["-O3", "-fno-wrapv", "-std=c99", "-ffp-contract=off", "-fno-fast-math"]

extensions = [Extension("shared.extraction.palette._core", SOURCE, extra_compile_args=FLAGS)]
if sys.platform == "linux" and platform.machine() in ("x86_64", "AMD64"):
    # The same source for x86-64-v3 CPUs (AVX2, BMI, POPCNT: every server CPU since 2013-2015), loaded
    # only where _core.cpu_has_x86_64_v3() says so. Optional: a compiler without the level builds
    # the baseline alone.
    extensions.append(Extension("shared.extraction.palette._core_v3", SOURCE, optional=True,
                                extra_compile_args=FLAGS + ["-march=x86-64-v3", "-DCORE_V3"]))

setup(ext_modules=extensions)
