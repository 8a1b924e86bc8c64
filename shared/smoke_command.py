"""`copythat smoke`: after a deploy, check what no local test can (shared/smoke/checks.py).

  copythat smoke --project P --origin https://app.example --api-key KEY --email E --password W
  copythat smoke --local                      the running local stack (`copythat stack`)

Run it as someone with deploy rights (Application Default Credentials: `gcloud auth application-default
login`): it reads Firestore (datastore.viewer), enqueues one task as copythat-tasks (cloudtasks.enqueuer
on queue extract, iam.serviceAccountUser on copythat-tasks) and runs the sweeper's scheduler job
(cloudscheduler.jobRunner). The smoke user is an ordinary Firebase Auth account (e-mail/password and
the web API key from the web app's config, or `--id-token`); its project is deleted at the end.
Exit 0 when every check passed, 1 when one failed, 2 on bad arguments. `--json` prints one object.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("smoke", help="post-deploy checks against a deployed project or the local stack",
                              description="Post-deploy smoke checks (indexes, a task, a scheduler call, a "
                                          "signed PUT from an allowed origin, an upload to done).")
    p.add_argument("--project", help="the Google Cloud project deployed to")
    p.add_argument("--region", default="europe-west1", help="the functions' region (default europe-west1)")
    p.add_argument("--origin", help="an origin in the deployment's allowed_origins (the web app's)")
    p.add_argument("--api-key", default=os.environ.get("COPYTHAT_SMOKE_API_KEY"),
                   help="the web app's Firebase API key (or COPYTHAT_SMOKE_API_KEY)")
    p.add_argument("--email", default=os.environ.get("COPYTHAT_SMOKE_EMAIL"), help="the smoke user's e-mail")
    p.add_argument("--password", default=os.environ.get("COPYTHAT_SMOKE_PASSWORD"),
                   help="the smoke user's password (better: COPYTHAT_SMOKE_PASSWORD)")
    p.add_argument("--id-token", default=os.environ.get("COPYTHAT_SMOKE_ID_TOKEN"),
                   help="a Firebase ID token of the smoke user instead of signing in")
    p.add_argument("--local", action="store_true", help="check the running local stack (COPYTHAT_PORT_BASE)")
    p.add_argument("--task-timeout", type=float, default=120, help="seconds a task may take (default 120)")
    p.add_argument("--job-timeout", type=float, default=180, help="seconds the upload may take (default 180)")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.set_defaults(func=run)


def target_from(args):
    """The target the arguments name, or a ValueError saying what is missing."""
    from shared.smoke import target

    if args.local:
        from shared.localstack.layout import Layout

        return target.local(Layout.from_env())
    missing = [f"--{n}" for n in ("project", "origin") if not getattr(args, n)]
    if not args.id_token:
        missing += [f"--{n.replace('_', '-')}" for n in ("api_key", "email", "password") if not getattr(args, n)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)} (or --local)")
    return target.cloud(args.project, args.region, args.origin, api_key=args.api_key, email=args.email,
                        password=args.password, id_token=args.id_token)


def run(args, target=None) -> int:
    from shared.smoke import checks

    try:
        t = target or target_from(args)
    except ValueError as e:
        print(f"copythat smoke: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT

    def line(r) -> None:
        if not args.json:
            print(f"{'✓' if r.ok else '✗'} {r.name:<12} {r.detail} ({r.seconds:.1f} s)", flush=True)

    if not args.json:
        print(f"Smoke checks against {'the local stack' if t.local else t.project} ({t.region})", flush=True)
    results = checks.run(t, task_timeout_s=args.task_timeout, job_timeout_s=args.job_timeout, report=line)
    ok = bool(results) and all(r.ok for r in results)
    if args.json:
        print(json.dumps({"target": t.project, "ok": ok, "checks": [
            {"name": r.name, "ok": r.ok, "detail": r.detail, "seconds": round(r.seconds, 2)} for r in results]}))
    else:
        print("All checks passed." if ok else f"{sum(not r.ok for r in results)} check(s) failed.")
    return EXIT_OK if ok else EXIT_FAILED
