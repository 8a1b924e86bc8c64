"""Build of the C extension only; the project metadata stays in pyproject.toml."""
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "shared.extraction.palette._core",
            ["shared/extraction/palette/_core.c"],
            # IEEE float semantics like numpy's: no FMA contraction, no fast-math reassociation.
            # -fno-wrapv undoes the -fwrapv CPython's own CFLAGS bring (its code relies on wrapping; ours
            # never overflows), which kept the per-pixel loops' index arithmetic from being optimised:
            # with -O3, ~5 % faster than before, same answers (tests/benchmarks/pixel_core_equivalence.py).
            extra_compile_args=["-O3", "-fno-wrapv", "-std=c99", "-ffp-contract=off", "-fno-fast-math"],
        )
    ],
)
