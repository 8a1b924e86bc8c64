"""Object-name conventions of the uploads bucket (documented in README.md):

- `uploads/{projectId}/{jobId}`: written through an `upload` signed URL or the inline upload; the
  job exists before the object (status `awaiting_upload`).
- `drops/{dropKey}/{any/name.png}`: put straight into the bucket by another system (a sync job,
  `gcloud storage cp`); `ingest` creates the job in the project the key is bound to, owned by its
  owner, and quarantines anything under a prefix that is no registered key (issue 17).
Anything else in the bucket is ignored, including ids Firestore would refuse (shared.domain.ids).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from shared.domain.ids import is_id

DROP_NAME_RE = re.compile(r"^[A-Za-z0-9 ._()/-]{1,512}$")


@dataclass(frozen=True)
class ObjectRef:
    kind: str  # "upload" | "drop"
    project_id: str  # an upload's project id; a drop's prefix (a drop key, when it is a valid one)
    job_id: str


def project_prefixes(project_id: str, drop_keys: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every prefix under which a project's images are kept (deleted with the project): its uploads,
    drops under its keys, and drops under its own id from before drop keys (issue 17)."""
    return (f"uploads/{project_id}/", f"drops/{project_id}/", *(f"drops/{k}/" for k in drop_keys))


def upload_object_name(project_id: str, job_id: str) -> str:
    return f"uploads/{project_id}/{job_id}"


def drop_job_id(bucket: str, name: str, generation: int) -> str:
    """Deterministic: every delivery of the same object generation names the same job."""
    return "drop-" + hashlib.sha256(f"{bucket}/{name}#{generation}".encode()).hexdigest()[:32]


def parse_object_name(bucket: str, name: str, generation: int) -> ObjectRef | None:
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == "uploads" and is_id(parts[1]) and is_id(parts[2]):
        return ObjectRef("upload", parts[1], parts[2])
    if len(parts) >= 3 and parts[0] == "drops" and is_id(parts[1]):
        rest = "/".join(parts[2:])
        if DROP_NAME_RE.match(rest) and ".." not in parts and "" not in parts:
            return ObjectRef("drop", parts[1], drop_job_id(bucket, name, generation))
    return None
