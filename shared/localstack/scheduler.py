"""Cloud Scheduler's part on the local stack: POST to the sweeper every few seconds and to
cost_rollup every minute (in the cloud: every 5 minutes and daily, with OIDC tokens).

    python -m shared.localstack.scheduler --sweeper URL --rollup URL [--sweep-s 10] [--rollup-s 60]
"""
from __future__ import annotations

import argparse
import json
import time
import urllib.error
import urllib.request


def _post(url: str) -> int:
    req = urllib.request.Request(url, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="local Cloud Scheduler")
    parser.add_argument("--sweeper", required=True)
    parser.add_argument("--rollup", required=True)
    parser.add_argument("--sweep-s", type=float, default=10)
    parser.add_argument("--rollup-s", type=float, default=60)
    args = parser.parse_args()
    jobs = [[args.sweeper, args.sweep_s, 0.0], [args.rollup, args.rollup_s, 0.0]]
    print(json.dumps({"severity": "INFO", "message": "local scheduler started"}), flush=True)
    while True:
        now = time.monotonic()
        for job in jobs:
            if now >= job[2]:
                status = _post(job[0])
                print(json.dumps({"severity": "INFO" if status == 200 else "WARNING",
                                  "message": f"scheduled POST {job[0]} → {status}"}), flush=True)
                job[2] = now + job[1]
        time.sleep(0.5)


if __name__ == "__main__":
    main()
