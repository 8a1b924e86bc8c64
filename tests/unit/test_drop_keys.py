"""Issue 17 item 2: a drop becomes a job only under a drop key its project's owner registered;
anything else is quarantined once, reported, and attached to nobody."""
from __future__ import annotations

import json
import logging

import pytest

from shared.domain.errors import Conflict, NotFound
from shared.services import drop_keys
from shared.services import ingest as ingest_svc
from shared.services.paths import drop_job_id
from tests.fakes.memory import FakeContainer
from tests.support import storage_event_data, ui_png
from tests.unit.test_pipeline_services import deps, finalize, signed_upload


def _deps(c: FakeContainer) -> drop_keys.DropKeyDeps:
    return drop_keys.DropKeyDeps(c.projects, c.drop_keys, c.clock)


def _redeliver(c: FakeContainer, name: str, event_id: str) -> str:
    gen = c.objects.info("uploads", name).generation
    obj = ingest_svc.StorageObject.model_validate(storage_event_data("uploads", name, gen, 10))
    return ingest_svc.ingest(deps(c)[1], event_id, c.clock.now(), obj)


def test_a_drop_under_a_project_id_is_quarantined_not_given_to_whoever_owns_that_id(caplog):
    """The squat: mallory created `marketing` first; another system drops into drops/marketing/."""
    c = FakeContainer()
    signed_upload(c, uid="mallory", project="marketing")
    c.queue.tasks.clear()
    with caplog.at_level(logging.WARNING, logger="copythat.ingest"):
        assert finalize(c, "drops/marketing/q4/hero.png", ui_png(), event_id="e1") == "quarantined"
    assert c.queue.tasks == []
    assert not [j for j in c.jobs.docs.values() if j["origin"] == "drop"]
    (record,) = c.quarantine.docs.values()
    assert record["object"] == "drops/marketing/q4/hero.png" and record["reason"] == "unknown_drop_key"
    assert record["prefix"] == "marketing" and record["day"] == c.clock.now().strftime("%Y-%m-%d")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "quarantined" in r.getMessage()]
    assert len(warnings) == 1
    # At-least-once: a second event for the same object (another id) and a redelivery of the first.
    with caplog.at_level(logging.WARNING, logger="copythat.ingest"):
        assert _redeliver(c, "drops/marketing/q4/hero.png", "e2") == "duplicate"
        assert _redeliver(c, "drops/marketing/q4/hero.png", "e1") == "duplicate"
    assert len(c.quarantine.docs) == 1 and c.queue.tasks == []
    assert len([r for r in caplog.records if "quarantined" in r.getMessage()]) == 1


def test_the_quarantine_warning_is_one_json_line_without_the_whole_prefix(caplog):
    from shared.logs import JsonFormatter

    c = FakeContainer()
    with caplog.at_level(logging.WARNING, logger="copythat.ingest"):
        finalize(c, "drops/dk_guessedkeyguessedkeyguessed/a.png", ui_png(), event_id="e1")
    (line,) = [json.loads(JsonFormatter().format(r)) for r in caplog.records if "quarantined" in r.getMessage()]
    assert line["severity"] == "WARNING" and line["reason"] == "unknown_drop_key"
    assert line["quarantineId"] in c.quarantine.docs and "guessedkeyguessed" not in json.dumps(line)


def test_a_registered_key_attaches_to_its_project_and_a_revoked_one_no_longer_does():
    c = FakeContainer()
    signed_upload(c, uid="bob", project="brand")
    c.queue.tasks.clear()
    key = drop_keys.create(_deps(c), "bob", "brand")
    assert key.key.startswith("dk_") and len(key.key) == 29 and key.project_id == "brand"
    assert finalize(c, f"drops/{key.key}/a.png", ui_png(), event_id="e1") == "queued"
    job = c.jobs.get(drop_job_id("uploads", f"drops/{key.key}/a.png",
                                 c.objects.info("uploads", f"drops/{key.key}/a.png").generation))
    assert (job.project_id, job.owner_uid, job.origin) == ("brand", "bob", "drop")
    drop_keys.revoke(_deps(c), "bob", "brand", key.key)
    c.queue.tasks.clear()
    assert finalize(c, f"drops/{key.key}/b.png", ui_png(), event_id="e2") == "quarantined"
    assert c.queue.tasks == [] and len(c.quarantine.docs) == 1


def test_a_key_whose_project_is_gone_quarantines():
    c = FakeContainer()
    signed_upload(c, uid="bob", project="brand")
    key = drop_keys.create(_deps(c), "bob", "brand").key
    c.projects.docs.pop("brand")
    assert finalize(c, f"drops/{key}/a.png", ui_png(), event_id="e1") == "quarantined"
    assert next(iter(c.quarantine.docs.values()))["reason"] == "project_gone"


def test_keys_are_the_owners_alone_and_unguessable():
    c = FakeContainer()
    signed_upload(c, uid="bob", project="brand")
    keys = {drop_keys.create(_deps(c), "bob", "brand").key for _ in range(5)}
    assert len(keys) == 5
    assert {k.key for k in drop_keys.list_keys(_deps(c), "bob", "brand")} == keys
    for call in (lambda: drop_keys.create(_deps(c), "mallory", "brand"),
                 lambda: drop_keys.list_keys(_deps(c), "mallory", "brand"),
                 lambda: drop_keys.revoke(_deps(c), "mallory", "brand", next(iter(keys))),
                 lambda: drop_keys.create(_deps(c), "bob", "nope")):
        with pytest.raises(NotFound):
            call()
    signed_upload(c, uid="bob", project="other")
    with pytest.raises(NotFound):  # a key of another project of the same owner
        drop_keys.revoke(_deps(c), "bob", "other", next(iter(keys)))


def test_at_most_twenty_keys_per_project():
    c = FakeContainer()
    signed_upload(c, uid="bob", project="brand")
    for _ in range(20):
        drop_keys.create(_deps(c), "bob", "brand")
    with pytest.raises(Conflict) as e:
        drop_keys.create(_deps(c), "bob", "brand")
    assert e.value.code == "too_many_drop_keys"


def test_the_daily_roll_up_raises_one_alert_for_the_days_quarantined_drops():
    from shared.services import cost_rollup

    c = FakeContainer()
    day = c.clock.now().strftime("%Y-%m-%d")
    rollup_deps = cost_rollup.RollupDeps(costs=c.costs, clock=c.clock, rollups=c.rollups, quarantine=c.quarantine)
    cost_rollup.rollup_day(rollup_deps, day)
    assert not c.rollups.alerts  # nothing quarantined, no alert
    finalize(c, "drops/nobody/a.png", ui_png(), event_id="e1")
    finalize(c, "drops/nobody/b.png", ui_png(), event_id="e2")
    for _ in range(2):  # re-runs of the day: one alert
        cost_rollup.rollup_day(rollup_deps, day)
    assert c.rollups.alerts == {f"{day}_quarantined-drops": {
        "kind": "quarantined-drops", "subject": "drops", "day": day, "records": 2, "createdAt": c.clock.now()}}
