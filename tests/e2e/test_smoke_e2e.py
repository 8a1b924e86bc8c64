"""`copythat smoke` (issue 17 item 12) against the local stack: every check passes on a working
stack, and each check fails, saying why, when its part is broken (a foreign origin, a task or
scheduler target that does not acknowledge), without leaving a task to retry or a project behind."""
from __future__ import annotations

import argparse
import dataclasses
import json
import uuid

import pytest

from shared import smoke_command
from shared.smoke import checks, target

ORDER = ["indexes", "task", "scheduler", "signed-put", "upload-done", "cleanup"]


@pytest.fixture
def local(stack):
    return target.local(stack.layout)


def _args(**kw):
    return argparse.Namespace(**{"json": True, "task_timeout": 30, "job_timeout": 90, **kw})


def _acknowledged_payloads(stack) -> int:
    log = stack.layout.logs_dir / "fn-extract.log"
    return log.read_text(errors="replace").count("unreadable task payload dropped") if log.exists() else 0


def test_every_check_passes_on_a_working_stack(stack, local, db, capsys):
    before = _acknowledged_payloads(stack)
    assert smoke_command.run(_args(), local) == smoke_command.EXIT_OK
    assert _acknowledged_payloads(stack) == before + 1  # the smoke task reached extract's handler
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and [c["name"] for c in out["checks"]] == ORDER, out
    details = {c["name"]: c["detail"] for c in out["checks"]}
    indexes = len(json.loads(checks.INDEXES.read_text())["indexes"])
    assert details["indexes"] == f"{indexes} composite indexes serve their queries"
    assert details["upload-done"].endswith("done with 3 tokens")  # the smoke image's three colors
    project = details["cleanup"].rsplit(" ", 1)[-1]
    assert not db.collection("projects").document(project).get().exists  # the smoke leaves nothing behind


def test_each_check_fails_when_its_part_is_broken(local, db, capsys):
    # An origin the deployment does not allow: upload's CORS refuses it, and the project is still deleted.
    foreign = dataclasses.replace(local, origin="https://evil.example")
    token = foreign.sign_in()
    result, ticket = checks.check_signed_put(foreign, token, checks.smoke_png())
    assert not result.ok and "does not allow https://evil.example" in result.detail
    assert checks.cleanup(foreign, token, ticket["projectId"]).ok
    assert not db.collection("projects").document(ticket["projectId"]).get().exists

    # A task that is never acknowledged (a paused queue of its own: the emulator lists a task only while
    # it waits, not while it retries) is reported, and deleted rather than left to retry for an hour.
    client = local.tasks_client()
    paused = f"smoke-paused-{uuid.uuid4().hex[:6]}"
    path = client.queue_path(local.project, local.region, paused)
    client.create_queue(parent=f"projects/{local.project}/locations/{local.region}", queue={"name": path})
    client.pause_queue(name=path)
    try:
        result = checks.check_task(dataclasses.replace(local, task_queue=paused), timeout_s=3)
        assert not result.ok and "was not acknowledged in 3 s" in result.detail, result
        # Cloud Tasks deletes it; the emulator has no DeleteTask, and the command says how to do it.
        assert result.detail.endswith(("; deleted it", f"--queue={paused}")), result.detail
    finally:
        client.delete_queue(name=path)

    # A scheduler job whose handler refuses the call.
    broken = dataclasses.replace(local, urls={**local.urls, "sweeper": local.urls["export"]})
    result = checks.check_scheduler(broken)
    assert not result.ok and result.detail.startswith("sweeper → 405")

    # The command says so: exit 1, the failed check named.
    assert smoke_command.run(_args(json=False, task_timeout=4), foreign) == smoke_command.EXIT_FAILED
    text = capsys.readouterr().out
    assert "✗ signed-put" in text and "✓ indexes" in text and "1 check(s) failed." in text

