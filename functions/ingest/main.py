"""ingest (CloudEvent google.cloud.storage.object.v1.finalized): an object landed in the uploads
bucket → a queued job and an extract task.

Raise to retry (a transient failure: Eventarc redelivers), return to acknowledge (done, duplicate,
ignored, or a final rejection recorded on the job).
"""
from __future__ import annotations

from datetime import datetime

import functions_framework
from cloudevents.http import CloudEvent

from shared import logs
from shared.bootstrap import container
from shared.services import ingest as svc

log = logs.get("copythat.ingest")


def _event_time(raw: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else None
    except ValueError:
        return None


@functions_framework.cloud_event
def ingest(cloud_event: CloudEvent) -> None:
    c = container()
    token = logs.bind(eventId=cloud_event["id"])
    try:
        try:
            obj = svc.StorageObject.model_validate(cloud_event.data or {})
        except ValueError:
            logs.warning(log, "event without a storage object payload dropped", type=cloud_event["type"])
            return
        deps = svc.IngestDeps(settings=c.settings, projects=c.projects, jobs=c.jobs, events=c.events,
                              queue=c.queue, clock=c.clock, drop_keys=c.drop_keys, quarantine=c.quarantine)
        svc.ingest(deps, cloud_event["id"], _event_time(cloud_event.get("time")), obj)
    finally:
        logs.reset(token)
