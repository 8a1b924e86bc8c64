"""The few `google.pubsub.v1` messages and methods the local stack uses, built from their field
numbers in Google's published pubsub.proto (no Pub/Sub package is installed: google-cloud-pubsub
would pull in OpenTelemetry and more for six messages).

Both the real Pub/Sub emulator and our stand-in (pubsub_server.py) are provisioned through these, so
the stand-in is held to the wire format the emulator accepts (tests/integration/test_pubsub_standin.py).
"""
from __future__ import annotations

from google.protobuf import descriptor_pb2, descriptor_pool, empty_pb2, timestamp_pb2
from google.protobuf import message_factory

PACKAGE = "google.pubsub.v1"
PUBLISHER = f"{PACKAGE}.Publisher"
SUBSCRIBER = f"{PACKAGE}.Subscriber"

_F = descriptor_pb2.FieldDescriptorProto
_STR, _BYTES, _INT32, _MSG = _F.TYPE_STRING, _F.TYPE_BYTES, _F.TYPE_INT32, _F.TYPE_MESSAGE
_OPT, _REP = _F.LABEL_OPTIONAL, _F.LABEL_REPEATED


def _message(fp, name: str, fields: list[tuple], maps: dict[str, int] | None = None) -> None:
    msg = fp.message_type.add(name=name)
    for fname, number, ftype, *rest in fields:
        label = rest[0] if rest else _OPT
        type_name = rest[1] if len(rest) > 1 else None
        field = msg.field.add(name=fname, number=number, type=ftype, label=label)
        if type_name:
            field.type_name = type_name
    for fname, number in (maps or {}).items():  # map<string, string>
        entry = msg.nested_type.add(name=f"{fname.title().replace('_', '')}Entry")
        entry.options.map_entry = True
        entry.field.add(name="key", number=1, type=_STR, label=_OPT)
        entry.field.add(name="value", number=2, type=_STR, label=_OPT)
        msg.field.add(name=fname, number=number, type=_MSG, label=_REP,
                      type_name=f".{PACKAGE}.{name}.{entry.name}")


def _build():
    pool = descriptor_pool.DescriptorPool()
    for dep in (timestamp_pb2, empty_pb2):
        pool.AddSerializedFile(dep.DESCRIPTOR.serialized_pb)
    fp = descriptor_pb2.FileDescriptorProto(name="copythat/localstack/pubsub_subset.proto", package=PACKAGE,
                                            syntax="proto3",
                                            dependency=["google/protobuf/timestamp.proto"])
    _message(fp, "Topic", [("name", 1, _STR)], maps={"labels": 2})
    _message(fp, "PubsubMessage", [("data", 1, _BYTES), ("message_id", 3, _STR),
                                   ("publish_time", 4, _MSG, _OPT, ".google.protobuf.Timestamp"),
                                   ("ordering_key", 5, _STR)], maps={"attributes": 2})
    _message(fp, "PublishRequest", [("topic", 1, _STR), ("messages", 2, _MSG, _REP, f".{PACKAGE}.PubsubMessage")])
    _message(fp, "PublishResponse", [("message_ids", 1, _STR, _REP)])
    _message(fp, "GetTopicRequest", [("topic", 1, _STR)])
    _message(fp, "DeleteTopicRequest", [("topic", 1, _STR)])
    _message(fp, "PushConfig", [("push_endpoint", 1, _STR)], maps={"attributes": 2})
    _message(fp, "Subscription", [("name", 1, _STR), ("topic", 2, _STR),
                                  ("push_config", 4, _MSG, _OPT, f".{PACKAGE}.PushConfig"),
                                  ("ack_deadline_seconds", 5, _INT32)], maps={"labels": 9})
    _message(fp, "GetSubscriptionRequest", [("subscription", 1, _STR)])
    _message(fp, "DeleteSubscriptionRequest", [("subscription", 1, _STR)])
    pool.Add(fp)
    return {m: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{PACKAGE}.{m}"))
            for m in [t.name for t in fp.message_type]}


_M = _build()
Topic, PubsubMessage, PublishRequest, PublishResponse = (_M["Topic"], _M["PubsubMessage"], _M["PublishRequest"],
                                                         _M["PublishResponse"])
GetTopicRequest, DeleteTopicRequest, PushConfig, Subscription = (_M["GetTopicRequest"], _M["DeleteTopicRequest"],
                                                                 _M["PushConfig"], _M["Subscription"])
GetSubscriptionRequest, DeleteSubscriptionRequest = _M["GetSubscriptionRequest"], _M["DeleteSubscriptionRequest"]
Empty = empty_pb2.Empty

# method name -> (service, request class, response class)
METHODS = {
    "CreateTopic": (PUBLISHER, Topic, Topic),
    "GetTopic": (PUBLISHER, GetTopicRequest, Topic),
    "Publish": (PUBLISHER, PublishRequest, PublishResponse),
    "DeleteTopic": (PUBLISHER, DeleteTopicRequest, Empty),
    "CreateSubscription": (SUBSCRIBER, Subscription, Subscription),
    "GetSubscription": (SUBSCRIBER, GetSubscriptionRequest, Subscription),
    "DeleteSubscription": (SUBSCRIBER, DeleteSubscriptionRequest, Empty),
}


class PubSubClient:
    """Plain gRPC calls on an insecure channel (what PUBSUB_EMULATOR_HOST means to Google's clients)."""

    def __init__(self, host: str) -> None:
        import grpc

        self._channel = grpc.insecure_channel(host)
        self._calls = {name: self._channel.unary_unary(f"/{svc}/{name}", request_serializer=req.SerializeToString,
                                                       response_deserializer=resp.FromString)
                       for name, (svc, req, resp) in METHODS.items()}

    def call(self, method: str, request, timeout: float = 10.0):
        return self._calls[method](request, timeout=timeout)

    def create_topic(self, project: str, topic: str):
        return self.call("CreateTopic", Topic(name=f"projects/{project}/topics/{topic}"))

    def create_push_subscription(self, project: str, name: str, topic: str, endpoint: str, ack_deadline_s: int = 60):
        return self.call("CreateSubscription", Subscription(
            name=f"projects/{project}/subscriptions/{name}", topic=f"projects/{project}/topics/{topic}",
            push_config=PushConfig(push_endpoint=endpoint), ack_deadline_seconds=ack_deadline_s))

    def publish(self, project: str, topic: str, data: bytes, attributes: dict[str, str] | None = None) -> list[str]:
        msg = PubsubMessage(data=data)
        msg.attributes.update(attributes or {})
        resp = self.call("Publish", PublishRequest(topic=f"projects/{project}/topics/{topic}", messages=[msg]))
        return list(resp.message_ids)

    def close(self) -> None:
        self._channel.close()
