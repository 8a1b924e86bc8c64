"""Firestore I/O per enrich job and per role reassignment (libraries of 20 and 200 tokens), counted
on the Firestore emulator with an instrumented client, plus the CPU time of enriching a 12-color
palette and planning a 200-token library merge.

    .venv/bin/python tests/benchmarks/enrich_io_benchmark.py            # starts its own emulator
    FIRESTORE_EMULATOR_HOST=127.0.0.1:8800 .venv/bin/python tests/benchmarks/enrich_io_benchmark.py

"RPCs" are calls to the Firestore API; "docs read" are documents returned by lookups and queries
(what Firestore bills as reads), "docs written" the writes inside commits.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

WRAPPED = ("commit", "batch_get_documents", "run_query", "run_aggregation_query", "begin_transaction", "rollback",
           "batch_write", "list_documents")


class FirestoreCounter:
    """Wraps the GAPIC methods of one google.cloud.firestore.Client (`client._firestore_api`) and
    counts RPCs, documents read and documents written; `max_writes_per_call` is the largest commit."""

    def __init__(self, client) -> None:
        self.rpcs: Counter[str] = Counter()
        self.docs_read = 0
        self.docs_written = 0
        self.aggregations = 0
        self.max_writes_per_call = 0
        api = client._firestore_api  # builds the GAPIC client once
        for name in WRAPPED:
            original = getattr(api, name)
            setattr(api, name, self._wrap(name, original))

    def reset(self) -> None:
        self.rpcs.clear()
        self.docs_read = self.docs_written = self.aggregations = self.max_writes_per_call = 0

    @property
    def total_rpcs(self) -> int:
        return sum(self.rpcs.values())

    def snapshot(self) -> dict:
        return {"rpcs": self.total_rpcs, "by_rpc": dict(sorted(self.rpcs.items())), "docs_read": self.docs_read,
                "docs_written": self.docs_written, "max_writes_per_commit": self.max_writes_per_call,
                "aggregations": self.aggregations}

    def _wrap(self, name, original):
        def call(*args, **kwargs):
            self.rpcs[name] += 1
            request = kwargs.get("request") if "request" in kwargs else (args[0] if args else None)
            if name in ("commit", "batch_write") and request is not None:
                writes = request.get("writes") if isinstance(request, dict) else getattr(request, "writes", [])
                n = len(writes or [])
                self.docs_written += n
                self.max_writes_per_call = max(self.max_writes_per_call, n)
            result = original(*args, **kwargs)
            if name == "batch_get_documents":
                return self._count_stream(result, lambda r: r._pb.HasField("found"))
            if name == "run_query":
                return self._count_stream(result, lambda r: r._pb.HasField("document"))
            if name == "run_aggregation_query":
                self.aggregations += 1
            return result

        return call

    def _count_stream(self, stream, is_doc):
        for response in stream:
            if is_doc(response):
                self.docs_read += 1
            yield response


def _palette(seed: int, n: int = 12):
    from shared.domain.models import PaletteColor, Region

    rng = random.Random(seed)
    shares = [rng.random() for _ in range(n)]
    total = sum(shares)
    return [PaletteColor(hex="#%06X" % rng.randrange(0x1000000), share=s / total,
                         region=Region(edge_ratio=rng.random())) for s in shares]


def seed_library(db, project_id: str, size: int, owner: str = "bench") -> list:
    """A project and a library of `size` distinct tokens (planned by the real merge)."""
    from shared.library.plan import plan_merge
    from shared.domain.models import Project

    tokens: list = []
    seed = 0
    while len(tokens) < size:
        plan = plan_merge(tokens, _palette(seed, 24), project_id=project_id, job_id=f"seed-{seed}",
                          image_sha256=f"{seed:064x}")
        by_id = {t.id: t for t in tokens}
        by_id.update({t.id: t for t in plan.upserts})
        tokens = list(by_id.values())
        seed += 1
    tokens = sorted(tokens, key=lambda t: t.id)[:size]
    db.collection("projects").document(project_id).set(
        Project(id=project_id, owner_uid=owner, name="bench", token_count=size).doc())
    col = db.collection("projects").document(project_id).collection("tokens")
    for i in range(0, len(tokens), 500):
        batch = db.batch()
        for t in tokens[i:i + 500]:
            batch.set(col.document(t.id), t.doc())
        batch.commit()
    return tokens


def measure_enrich(db, counter: FirestoreCounter, size: int) -> dict:
    from shared.adapters.firestore_repos import FirestoreJobs, FirestoreTokens
    from shared.bootstrap import SystemClock
    from shared.domain.models import ImageSource, Job, JobStatus
    from shared.services.enrich import EnrichDeps, enrich

    pid = f"bench-{size}-{uuid.uuid4().hex[:8]}"
    seed_library(db, pid, size)
    jid = uuid.uuid4().hex
    jobs = FirestoreJobs(db)
    jobs.create(Job(id=jid, owner_uid="bench", project_id=pid, status=JobStatus.ENRICHING, palette=_palette(999),
                    source=ImageSource(bucket="b", object=f"uploads/{pid}/{jid}", sha256="f" * 64)))
    counter.reset()
    assert enrich(EnrichDeps(jobs=jobs, tokens=FirestoreTokens(db), clock=SystemClock()), jid) == "done"
    return counter.snapshot()


def measure_reassign(db, counter: FirestoreCounter, size: int, assignments: int = 3) -> dict:
    from shared.adapters.firestore_repos import FirestoreLibrary, FirestoreProjects
    from shared.bootstrap import SystemClock
    from shared.services import library as svc

    pid = f"bench-r{size}-{uuid.uuid4().hex[:8]}"
    tokens = seed_library(db, pid, size)
    roles = ["primary", "secondary", "accent", "background", "text"]
    wanted = {t.id: roles[i % len(roles)] for i, t in enumerate(tokens[-assignments:])}
    from tests.fakes.memory import MemoryObjects

    deps = svc.LibraryDeps(projects=FirestoreProjects(db), library=FirestoreLibrary(db), clock=SystemClock(),
                           objects=MemoryObjects(), bucket="uploads")
    counter.reset()
    svc.assign_roles(deps, "bench", pid, wanted)
    return counter.snapshot()


def cpu_figures(runs: int = 7) -> dict:
    from shared.library.plan import plan_merge
    from shared.color.palette import analyze_palette

    colors = _palette(7)
    analyze_palette(colors)  # warm the name index once (a warm instance)

    def med(fn):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    library: list = []
    seed = 100
    while len(library) < 200:
        plan = plan_merge(library, _palette(seed, 24), project_id="bench", job_id=f"s{seed}", image_sha256="0" * 64)
        by_id = {t.id: t for t in library}
        by_id.update({t.id: t for t in plan.upserts})
        library = list(by_id.values())
        seed += 1
    library = sorted(library, key=lambda t: t.id)[:200]
    incoming = _palette(4242)
    return {"analyze_palette_12_ms": med(lambda: analyze_palette(colors)),
            "plan_merge_200_ms": med(lambda: plan_merge(library, incoming, project_id="bench", job_id="j",
                                                        image_sha256="1" * 64))}


def _emulator():
    """Use FIRESTORE_EMULATOR_HOST when set, else start Google's emulator on a free port base."""
    if os.environ.get("FIRESTORE_EMULATOR_HOST"):
        return None
    from shared.localstack.layout import Layout
    from shared.localstack.stack import LocalStack

    base = int(os.environ.get("COPYTHAT_BENCH_PORT_BASE", 9600))
    layout = Layout(base_port=base, project="demo-copythat-bench",
                    state_dir=Path(__file__).resolve().parents[2] / ".stack")
    stack = LocalStack(layout, with_functions=False, quiet=True)
    stack.sup.wait(stack._spawn_firestore())
    os.environ["FIRESTORE_EMULATOR_HOST"] = f"127.0.0.1:{layout.firestore_port}"
    os.environ["GOOGLE_CLOUD_PROJECT"] = layout.project
    return stack


def main() -> None:
    import logging

    from shared import logs

    logs.configure()
    logging.getLogger("copythat").setLevel(logging.WARNING)  # the figures only
    stack = _emulator()
    try:
        from google.cloud import firestore

        db = firestore.Client(project=os.environ.get("GOOGLE_CLOUD_PROJECT", "demo-copythat-bench"))
        counter = FirestoreCounter(db)
        print("Firestore I/O (emulator, instrumented client)")
        print(f"{'operation':<34}{'library':>8}{'RPCs':>6}{'docs read':>11}{'docs written':>14}{'max/commit':>12}"
              "  RPCs by kind")
        for label, fn in (("enrich job (12-color palette)", measure_enrich),
                          ("role reassignment (3 tokens)", measure_reassign)):
            for size in (20, 200):
                s = fn(db, counter, size)
                print(f"{label:<34}{size:>8}{s['rpcs']:>6}{s['docs_read']:>11}{s['docs_written']:>14}"
                      f"{s['max_writes_per_commit']:>12}  {s['by_rpc']}")
        cpu = cpu_figures()
        print(f"\nanalyze_palette, 12 colors (warm): {cpu['analyze_palette_12_ms']:.1f} ms (median of 7)")
        print(f"plan_merge, 12 colors into a 200-token library: {cpu['plan_merge_200_ms']:.1f} ms (median of 7)")
    finally:
        if stack is not None:
            stack.down()


if __name__ == "__main__":
    main()
