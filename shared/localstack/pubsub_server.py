"""A Pub/Sub stand-in for machines without Google's emulator (google-cloud-cli-pubsub-emulator).

It speaks the real gRPC API (`google.pubsub.v1`) for what the local stack uses — CreateTopic,
GetTopic, Publish (what fake-gcs-server calls for object notifications), DeleteTopic,
CreateSubscription, GetSubscription, DeleteSubscription — and delivers to push subscriptions as
Pub/Sub does: an HTTP POST of `{"message": {...}, "subscription": ...}`; a 102/200/201/202/204
acknowledges the message, any other answer, a refused connection or no answer within the ack
deadline redelivers it after an exponential backoff. So delivery is at-least-once, never at-most-once.
Other methods answer UNIMPLEMENTED (and are logged, so a gap shows up in .stack/logs/pubsub.log).

    python -m shared.localstack.pubsub_server --port 8706
"""
from __future__ import annotations

import argparse
import base64
import itertools
import json
import re
import threading
import urllib.error
import urllib.request
from concurrent import futures
from dataclasses import dataclass
from datetime import timezone

import grpc

from shared.localstack import pubsub_proto as pb

ACK_STATUSES = {102, 200, 201, 202, 204}  # what Pub/Sub push counts as an acknowledgement
TOPIC_RE = re.compile(r"^projects/[^/]+/topics/[A-Za-z][\w.~+%-]{2,254}$")
SUB_RE = re.compile(r"^projects/[^/]+/subscriptions/[A-Za-z][\w.~+%-]{2,254}$")


def log(severity: str, message: str, **fields) -> None:
    print(json.dumps({"severity": severity, "component": "pubsub-standin", "message": message, **fields}), flush=True)


@dataclass
class Sub:
    name: str
    topic: str
    endpoint: str
    ack_deadline_s: int
    proto: object


class PubSubStandIn:
    def __init__(self, *, min_backoff_s: float = 0.1, max_backoff_s: float = 10.0, max_in_flight: int = 64) -> None:
        self.topics: dict[str, object] = {}
        self.subs: dict[str, Sub] = {}
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.min_backoff_s, self.max_backoff_s = min_backoff_s, max_backoff_s
        self.slots = threading.BoundedSemaphore(max_in_flight)
        self.stopping = threading.Event()

    # --- Publisher ----------------------------------------------------------------------------------
    def CreateTopic(self, req, ctx):  # noqa: N802 — gRPC method names
        if not TOPIC_RE.match(req.name):
            ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, f"invalid topic name {req.name!r}")
        with self.lock:
            if req.name in self.topics:
                ctx.abort(grpc.StatusCode.ALREADY_EXISTS, "Topic already exists")
            self.topics[req.name] = req
        log("INFO", "topic created", topic=req.name)
        return req

    def GetTopic(self, req, ctx):  # noqa: N802
        with self.lock:
            topic = self.topics.get(req.topic)
        if topic is None:
            ctx.abort(grpc.StatusCode.NOT_FOUND, "Topic not found")
        return topic

    def DeleteTopic(self, req, ctx):  # noqa: N802
        with self.lock:
            if self.topics.pop(req.topic, None) is None:
                ctx.abort(grpc.StatusCode.NOT_FOUND, "Topic not found")
            for sub in self.subs.values():
                if sub.topic == req.topic:
                    sub.topic = "_deleted-topic_"
        return pb.Empty()

    def Publish(self, req, ctx):  # noqa: N802
        if not req.messages:
            ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "At least one message is required")
        with self.lock:
            if req.topic not in self.topics:
                ctx.abort(grpc.StatusCode.NOT_FOUND, "Topic not found")
            subs = [s for s in self.subs.values() if s.topic == req.topic]
            ids = []
            for msg in req.messages:
                if not msg.data and not msg.attributes:
                    ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "A message needs data or attributes")
                stored = pb.PubsubMessage()
                stored.CopyFrom(msg)
                stored.message_id = str(next(self.ids))
                stored.publish_time.GetCurrentTime()
                ids.append(stored.message_id)
                for sub in subs:
                    threading.Thread(target=self._deliver, args=(sub, stored), daemon=True).start()
        log("INFO", "published", topic=req.topic, messageIds=ids, subscriptions=[s.name for s in subs])
        return pb.PublishResponse(message_ids=ids)

    # --- Subscriber ---------------------------------------------------------------------------------
    def CreateSubscription(self, req, ctx):  # noqa: N802
        if not SUB_RE.match(req.name):
            ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, f"invalid subscription name {req.name!r}")
        if not req.push_config.push_endpoint:
            # Pull is not used by the stack: refuse rather than accept a subscription nothing delivers.
            ctx.abort(grpc.StatusCode.UNIMPLEMENTED, "the stand-in serves push subscriptions only")
        with self.lock:
            if req.topic not in self.topics:
                ctx.abort(grpc.StatusCode.NOT_FOUND, "Topic not found")
            if req.name in self.subs:
                ctx.abort(grpc.StatusCode.ALREADY_EXISTS, "Subscription already exists")
            stored = pb.Subscription()
            stored.CopyFrom(req)
            if stored.ack_deadline_seconds == 0:
                stored.ack_deadline_seconds = 10
            if not 10 <= stored.ack_deadline_seconds <= 600:
                ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "ack_deadline_seconds must be 10..600")
            self.subs[req.name] = Sub(req.name, req.topic, req.push_config.push_endpoint,
                                      stored.ack_deadline_seconds, stored)
        log("INFO", "push subscription created", subscription=req.name, endpoint=req.push_config.push_endpoint)
        return stored

    def GetSubscription(self, req, ctx):  # noqa: N802
        with self.lock:
            sub = self.subs.get(req.subscription)
        if sub is None:
            ctx.abort(grpc.StatusCode.NOT_FOUND, "Subscription not found")
        return sub.proto

    def DeleteSubscription(self, req, ctx):  # noqa: N802
        with self.lock:
            if self.subs.pop(req.subscription, None) is None:
                ctx.abort(grpc.StatusCode.NOT_FOUND, "Subscription not found")
        return pb.Empty()

    # --- push delivery --------------------------------------------------------------------------
    def _deliver(self, sub: Sub, msg) -> None:
        body = json.dumps({"message": _push_json(msg), "subscription": sub.name}).encode()
        backoff, attempt = self.min_backoff_s, 0
        while not self.stopping.is_set():
            with self.lock:
                if self.subs.get(sub.name) is not sub:
                    return  # subscription deleted: its backlog goes with it
            attempt += 1
            with self.slots:
                status = _post(sub.endpoint, body, timeout_s=sub.ack_deadline_s)
            if status in ACK_STATUSES:
                log("INFO", "acknowledged", subscription=sub.name, messageId=msg.message_id, attempt=attempt,
                    status=status)
                return
            log("WARNING", "not acknowledged: will redeliver", subscription=sub.name, messageId=msg.message_id,
                attempt=attempt, status=status, retryInS=round(backoff, 2))
            self.stopping.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff_s)


def _push_json(msg) -> dict:
    published = msg.publish_time.ToDatetime(tzinfo=timezone.utc).isoformat().replace("+00:00", "Z")
    out = {"data": base64.b64encode(msg.data).decode(), "messageId": msg.message_id, "message_id": msg.message_id,
           "publishTime": published, "publish_time": published}
    if msg.attributes:
        out["attributes"] = dict(msg.attributes)
    if msg.ordering_key:
        out["orderingKey"] = msg.ordering_key
    return out


def _post(url: str, body: bytes, timeout_s: float) -> int | str:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (OSError, TimeoutError) as exc:  # refused, reset, or no answer within the ack deadline
        return f"{type(exc).__name__}"


class _Handler(grpc.GenericRpcHandler):
    def __init__(self, impl: PubSubStandIn) -> None:
        self._handlers = {}
        for name, (svc, req, resp) in pb.METHODS.items():
            self._handlers[f"/{svc}/{name}"] = grpc.unary_unary_rpc_method_handler(
                getattr(impl, name), request_deserializer=req.FromString, response_serializer=resp.SerializeToString)

    def service(self, details):
        handler = self._handlers.get(details.method)
        if handler is None:
            log("WARNING", "unimplemented method called", method=details.method)
        return handler


def serve(port: int, **kwargs) -> tuple[grpc.Server, PubSubStandIn, int]:
    """Start serving on 127.0.0.1:port (0: any free port); returns the server, its state and port."""
    impl = PubSubStandIn(**kwargs)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers((_Handler(impl),))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, impl, bound


def main() -> None:
    parser = argparse.ArgumentParser(description="Pub/Sub stand-in (push subscriptions, at-least-once)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--min-backoff", type=float, default=0.1, help="first redelivery delay, seconds")
    parser.add_argument("--max-backoff", type=float, default=10.0)
    args = parser.parse_args()
    server, impl, _ = serve(args.port, min_backoff_s=args.min_backoff, max_backoff_s=args.max_backoff)
    log("WARNING", f"Pub/Sub STAND-IN (not Google's emulator) on 127.0.0.1:{args.port}: push subscriptions only, "
        "redelivery on any non-2xx")
    try:
        server.wait_for_termination()
    finally:
        impl.stopping.set()


if __name__ == "__main__":
    main()
