"""The Pub/Sub stand-in (shared/localstack/pubsub_server.py) against Google's emulator, through the
same gRPC calls the stack provisions with: push delivery, redelivery after a non-2xx answer and a
refused connection, acknowledgement by a 2xx, errors for unknown topics and duplicates. The emulator
half skips where it is not installed."""
from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest

from shared.localstack import pubsub_server, tools
from shared.localstack.pubsub_proto import PubSubClient


@pytest.fixture(scope="module")
def standin_host():
    server, impl, port = pubsub_server.serve(0, min_backoff_s=0.1, max_backoff_s=1.0)
    yield f"127.0.0.1:{port}"
    impl.stopping.set()
    server.stop(0)


@pytest.fixture(params=["emulator", "standin"])
def pubsub(request, stack, standin_host):
    if request.param == "emulator":
        if stack.pubsub_backend != "emulator":
            pytest.skip(f"Google's Pub/Sub emulator is not installed here ({tools.which_line('pubsub')})")
        host = f"127.0.0.1:{stack.layout.pubsub_port}"
    else:
        host = standin_host
    client = PubSubClient(host)
    yield client
    client.close()


class Endpoint:
    """A push endpoint that answers with the given statuses in turn (the last one from then on)."""

    def __init__(self, statuses: list[int], port: int = 0) -> None:
        self.statuses, self.got = statuses, []
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                outer.got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                code = outer.statuses[min(len(outer.got), len(outer.statuses)) - 1]
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), H)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.got) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.got) >= n, f"{len(self.got)} deliveries, wanted {n}"


def _names():
    suffix = uuid.uuid4().hex[:8]
    return f"t-{suffix}", f"s-{suffix}"


def test_a_message_is_redelivered_until_a_2xx_then_never_again(pubsub):
    topic, sub = _names()
    ep = Endpoint([500, 503, 204])
    pubsub.create_topic("demo-parity", topic)
    pubsub.create_push_subscription("demo-parity", sub, topic, ep.url)
    (mid,) = pubsub.publish("demo-parity", topic, b'{"x":1}', {"eventType": "OBJECT_FINALIZE"})
    ep.wait(3)
    time.sleep(1.5)  # acknowledged: nothing more comes
    assert len(ep.got) == 3
    for push in ep.got:
        msg = push["message"]
        assert push["subscription"] == f"projects/demo-parity/subscriptions/{sub}"
        assert (msg["messageId"], base64.b64decode(msg["data"]), msg["attributes"]) == (
            mid, b'{"x":1}', {"eventType": "OBJECT_FINALIZE"})


def test_an_endpoint_that_refuses_connections_gets_the_message_when_it_is_back(pubsub):
    topic, sub = _names()
    probe = Endpoint([204])
    port = probe.server.server_port
    probe.server.shutdown()
    probe.server.server_close()  # nothing listens on this port now
    pubsub.create_topic("demo-parity", topic)
    pubsub.create_push_subscription("demo-parity", sub, topic, f"http://127.0.0.1:{port}/")
    pubsub.publish("demo-parity", topic, b"late")
    time.sleep(1.0)  # a few refused pushes meanwhile
    back = Endpoint([204], port=port)
    back.wait(1, timeout_s=60)
    assert base64.b64decode(back.got[0]["message"]["data"]) == b"late"


def test_unknown_topics_and_duplicates_are_the_emulators_errors(pubsub):
    topic, sub = _names()
    with pytest.raises(grpc.RpcError) as missing:
        pubsub.publish("demo-parity", topic, b"x")
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    pubsub.create_topic("demo-parity", topic)
    with pytest.raises(grpc.RpcError) as dup:
        pubsub.create_topic("demo-parity", topic)
    assert dup.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(grpc.RpcError) as no_topic:
        pubsub.create_push_subscription("demo-parity", sub, "no-such-topic", "http://127.0.0.1:9/")
    assert no_topic.value.code() == grpc.StatusCode.NOT_FOUND
