"""Fair dispatch (issue 17 #1) on the local stack: how long do light users wait for their first
result while one heavy user's backlog fills the extract queue?

One run, one stack (emulators, every function, the Cloud Tasks emulator; own ports, base 9100), two
phases that differ only in `ingest`'s COPYTHAT_EXTRACT_DISPATCH_PER_S (ingest is restarted between them):

- **without** fair dispatch: 500/s, the setting's highest value — the heavy user's tasks are spaced
  2 ms apart, i.e. all due at once, as every extract task was enqueued before issue 17;
- **with** fair dispatch: the rate the extract queue really drains at. In production that is the
  queue's `max_dispatches_per_second` (0.5/s); the local Tasks emulator has no rate limit and runs one
  task at a time, so its rate is extract's speed on this machine: measured in the first phase (the
  heavy backlog's throughput) and set to 90 % of it.

In each phase a heavy user drops `--heavy` images into `drops/{project}/` at once (drops are counted
in the in-flight cap but never refused, so this is how one account builds a backlog); once every one
of them is queued, `--light` light users (new accounts) upload one image each through `upload`
(inline), `--light-gap` s apart. Printed per phase: the light users' time to first result (upload
request → job `done`) p50 / p95 / max, when the heavy backlog finished and its throughput (fairness
must not cost much), and the load of the machine. Then the same scenario at production's rate with the
issue's 500 queued jobs, from a model of the queue (`--no-model` leaves it out): the stack cannot
drain 500 jobs at 0.5/s in minutes.

    .venv/bin/python tests/benchmarks/fair_dispatch.py [--heavy 60] [--light 5] [--base 9100]
"""
from __future__ import annotations

import argparse
import base64
import heapq
import io
import os
import random
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout's shared/, not an installed one

from PIL import Image, ImageDraw  # noqa: E402

from shared.config import Settings  # noqa: E402
from shared.localstack.client import StackClient  # noqa: E402
from shared.localstack.layout import Layout  # noqa: E402
from shared.localstack.stack import LocalStack  # noqa: E402
from shared.security.fair_dispatch import interval_s, next_start  # noqa: E402

from shared.localstack.sample import sample_png  # noqa: E402
from tests.benchmarks.load_burst import image  # noqa: E402  (a small distinct UI image per index)

SCREENSHOT = sample_png(1280, 800)
WITHOUT_RATE = 500.0  # the setting's highest value: 2 ms apart, all of a backlog due at once
FINISHED = ("done", "failed")


def pct(values: list[float], q: float) -> float:
    """Nearest rank: with 5 values p95 is the largest, p50 the third."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, -(-int(q * len(s) * 1000) // 1000) - 1))] if s else float("nan")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} CPUs"


# ---- the measured run ---------------------------------------------------------------------------
@dataclass
class Phase:
    name: str
    rate: float
    light_waits: list[float] = field(default_factory=list)
    light_failed: int = 0
    queued_s: float = 0.0  # first drop → every heavy job queued
    backlog: int = 0  # heavy jobs not finished when the light users uploaded
    heavy_finished: int = 0  # by the end of the phase (the last light job done)
    heavy_failed: int = 0
    drain: float = 0.0  # heavy jobs finished per second while the queue was busy with them
    load: str = ""


def heavy_image(i: int) -> bytes:
    """A 1280×800 UI screenshot (text, cards, borders): seconds of extraction here, so that one
    user's drops arrive faster than the local queue drains them, as they do in production."""
    img = Image.open(io.BytesIO(SCREENSHOT)).convert("RGB")
    ImageDraw.Draw(img).rectangle((1200, 760, 1210, 770), fill=(i % 256, (i * 7) % 256, 90))  # distinct
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def run_phase(client: StackClient, db, bucket, tasks, phase: Phase, args) -> Phase:
    from google.cloud.firestore_v1.base_query import FieldFilter

    tag = uuid.uuid4().hex[:6]
    _, heavy_token = client.sign_up(f"heavy-{tag}@example.com")
    first = client.call("upload", "POST", heavy_token, json_body={
        "imageBase64": base64.b64encode(image(99_999)).decode(), "strategy": "pixels",
        "projectName": f"heavy {tag}", "createProject": True})
    if first.status != 202:
        raise RuntimeError(f"heavy user's first upload refused: {first.status} {first.body[:300]!r}")
    project = first.json()["projectId"]
    key = client.drop_key(heavy_token, project)  # drops need the project's registered key (issue 17 #2)
    jobs_q = db.collection("jobs").where(filter=FieldFilter("projectId", "==", project))

    def heavy_jobs() -> list[dict]:
        return [d for d in (s.to_dict() for s in jobs_q.stream()) if d.get("origin") == "drop"]

    payloads = [heavy_image(i) for i in range(args.heavy)]
    t0 = time.time()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: bucket.blob(f"drops/{key}/h-{i:04d}.png").upload_from_string(
            payloads[i], content_type="image/png"), range(args.heavy)))
    deadline = time.monotonic() + args.timeout
    while True:  # every drop ingested: the heavy user's backlog is in the queue
        jobs = heavy_jobs()
        if len(jobs) >= args.heavy or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    phase.queued_s = time.time() - t0
    phase.backlog = sum(j.get("status") not in FINISHED for j in jobs)
    print(f"  {phase.name}: {len(jobs)} heavy jobs ingested in {phase.queued_s:.1f} s, {phase.backlog} of them "
          f"not finished yet; {args.light} light users upload now", flush=True)

    light: dict[int, tuple[str, float]] = {}  # i → (job id, upload request sent, epoch s)
    errors: list[str] = []

    def light_user(i: int) -> None:
        _, token = client.sign_up(f"light-{tag}-{i}@example.com")
        time.sleep(i * args.light_gap)
        sent = time.time()
        res = client.call("upload", "POST", token, json_body={
            "imageBase64": base64.b64encode(image(50_000 + i)).decode(), "strategy": "pixels",
            "projectName": f"light {tag} {i}", "createProject": True})
        if res.status != 202:
            errors.append(f"light user {i}: {res.status} {res.body[:200]!r}")
            return
        light[i] = (res.json()["jobId"], sent)

    threads = [threading.Thread(target=light_user, args=(i,)) for i in range(args.light)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError("; ".join(errors))
    pending = dict(light)
    while pending and time.monotonic() < deadline:
        for i, (job_id, sent) in list(pending.items()):
            doc = db.collection("jobs").document(job_id).get().to_dict() or {}
            if doc.get("status") in FINISHED:
                del pending[i]
                if doc["status"] == "done":
                    phase.light_waits.append(doc["finishedAt"].timestamp() - sent)
                else:
                    phase.light_failed += 1
        time.sleep(0.25)
    phase.light_failed += len(pending)
    # The rest of the heavy backlog is not waited for: the queue is purged for the next phase.
    tasks.purge_queue(name=tasks.queue_path(*args.queue_path))
    finished = [j for j in heavy_jobs() if j.get("status") in FINISHED]
    phase.heavy_finished = len(finished)
    phase.heavy_failed = sum(j["status"] == "failed" for j in finished)
    ends = sorted(j["finishedAt"].timestamp() for j in finished if j.get("finishedAt"))
    phase.drain = (len(ends) - 1) / (ends[-1] - ends[0]) if len(ends) > 1 and ends[-1] > ends[0] else 0.0
    phase.load = load()
    return phase


def measured(args) -> list[Phase]:
    import grpc
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import firestore, storage, tasks_v2
    from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

    layout = Layout(base_port=args.base, state_dir=ROOT / ".stack" / f"fair-{args.base}", project="demo-fair",
                    bucket="demo-fair-uploads")
    args.queue_path = (layout.project, layout.region, "extract")
    env = {"COPYTHAT_EXTRACT_DISPATCH_PER_S": str(WITHOUT_RATE)}
    phases: list[Phase] = []
    with LocalStack(layout, extra_function_env=env, with_scheduler=False) as stack:
        client = StackClient(layout)
        db = firestore.Client(project=layout.project)
        bucket = storage.Client(project=layout.project, credentials=AnonymousCredentials()).bucket(layout.bucket)
        tasks = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(
            channel=grpc.insecure_channel(f"127.0.0.1:{layout.tasks_port}")))
        without = run_phase(client, db, bucket, tasks, Phase("without", WITHOUT_RATE), args)
        phases.append(without)
        rate = args.rate or round(args.rate_share * without.drain, 3)
        print(f"  the heavy backlog drained at {without.drain:.2f} jobs/s; fair dispatch at {rate}/s "
              f"({args.rate_share:.0%} of it)", flush=True)
        stack.kill_function("ingest")
        stack.extra_function_env["COPYTHAT_EXTRACT_DISPATCH_PER_S"] = str(rate)
        stack.start_function("ingest")
        phases.append(run_phase(client, db, bucket, tasks, Phase("with", rate), args))
    return phases


# ---- the model at production's rate ---------------------------------------------------------------
T0 = datetime(2026, 12, 7, tzinfo=timezone.utc)


@dataclass(order=True)
class Task:
    due: float
    seq: int
    user: str = field(compare=False)
    arrival: float = field(compare=False)


def model_waits(heavy: int, light_at: list[float], fair: bool, rate: float, order: str,
                rng: random.Random) -> list[float]:
    """A queue dispatching one due task per 1/rate s (oldest due first, or a random due one: Cloud
    Tasks promises no order); tasks due as `ingest` schedules them (the product's next_start)."""
    arrivals = sorted([(0.0, "heavy")] * heavy + [(t, f"light{i}") for i, t in enumerate(light_at)],
                      key=lambda a: a[0])
    clocks: dict[str, datetime] = {}
    tasks = []
    for seq, (t, user) in enumerate(arrivals):
        due = t
        if fair:
            start, clocks[user] = next_start(clocks.get(user), T0 + timedelta(seconds=t), interval_s(rate))
            due = (start - T0).total_seconds()
        tasks.append(Task(due, seq, user, t))
    tick, now, i, pool, done = 1.0 / rate, 0.0, 0, [], {}
    while len(done) < len(tasks):
        while i < len(tasks) and tasks[i].arrival <= now:
            heapq.heappush(pool, tasks[i])
            i += 1
        ready = [k for k in pool if k.due <= now]
        if ready:
            pick = min(ready) if order == "oldest" else rng.choice(ready)
            pool.remove(pick)
            heapq.heapify(pool)
            done[pick.seq] = now
        now += tick
    return [done[k.seq] - k.arrival for k in tasks if k.user != "heavy"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heavy", type=int, default=25, help="the heavy user's dropped screenshots (its backlog)")
    ap.add_argument("--light", type=int, default=5, help="light users, one upload each")
    ap.add_argument("--light-gap", type=float, default=1.0, help="seconds between the light users' uploads")
    ap.add_argument("--rate", type=float, default=0.0, help="fair dispatch's rate (default: --rate-share of the drain)")
    ap.add_argument("--rate-share", type=float, default=0.85, help="of the drain measured without fair dispatch")
    ap.add_argument("--base", type=int, default=9100)
    ap.add_argument("--timeout", type=float, default=300, help="per phase")
    ap.add_argument("--no-model", action="store_true")
    args = ap.parse_args()
    print(f"Fair dispatch on the local stack: 1 heavy user drops {args.heavy} screenshots at once; once they are "
          f"queued, {args.light} light users upload 1 image each, {args.light_gap:g} s apart ({load()})", flush=True)
    t_run = time.monotonic()
    phases = measured(args)
    head = (f"{'fair dispatch':14} {'rate /s':>8} {'backlog':>8} {'light p50 s':>12} {'light p95 s':>12} "
            f"{'light max s':>12} {'failed':>7} {'heavy done':>11} {'drain /s':>9}")
    print("\nmeasured (light: upload request → job done; backlog: heavy jobs unfinished when they uploaded; "
          "heavy done: by the last light job's end)")
    print(head)
    print("-" * len(head))
    for p in phases:
        w = p.light_waits
        print(f"{p.name:14} {p.rate:8g} {p.backlog:8d} {pct(w, .5):12.1f} {pct(w, .95):12.1f} "
              f"{max(w, default=float('nan')):12.1f} {p.light_failed + p.heavy_failed:7d} {p.heavy_finished:11d} "
              f"{p.drain:9.2f}   ({p.load})")
    print(f"(whole run {time.monotonic() - t_run:.0f} s, the stack's start included)")
    if not args.no_model:
        rate = Settings.model_fields["extract_dispatch_per_s"].default
        light_at = [60.0 + i * args.light_gap for i in range(args.light)]
        print(f"\nmodel at production's rate ({rate}/s): 1 heavy × 500 queued at t=0, {args.light} light at "
              f"t=60 s (+{args.light_gap:g} s each); random order: 20 seeded runs")
        print(f"{'fair dispatch':14} {'queue order':12} {'light p50 s':>12} {'light p95 s':>12} {'light max s':>12}")
        for fair in (False, True):
            for order in ("oldest", "random"):
                waits = []
                for r in range(20 if order == "random" else 1):
                    waits += model_waits(500, light_at, fair, rate, order, random.Random(r))
                print(f"{'with' if fair else 'without':14} {order:12} {pct(waits, .5):12.1f} "
                      f"{pct(waits, .95):12.1f} {max(waits):12.1f}")
    bad = sum(p.light_failed + p.heavy_failed for p in phases)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
