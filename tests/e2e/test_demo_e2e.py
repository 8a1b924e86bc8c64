"""`make demo`'s job on the session's stack (Google's emulators, or the stand-ins in the
COPYTHAT_HIDE_GCLOUD_EMULATORS pass of `make test`): the sample screenshot in, its palette printed."""
from __future__ import annotations

import re

from shared.localstack.demo import run_demo
from shared.localstack.sample import PALETTE


def test_the_demo_prints_the_sample_palette(stack, tmp_path, capsys):
    assert run_demo([], str(tmp_path), stack=stack, formats=("css",)) == 0
    out = capsys.readouterr().out
    printed = set(re.findall(r"^  (#[0-9A-F]{6})  ", out, flags=re.M))
    # Colors the sample paints in solid areas; the near-white background merges into its white surface
    # and thin text into its neighbours, so those are not asked for.
    assert {PALETTE[k] for k in ("surface", "nav", "primary", "accent")} <= printed, out
    assert (tmp_path / "sample-dashboard.png").exists() and any(tmp_path.glob("*.css"))
