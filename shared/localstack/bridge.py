"""Storage-event bridge: what Eventarc does in the cloud, on the local stack.

fake-gcs-server publishes object notifications to the Pub/Sub emulator; a push subscription
delivers them here; the bridge re-posts each OBJECT_FINALIZE as the binary-mode CloudEvent
`google.cloud.storage.object.v1.finalized` that Eventarc would send to `ingest`, and answers Pub/Sub
with ingest's status, so a failed delivery is redelivered (at-least-once, as in production).

    python -m shared.localstack.bridge --port 8708 --target http://127.0.0.1:8711/ --project demo-copythat
"""
from __future__ import annotations

import argparse
import base64
import json
import urllib.error
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENT_TYPE = "google.cloud.storage.object.v1.finalized"


def cloudevent_for(message: dict) -> tuple[dict[str, str], bytes] | None:
    attrs = message.get("attributes") or {}
    if attrs.get("eventType") != "OBJECT_FINALIZE":
        return None
    data = base64.b64decode(message.get("data") or b"")
    obj = json.loads(data) if data else {}
    bucket = attrs.get("bucketId") or obj.get("bucket")
    name = attrs.get("objectId") or obj.get("name")
    obj.setdefault("bucket", bucket)
    obj.setdefault("name", name)
    obj.setdefault("generation", attrs.get("objectGeneration"))
    time = message.get("publishTime") or datetime.now(timezone.utc).isoformat()
    headers = {
        "Content-Type": "application/json",
        "ce-specversion": "1.0",
        "ce-id": str(message.get("messageId") or message.get("message_id")),
        "ce-source": f"//storage.googleapis.com/projects/_/buckets/{bucket}",
        "ce-type": EVENT_TYPE,
        "ce-subject": f"objects/{name}",
        "ce-time": time,
    }
    return headers, json.dumps(obj).encode()


def make_handler(target: str):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 — http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            try:
                push = json.loads(self.rfile.read(length) or b"{}")
                event = cloudevent_for(push.get("message") or {})
            except (ValueError, KeyError):
                self._answer(400)
                return
            if event is None:
                self._answer(204)  # not a finalize: acknowledged, nothing to do
                return
            headers, body = event
            req = urllib.request.Request(target, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    self._answer(resp.status)
            except urllib.error.HTTPError as err:
                self._answer(err.code)  # Pub/Sub redelivers on non-2xx
            except OSError:
                self._answer(503)

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt, *args) -> None:
            print(json.dumps({"severity": "INFO", "message": "bridge " + fmt % args}), flush=True)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Pub/Sub push → storage CloudEvent bridge")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--target", required=True, help="the ingest function's URL")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.target))
    print(json.dumps({"severity": "INFO", "message": f"bridge on 127.0.0.1:{args.port} → {args.target}"}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
