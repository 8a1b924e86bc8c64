"""Contention under many concurrent simulated users, per collection, on the local stack's real
Firestore emulator (Google's), through our own adapters.

Scenarios (threads = users): job leases claimed by several deliveries at once (`jobs`), many images
merged into one project's library at once (`projects/*/tokens`, the hot project), per-user
rate-limit windows hit in bursts (`rateLimits`), cost records and event markers written twice
(`costRecords`, `events`: create-once, no transactions). For each it prints transactions run,
commit attempts, aborted attempts (retried by the client), contention errors surfaced to the caller
(our retryable `contention` code), outcomes and wall time.

    .venv/bin/python tests/benchmarks/contention.py [--users 40] [--base 9200]
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from google.api_core import exceptions as gexc  # noqa: E402
from google.cloud.firestore_v1 import transaction as tx_module  # noqa: E402

from shared.domain.errors import AppError  # noqa: E402
from shared.localstack.layout import Layout  # noqa: E402
from shared.localstack.stack import LocalStack  # noqa: E402

label: ContextVar[str] = ContextVar("label", default="?")
stats: dict[str, Counter] = defaultdict(Counter)
lock = threading.Lock()


def instrument() -> None:
    """Count commit attempts and ABORTED answers per scenario label."""
    real_commit = tx_module.Transaction._commit

    def counting_commit(self):
        with lock:
            stats[label.get()]["commit attempts"] += 1
        try:
            return real_commit(self)
        except gexc.Aborted:
            with lock:
                stats[label.get()]["aborted (client retried)"] += 1
            raise

    tx_module.Transaction._commit = counting_commit


def run(name: str, fn, n: int, workers: int) -> None:
    def one(i):
        label.set(name)
        try:
            outcome = fn(i)
        except AppError as err:
            outcome = f"error:{err.code}"
        with lock:
            stats[name][f"outcome {outcome}"] += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(n)))
    stats[name]["wall ms"] = round((time.perf_counter() - t0) * 1000)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=40)
    ap.add_argument("--base", type=int, default=9200)
    args = ap.parse_args()
    layout = Layout(base_port=args.base, state_dir=ROOT / ".stack" / f"contention-{args.base}",
                    project="demo-contention", bucket="demo-contention-uploads")
    instrument()
    with LocalStack(layout, with_functions=False, quiet=True):
        from google.cloud import firestore

        from shared.adapters.firestore_repos import FirestoreCosts, FirestoreEvents, FirestoreJobs, FirestoreTokens
        from shared.library.plan import plan_merge
        from shared.domain.models import CostRecord, ImageSource, Job, JobStatus, PaletteColor, Project
        from shared.domain.ports import MergeWrite

        db = firestore.Client(project=layout.project)
        jobs, tokens = FirestoreJobs(db), FirestoreTokens(db)
        now = datetime.now(timezone.utc)
        u = args.users

        # 1. jobs: each job delivered to 3 workers at once; exactly one may win the lease.
        job_ids = [uuid.uuid4().hex for _ in range(u)]
        for jid in job_ids:
            jobs.create(Job(id=jid, owner_uid="u", project_id="p", status=JobStatus.QUEUED,
                            source=ImageSource(bucket="b", object=f"uploads/p/{jid}")))

        def claim(i):
            jid = job_ids[i // 3]
            got = jobs.claim(jid, ready=["queued"], working="extracting", lease_until=now + timedelta(minutes=5),
                             now=now)
            return "won" if got else "refused"

        run("jobs (3 deliveries per job)", claim, 3 * u, min(3 * u, 24))

        # 2. the hot project: every user's image merges into the same library at once.
        project = "hot-" + uuid.uuid4().hex[:6]
        db.collection("projects").document(project).set(Project(id=project, owner_uid="u", name="hot").doc())
        merge_jobs = []
        for i in range(u):
            jid = f"m-{uuid.uuid4().hex[:10]}"
            jobs.create(Job(id=jid, owner_uid="u", project_id=project, status=JobStatus.ENRICHING,
                            source=ImageSource(bucket="b", object=f"drops/{project}/{i}.png")))
            merge_jobs.append(jid)

        def merge(i):
            jid = merge_jobs[i]
            palette = [PaletteColor(hex=f"#{(i * 37) % 256:02X}{(i * 91) % 256:02X}{(i * 53) % 256:02X}", share=0.5),
                       PaletteColor(hex="#FFFFFF", share=0.5)]

            def planner(existing):
                plan = plan_merge(existing, palette, project_id=project, job_id=jid, image_sha256=jid)
                return MergeWrite(plan.upserts, {"status": "done"}, {"tokenCount": len(existing) + len(plan.created)})

            # A contention error goes back to the queue, which redelivers with backoff: do the same.
            for attempt in range(12):
                try:
                    return "merged" if tokens.merge(project, jid, planner) else "skipped"
                except AppError as err:
                    if err.code != "contention":
                        raise
                    with lock:
                        stats[label.get()]["queue redeliveries"] += 1
                    time.sleep(min(4.0, 0.25 * 2 ** attempt))
            return "gave up"

        run("projects/*/tokens (one hot library)", merge, u, min(u, 16))
        lib = tokens.list(project)
        white = [t for t in lib if t.hex == "#FFFFFF"]
        stats["projects/*/tokens (one hot library)"]["library tokens"] = len(lib)
        stats["projects/*/tokens (one hot library)"]["jobs in #FFFFFF provenance"] = (
            len(white[0].provenance.job_ids) if white else 0)

        # 3. rate-limit windows: bursts per user against a limit of 10 (server-side increments, no transaction).
        from shared.adapters.firestore_rate_limit import FirestoreRateLimiter

        rate_limit_scenario(db, u, FirestoreRateLimiter)

        # 4. create-once documents written twice: no transaction, no contention, one document each.
        costs, events = FirestoreCosts(db), FirestoreEvents(db)
        day = now.strftime("%Y-%m-%d")

        def record(i):
            rec = CostRecord(id=f"c-{i // 2}-{day}", uid="u", project_id="p", job_id=f"j{i // 2}", provider="pixels",
                             model="pixels-v1", day=day, extraction=True)
            events.mark(f"e-{i // 2}", {"x": 1})
            return "stored" if costs.record(rec) else "duplicate"

        run("costRecords + events (each written twice)", record, 2 * u, 16)

    print(f"\nContention with {args.users} simulated users (Google's Firestore emulator; each conflict costs "
          "the emulator ~seconds, production far less):\n")
    for name, c in stats.items():
        print(name)
        for k in sorted(c):
            print(f"  {k:<34} {c[k]}")
    return 0


def rate_limit_scenario(db, users: int, limiter_type) -> None:
    """A few users each fire 25 requests at once against a limit of 10 per minute (and 100 per hour)."""
    from shared.security.rate_limit import Window, enforce

    limiter = limiter_type(db)
    windows = (Window(limit=10, seconds=60), Window(limit=100, seconds=3600))
    uids = [f"user-{uuid.uuid4().hex[:6]}" for _ in range(max(2, users // 10))]

    def hit(i):
        enforce(limiter, uids[i % len(uids)], "upload", windows, datetime.now(timezone.utc))
        return "accepted"

    run(f"rateLimits ({len(uids)} users x 25 at once, limit 10/min)", hit, 25 * len(uids), 25)


if __name__ == "__main__":
    sys.exit(main())
