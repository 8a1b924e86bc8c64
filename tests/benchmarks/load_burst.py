"""Load run on the local stack: N distinct images dropped into the bucket at once.

Reports jobs done / failed / lost, duplicates (jobs per object, extraction records per job, token
provenance repeats), throughput, p50/p95 job latency (createdAt → finishedAt) and the most provider
calls the fake AI servers ever served at once. Own ports (base 9100) so it can run beside a dev stack.

    .venv/bin/python tests/benchmarks/load_burst.py [--images 200] [--strategy cost] [--base 9100]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from shared.localstack.client import StackClient  # noqa: E402
from shared.localstack.layout import Layout  # noqa: E402
from shared.localstack.stack import LocalStack  # noqa: E402
from tests.fakes.ai_servers import start_fake_anthropic, start_fake_openai  # noqa: E402

KEYS = {"anthropic-api-key": "sk-ant-load-0001", "openai-api-key": "sk-openai-load-0001"}


def image(i: int) -> bytes:
    rnd = random.Random(i)
    cols = [tuple(rnd.randrange(256) for _ in range(3)) for _ in range(3)]
    img = Image.new("RGB", (200 + i % 7, 140), cols[0])
    d = ImageDraw.Draw(img)
    d.rectangle((20, 30, 110, 70), fill=cols[1])
    d.rectangle((20, 100, 180, 115), fill=cols[2])
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=200)
    ap.add_argument("--strategy", default="cost", help="the drop project's jobs use the default (optimal)")
    ap.add_argument("--base", type=int, default=9100)
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--kill-extract-at", type=int, default=0,
                    help="SIGKILL the extract server once this many jobs are done, restart it 2 s later")
    args = ap.parse_args()
    anthropic = start_fake_anthropic(0, api_key=KEYS["anthropic-api-key"])
    openai = start_fake_openai(0, api_key=KEYS["openai-api-key"])
    layout = Layout(base_port=args.base, state_dir=ROOT / ".stack" / f"load-{args.base}", project="demo-load",
                    bucket="demo-load-uploads")
    ai = {"anthropic_base_url": anthropic.base_url, "openai_base_url": openai.base_url}
    # Short leases and staleness so the (local) scheduler's sweeper recovers a killed worker's job in
    # seconds rather than the production minutes.
    env = {"COPYTHAT_AI_CONFIG": json.dumps(ai), "COPYTHAT_LEASE_S": "10", "COPYTHAT_STALE_AFTER_S": "30",
           "COPYTHAT_MAX_JOB_AGE_S": "600"}
    kills = 0
    with LocalStack(layout, extra_function_env=env, with_scheduler=True) as stack:
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import firestore, storage
        from google.cloud.firestore_v1.base_query import FieldFilter

        for name, value in KEYS.items():
            stack.put_secret(name, value)
        client = StackClient(layout)
        _, token = client.sign_up(f"load-{uuid.uuid4().hex[:6]}@example.com")
        project = client.start_upload(token, image(10_000), "image/png", createProject=True)["projectId"]
        key = client.drop_key(token, project)  # drops need the project's key (issue 17)
        db = firestore.Client(project=layout.project)
        bucket = storage.Client(project=layout.project, credentials=AnonymousCredentials()).bucket(layout.bucket)
        payloads = [image(i) for i in range(args.images)]
        print(f"Dropping {args.images} images into gs://{layout.bucket}/drops/{key}/ at once …", flush=True)
        t0 = time.time()

        def drop(i: int) -> None:
            bucket.blob(f"drops/{key}/img-{i:04d}.png").upload_from_string(payloads[i], content_type="image/png")

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(drop, range(args.images)))
        dropped_s = time.time() - t0
        jobs_q = db.collection("jobs").where(filter=FieldFilter("projectId", "==", project))
        deadline = time.monotonic() + args.timeout
        while True:
            docs = [d.to_dict() for d in jobs_q.stream()]
            drops = [d for d in docs if d.get("origin") == "drop"]
            finished = [d for d in drops if d.get("status") in ("done", "failed")]
            if len(finished) >= args.images or time.monotonic() > deadline:
                break
            if args.kill_extract_at and not kills and len(finished) >= args.kill_extract_at:
                stack.kill_function("extract")
                kills += 1
                print(f"  killed the extract server with {len(finished)} jobs finished; restarting in 2 s", flush=True)
                time.sleep(2)
                stack.start_function("extract")
            time.sleep(1)
        total_s = time.time() - t0
        done = [d for d in drops if d["status"] == "done"]
        failed = [d for d in drops if d["status"] == "failed"]
        per_object: dict[str, int] = {}
        for d in drops:
            per_object[d["source"]["object"]] = per_object.get(d["source"]["object"], 0) + 1
        dup_jobs = sum(n - 1 for n in per_object.values())
        records = [r.to_dict() for r in db.collection("costRecords").where(
            filter=FieldFilter("projectId", "==", project)).stream()]
        extraction_per_job: dict[str, int] = {}
        for r in records:
            if r.get("extraction"):
                extraction_per_job[r["jobId"]] = extraction_per_job.get(r["jobId"], 0) + 1
        dup_records = sum(n - 1 for n in extraction_per_job.values())
        tokens = [t.to_dict() for t in db.collection("projects").document(project).collection("tokens").stream()]
        dup_prov = sum(len(t["provenance"]["jobIds"]) - len(set(t["provenance"]["jobIds"])) for t in tokens)
        lat = [(d["finishedAt"] - d["createdAt"]).total_seconds() for d in done if d.get("finishedAt")]
        providers: dict[str, int] = {}
        for d in done:
            providers[d.get("provider", "?")] = providers.get(d.get("provider", "?"), 0) + 1
        print(f"\nimages dropped          {args.images} (upload of all took {dropped_s:.1f} s)")
        print(f"jobs done / failed      {len(done)} / {len(failed)}   lost (no terminal state): "
              f"{args.images - len(done) - len(failed)}")
        if failed:
            codes: dict[str, int] = {}
            for d in failed:
                code = (d.get("error") or {}).get("code", "?")
                codes[code] = codes.get(code, 0) + 1
            print(f"failure codes           {codes}")
        print(f"duplicate jobs          {dup_jobs}   duplicate extraction records {dup_records}   "
              f"repeated job ids in token provenance {dup_prov}")
        print(f"providers               {providers}")
        print(f"throughput              {len(done) / total_s:.2f} jobs/s over {total_s:.1f} s")
        if lat:
            print(f"job latency             p50 {statistics.median(lat):.1f} s   p95 {pct(lat, 0.95):.1f} s   "
                  f"max {max(lat):.1f} s")
        print(f"provider calls at once  max {anthropic.state.max_in_flight} (anthropic), "
              f"{openai.state.max_in_flight} (openai); the local Tasks emulator dispatches one task per queue "
              f"at a time (production: the queue's max concurrent dispatches, see infra/)")
        print(f"library tokens          {len(tokens)}")
        print(f"extract servers killed  {kills} (and restarted)")
        ok = len(done) == args.images and dup_jobs == 0 and dup_records == 0 and dup_prov == 0
    anthropic.stop()
    openai.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
