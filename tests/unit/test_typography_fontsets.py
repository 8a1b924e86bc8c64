"""The typography generator's font sets (tests/benchmarks/typography/fontsets.py). No Chromium, no npm."""
from __future__ import annotations

import json

import pytest

from tests.benchmarks.typography import pages
from tests.benchmarks.typography.fontsets import BENCHMARK, CALIBRATION, FONT_SETS


def _pinned(font_set) -> dict[str, str]:
    deps = json.loads((font_set.packages / "package.json").read_text())["dependencies"]
    return {name.removeprefix("@fontsource/"): v for name, v in deps.items() if name.startswith("@fontsource/")}


def test_benchmark_set_is_the_benchmarks_fonts():
    # The benchmark regenerates byte-identically only while its lists and their order stay as they were.
    assert BENCHMARK.sans[:3] == ["inter", "roboto", "open-sans"] and len(BENCHMARK.sans) == 14
    assert BENCHMARK.serif_headings == BENCHMARK.serif + ["dm-serif-display"]
    assert BENCHMARK.docs_text == "source-serif-4" and not BENCHMARK.system and not BENCHMARK.specimen_pages
    assert sorted(BENCHMARK.ids()) == sorted(_pinned(BENCHMARK))
    assert pages.kinds(BENCHMARK) is pages.KINDS


def test_calibration_fonts_are_disjoint_from_the_benchmarks():
    cal = set(CALIBRATION.ids())
    assert not cal & set(BENCHMARK.ids())
    assert not set(_pinned(CALIBRATION)) & set(_pinned(BENCHMARK))
    assert CALIBRATION.packages != BENCHMARK.packages  # its own package.json: the benchmark's hash stays


def test_every_calibration_face_is_pinned_exactly():
    system = {s.id for s in CALIBRATION.system}
    pinned = _pinned(CALIBRATION)
    assert sorted(set(CALIBRATION.ids()) - system) == sorted(pinned)
    assert all(v[0].isdigit() for v in pinned.values())  # an exact version, not a range


def test_calibration_has_system_stacks_of_each_text_class_and_specimen_pages():
    assert {s.cls for s in CALIBRATION.system} == {"sans-serif", "serif", "monospace"}
    for s in CALIBRATION.system:
        assert s.id in CALIBRATION.sans + CALIBRATION.serif + CALIBRATION.mono
        assert s.css.rsplit(",", 1)[-1] in ("sans-serif", "serif", "monospace")
    assert dict(pages.plan(None, CALIBRATION)).keys() >= {"specimen", "landing", "no-text"}
    assert sum(1 for k, _ in pages.plan(None, CALIBRATION) if k == "specimen") == CALIBRATION.specimen_pages
    assert set(FONT_SETS) == {"benchmark", "calibration", "training", "training-b", "benchmark-faces"}


@pytest.mark.parametrize("name", ["training", "training-b"])
def test_training_fonts_are_disjoint_from_the_benchmark_and_the_calibration_set(name):
    train, others = FONT_SETS[name], [s for s in FONT_SETS.values() if s.name != name]
    for other in others:
        assert not set(train.ids()) & set(other.ids())
        assert not set(_pinned(train)) & set(_pinned(other))
        assert train.packages != other.packages
    # No sibling of a benchmark face: a family name of the benchmark's inside a training id.
    stems = {"inter", "roboto", "fira-code", "fira-mono", "source", "ibm-plex", "ia-writer", "pretendard", "dm-",
             "montserrat", "merriweather", "playfair", "open-sans", "lato", "poppins", "nunito", "raleway", "lora"}
    assert not [fid for fid in train.ids() if any(s in fid for s in stems)]
    assert sorted(train.ids()) == sorted(_pinned(train))


def test_the_benchmark_faces_set_has_the_benchmarks_faces_on_pages_of_its_own(tmp_path):
    from tests.benchmarks import typography_training as tt
    faces = FONT_SETS["benchmark-faces"]
    assert faces.ids() == BENCHMARK.ids() and faces.packages == BENCHMARK.packages  # the same pinned files
    assert faces.specimen_pages > 0
    # Another seed than every dataset's, and page ids the benchmark never uses.
    assert tt.SET_SEED["benchmark-faces"] not in (1, 2, tt.SEED)
    prefix = tt.SET_PREFIX["benchmark-faces"]
    bench_ids = {f"{k}-{n:02d}" for k, n in pages.plan(None, BENCHMARK)}
    ids = {f"{prefix}{k}-{n:02d}" for k, n in pages.plan(None, faces)}
    assert len(ids) == len(pages.plan(None, faces)) and not ids & bench_ids
