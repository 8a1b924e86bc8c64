"""A cap on each user's jobs in flight, so a few accounts cannot fill the extract queue for everyone.

A job is in flight from its creation (`awaiting_upload`: a signed URL handed out is a job that may
start any moment) until it is `done` or `failed`. `JobSlots.admit` creates the job and takes its
slot in one step: the owner's slots are `inFlight/{sha256(uid)[:32]}.jobs` (Firestore adapter:
`shared/adapters/firestore_in_flight.py`), one key per job, so

- the count is exact under concurrency: admission is one transaction over the owner's slot document
  and the new job document (two uploads at cap-1 cannot both pass);
- it drops when a job finishes or fails, and a redelivered finish cannot drop it twice: a slot is a
  key, not a number. The finishing write deletes its own key (deleting a missing key is a no-op), and
  admission, when it finds the cap reached, reads the jobs behind the slots and frees those that are
  finished or gone (a project deleted with its jobs, a job finished before this existed) — the truth is
  the jobs' own status, the slot map only avoids reading it on every upload.

Uploads (signed URL, inline, multipart, imageUrl) are refused at the cap with 429
`too_many_jobs_in_flight` and a Retry-After. Drops (objects put under `drops/{project}/` by the
owner's own systems, which need IAM on the bucket) are counted but never refused: refusing would lose
a file nobody is waiting on to retry. Fair dispatch (`fair_dispatch.py`) spaces them instead.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.domain.errors import RateLimited
from shared.domain.models import Job, JobStatus

FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)
# What a refused upload is told to wait: one extraction's typical time in a busy queue; a slot frees
# when any of the user's jobs finishes, which nobody can predict exactly.
RETRY_AFTER_S = 30


@dataclass(frozen=True)
class Admission:
    created: bool  # the job document was written now (False: it existed, or the cap refused it)
    refused: bool  # the cap was reached: nothing written
    in_flight: int  # the owner's jobs in flight, this one included when admitted
    # With `admit(..., dispatch=…)`: when the job's extract task may run, reserved on the job in the same
    # transaction (for a job that existed already: the time reserved for it then, if any).
    dispatch_at: datetime | None = None


class JobSlots(Protocol):
    def admit(self, job: Job, cap: int | None, dispatch: tuple[datetime, float] | None = None) -> Admission:
        """Create `job` and take its owner's slot for it, atomically; refuse (nothing written) when the
        owner already has `cap` jobs in flight. `cap=None` counts without refusing (drops). A job
        that exists already is left as it is (created=False; a retried request). `dispatch=(now,
        interval_s)` also reserves the job's dispatch time in the same step, as `dispatch_at` would:
        a drop, queued at once, then costs its owner's document one transaction instead of two."""

    def dispatch_at(self, uid: str, job_id: str, now: datetime, interval_s: float) -> datetime:
        """When the job's extract task may run (fair_dispatch.next_start on the owner's dispatch
        clock), reserved once per job: asking again for the same job gives the same time."""


def still_in_flight(slots: Mapping[str, object], statuses: Mapping[str, str | None]) -> list[str]:
    """The slot keys whose job exists and is not finished (`statuses`: job id → status, None when
    the job is gone)."""
    return [job_id for job_id in slots if statuses.get(job_id) not in (None, *FINISHED)]


def refuse(cap: int) -> RateLimited:
    return RateLimited(f"you have {cap} jobs in flight, the most one account may have; "
                       "try again when one of them is done", code="too_many_jobs_in_flight",
                       retry_after=RETRY_AFTER_S)
