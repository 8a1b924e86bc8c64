"""The main job, end to end on the local stack: sign in, upload images through `upload` and the
signed URLs, follow each job through its stages, print the project's palette, write the exports."""
from __future__ import annotations

import mimetypes
import sys
import time
from pathlib import Path

from shared.localstack.client import StackClient
from shared.localstack.layout import Layout
from shared.localstack.sample import sample_png
from shared.localstack.stack import LocalStack
from shared.domain.tokens import Token, TokenType
from shared.swatch import token_line

TERMINAL = ("done", "failed")


def _images(paths: list[str], out: Path) -> list[tuple[str, bytes, str]]:
    if not paths:
        sample = out / "sample-dashboard.png"
        sample.write_bytes(sample_png())
        print(f"No image given: using the generated sample {sample}")
        paths = [str(sample)]
    images = []
    for p in paths:
        data = Path(p).read_bytes()
        kind = mimetypes.guess_type(p)[0] or "application/octet-stream"
        images.append((p, data, kind))
    return images


def follow_jobs(db, job_ids: dict[str, str], timeout_s: float = 180) -> dict[str, dict]:
    """Print each job's stage changes as they happen; return the final job documents."""
    seen: dict[str, str] = {}
    final: dict[str, dict] = {}
    start = time.monotonic()
    while len(final) < len(job_ids):
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"jobs not finished after {timeout_s:.0f} s: {sorted(set(job_ids) - set(final))}")
        for job_id, label in job_ids.items():
            if job_id in final:
                continue
            doc = db.collection("jobs").document(job_id).get().to_dict() or {}
            status = doc.get("status", "?")
            if seen.get(job_id) != status:
                seen[job_id] = status
                extra = f" — {doc['error']['code']}: {doc['error']['message']}" if doc.get("error") else ""
                print(f"  [{time.monotonic() - start:5.1f} s] {label}: {status} ({doc.get('progress', 0)}%){extra}",
                      flush=True)
            if status in TERMINAL:
                final[job_id] = doc
        time.sleep(0.2)
    return final


def run_demo(paths: list[str], out_dir: str, *, layout: Layout | None = None,
             formats: tuple[str, ...] | None = None, stack: LocalStack | None = None) -> int:
    """Starts a stack for the run and stops it after, or runs on `stack` (a test session's)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if stack is not None:
        return _demo(paths, out, stack.layout, formats)
    layout = layout or Layout.from_env()
    with LocalStack(layout):
        return _demo(paths, out, layout, formats)


def _demo(paths: list[str], out: Path, layout: Layout, formats: tuple[str, ...] | None) -> int:
    images = _images(paths, out)
    from google.cloud import firestore

    client = StackClient(layout)
    uid, token = client.sign_up(f"designer-{int(time.time())}@example.com")
    print(f"Signed in on the Auth emulator as {uid}")
    project_id = None  # the server names the project (issue 17); the first upload creates it
    job_ids = {}
    for path, data, kind in images:
        where = {"projectId": project_id} if project_id else {"createProject": True, "projectName": "Copy That demo"}
        ticket = client.start_upload(token, data, kind, **where)
        project_id = ticket["projectId"]
        job_ids[ticket["jobId"]] = Path(path).name
        print(f"Uploaded {Path(path).name} ({len(data):,} bytes) through a signed URL → job {ticket['jobId']}")
    db = firestore.Client(project=layout.project)
    final = follow_jobs(db, job_ids)
    failed = [j for j, d in final.items() if d.get("status") != "done"]
    tokens = sorted((Token.model_validate(s.to_dict()) for s in db.collection("projects").document(project_id)
                     .collection("tokens").stream()), key=lambda t: (-t.provenance.share, t.id))
    print(f"\nTokens of project {project_id} ({len(tokens)}):")
    for kind in TokenType:
        for t in (t for t in tokens if t.type is kind):
            print("  " + token_line(t) + (f"  share {t.provenance.share:.3f}" if t.is_color else ""))
    from shared.exporters import FORMATS

    for fmt in formats or tuple(FORMATS):
        res = client.call("export", "GET", token, query={"projectId": project_id, "format": fmt})
        if res.status != 200:
            print(f"  export {fmt}: HTTP {res.status} {res.body[:200]!r}", file=sys.stderr)
            failed.append(fmt)
            continue
        disposition = res.headers.get("Content-Disposition", "")
        name = disposition.split("filename=")[-1].strip('"') or f"tokens.{fmt}"
        (out / name).write_bytes(res.body)
        print(f"  wrote {out / name} ({len(res.body):,} bytes)")
    return 1 if failed or not tokens else 0
