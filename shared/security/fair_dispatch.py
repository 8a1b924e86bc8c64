"""Fair dispatch of extract tasks: one user's backlog delays another user's next job by at most
about one dispatch interval, not by the length of the backlog.

The extract queue dispatches `extract_dispatch_per_s` tasks a second for everyone (0.5/s). Each user
has a dispatch clock (`nextDispatchAt` beside their in-flight slots): a job's extract task is
created with `schedule_time = max(now, the user's clock)` and the clock moves one interval
(1 / rate) past it. So a user's n-th queued job is scheduled n intervals ahead, a backlog of 500
becomes one task ready per interval — what the queue dispatches anyway — and a light user's job,
scheduled now, waits for the one or two tasks ready before it, not for 500.

Why schedule times and not a dispatcher of our own: Cloud Tasks honours `schedule_time` (and
so does the local Tasks emulator, which moves a task not yet due to the back of its queue), the
queue's own rate limit and retries stay as they are, and no process has to wake up to feed the
queue. It needs no ordering guarantee from the queue: a task not yet due cannot be dispatched, so
whatever order the queue picks among due tasks, few of the heavy user's are due at any time
(`tests/benchmarks/fair_dispatch.py` measures it on the local stack's Tasks emulator, and models the
oldest-first and a random order at production's rate).

Limits: with k users backlogged at once each gets one due task per interval, so a newcomer waits
behind up to about k of them (still bounded by k, and k × the in-flight cap for uploads); a task
retried by the queue or re-driven by the sweeper runs when the queue's retry policy says.
"""
from __future__ import annotations

from datetime import datetime, timedelta


def interval_s(dispatch_per_s: float) -> float:
    """The queue's dispatch interval: one task per 1/rate seconds."""
    return 1.0 / dispatch_per_s


def next_start(user_clock: datetime | None, now: datetime, interval: float) -> tuple[datetime, datetime]:
    """(when this job's task may run, the user's clock after it): the user's next free interval,
    never in the past."""
    start = now if user_clock is None or user_clock < now else user_clock
    return start, start + timedelta(seconds=interval)
