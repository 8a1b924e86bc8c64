"""Build of the C extension only; the project metadata stays in pyproject.toml."""
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "shared.extraction.palette._core",
            ["shared/extraction/palette/_core.c"],
            # IEEE float semantics like numpy's: no FMA contraction, no fast-math reassociation.
            extra_compile_args=["-O2", "-std=c99", "-ffp-contract=off", "-fno-fast-math"],
        )
    ],
)
