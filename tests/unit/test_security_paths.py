"""Object names in the uploads bucket: only the two documented shapes are ever acted on; traversal,
empty segments, encoded tricks and odd characters are ignored."""
from __future__ import annotations

import pytest

from shared.services.paths import ObjectRef, drop_job_id, parse_object_name, upload_object_name


@pytest.mark.parametrize("name", [
    "uploads/../p-1/job-1", "uploads/p-1/../job-1", "uploads/p-1/job-1/extra", "uploads/p-1/", "uploads//job-1",
    "uploads/p-1/job.1", "uploads/p 1/job-1", "uploads/p-1/%2e%2e", "uploads/p-1/job-1\x00", "/uploads/p-1/job-1",
    "drops/p-1/../../etc/passwd", "drops/p-1/..", "drops/p-1/a/../b.png", "drops/p-1//a.png", "drops/p-1/",
    "drops/../p-1/a.png", "drops/p-1/a\\..\\b.png", "drops/p-1/%2e%2e/a.png", "drops/p-1/a\x00.png",
    "drops/p-1/a\n.png", "drops/p-1/ünï.png", "drops/p-1/" + "a" * 513, "drops/p/a.png", "other/p-1/a.png",
    "", "uploads", "drops", "UPLOADS/p-1/job-1", "uploads\\p-1\\job-1",
    # Firestore reserves __.*__ document ids; a trailing newline is not part of an id either.
    "uploads/__p-1__/job-1", "uploads/p-1/__job-1__", "uploads/p-1/____", "drops/__p-1__/a.png",
    "uploads/p-1/job-1\n", "drops/p-1\n/a.png",
])
def test_unsafe_or_unknown_names_are_ignored(name):
    assert parse_object_name("b", name, 1) is None


def test_the_documented_shapes_are_accepted():
    assert parse_object_name("b", upload_object_name("p-1", "job-1"), 7) == ObjectRef("upload", "p-1", "job-1")
    ref = parse_object_name("b", "drops/p-1/brand/hero (1).png", 7)
    assert ref == ObjectRef("drop", "p-1", drop_job_id("b", "drops/p-1/brand/hero (1).png", 7))
    assert ref.job_id.startswith("drop-") and len(ref.job_id) == 37


@pytest.mark.parametrize("value,ok", [
    ("p-1", True), ("___", True), ("__a", True), ("a__", True), ("__a_", True), ("_a__", True),
    ("____", False), ("__a__", False), ("__p-1__", False), ("ab", False), ("a" * 65, False), ("p.1", False),
])
def test_the_shared_id_rule(value, ok):
    from shared.domain.ids import is_id

    assert is_id(value) is ok
