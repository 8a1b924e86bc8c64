"""One job per routing strategy through the whole local stack, with the fake providers behind the
real SDKs; and the fallback chain when Claude fails."""
from __future__ import annotations

import json
import uuid

import pytest
from google.cloud.firestore_v1.base_query import FieldFilter

from tests.e2e.test_pipeline_e2e import tokens_of, wait_for_job
from tests.support import ui_png

EXPECTED = {"quality": ("anthropic", "claude-sonnet-5-5"), "cost": ("anthropic", "claude-haiku-5-5"),
            "fast": ("anthropic", "claude-haiku-5-5"), "pixels": ("pixels", "pixels-v1")}


@pytest.fixture(autouse=True)
def valid_providers(fake_ai):
    for fake in fake_ai.values():
        fake.set_mode("valid")
    yield
    for fake in fake_ai.values():
        fake.set_mode("valid")


def _run(client, db, strategy: str, colors=("#FAFAF9", "#0EA5E9", "#1C1917")) -> tuple[dict, str]:
    _, token = client.sign_up(f"{strategy}-{uuid.uuid4().hex[:8]}@example.com")
    # Distinct pixels per run so the shared extraction cache does not answer.
    img = ui_png(colors, size=(240 + len(strategy), 160))
    ticket = client.start_upload(token, img, "image/png", createProject=True, strategy=strategy)
    return wait_for_job(db, ticket["jobId"]), ticket["projectId"]


@pytest.mark.parametrize("strategy", ["quality", "cost", "fast", "optimal", "pixels"])
def test_each_strategy_runs_a_job_to_done_with_its_provider(client, db, strategy):
    job, project = _run(client, db, strategy)
    assert job["status"] == "done", job.get("error")
    if strategy in EXPECTED:
        assert (job["provider"], job["model"]) == EXPECTED[strategy]
    else:  # optimal picks by estimated cost: a Claude model, since the key is configured
        assert job["provider"] == "anthropic"
    records = [r.to_dict() for r in db.collection("costRecords").where(
        filter=FieldFilter("projectId", "==", project)).stream()]
    assert len(records) == 1 and records[0]["extraction"] and records[0]["provider"] == job["provider"]
    names = [t["name"] for t in tokens_of(db, project)]
    assert len(names) >= 3 and len(set(names)) == len(names)
    if strategy != "pixels":  # the request the SDK sent: current model settings, checked by the strict fake
        assert "cached" not in job["ai"] and job["ai"]["usd"] > 0


def test_claude_failing_falls_back_to_openai(client, db, fake_ai):
    fake_ai["anthropic"].set_mode("500")
    job, project = _run(client, db, "cost", colors=("#FFFBEB", "#B45309", "#111111"))
    assert job["status"] == "done" and job["provider"] == "openai" and job["ai"]["fellBack"] is True
    records = [r.to_dict() for r in db.collection("costRecords").where(
        filter=FieldFilter("projectId", "==", project)).stream()]
    providers = sorted((r["provider"], r["success"]) for r in records)
    assert ("openai", True) in providers and ("anthropic", False) in providers
    assert sum(r["extraction"] for r in records) == 1


def test_both_providers_failing_ends_in_pixels(client, db, fake_ai):
    fake_ai["anthropic"].set_mode("500")
    fake_ai["openai"].set_mode("malformed_json")
    job, _ = _run(client, db, "fast", colors=("#F0FDF4", "#15803D", "#052E16"))
    assert job["status"] == "done" and job["provider"] == "pixels"
    assert job["notes"] and json.dumps(job["notes"])


def test_a_second_user_with_the_same_image_cannot_tell_it_was_cached(client, db, fake_ai):
    """Issue 16 #3 through the stack: the second upload is answered by the shared cache (no provider
    call), and the job document its owner reads looks like the first one's."""
    colors = ("#FEFCE8", "#A16207", "#1C1917")
    first, _ = _run(client, db, "cost", colors=colors)
    calls = len(fake_ai["anthropic"].requests)
    second, _ = _run(client, db, "cost", colors=colors)
    assert len(fake_ai["anthropic"].requests) == calls  # the cache answered
    assert second["status"] == "done" and set(second["ai"]) == set(first["ai"]) and "cached" not in second["ai"]
    assert second["ai"]["usd"] == first["ai"]["usd"]
    assert not any("cache" in n.lower() for n in second.get("notes", []))
