"""A real gRPC Secret Manager server for the local stack and the tests (no emulator exists).

It speaks google.cloud.secretmanager.v1.SecretManagerService with the client package's own message
types, so the official client talks to it unchanged. Secrets live in memory.

    python -m shared.localstack.secret_server --port 8703
"""
from __future__ import annotations

import argparse
import threading
from concurrent import futures

import google_crc32c
import grpc
from google.cloud.secretmanager_v1.types import resources, service
from google.protobuf import empty_pb2

SERVICE = "google.cloud.secretmanager.v1.SecretManagerService"


class SecretStoreServicer:
    def __init__(self) -> None:
        self._secrets: dict[str, resources.Secret] = {}
        self._versions: dict[str, list[bytes | None]] = {}
        self._lock = threading.Lock()

    def create_secret(self, req: service.CreateSecretRequest, ctx) -> resources.Secret:
        name = f"{req.parent}/secrets/{req.secret_id}"
        with self._lock:
            if name in self._secrets:
                ctx.abort(grpc.StatusCode.ALREADY_EXISTS, f"Secret [{name}] already exists.")
            secret = resources.Secret(name=name, replication=req.secret.replication, labels=req.secret.labels)
            self._secrets[name] = secret
            self._versions[name] = []
        return secret

    def get_secret(self, req: service.GetSecretRequest, ctx) -> resources.Secret:
        with self._lock:
            if req.name not in self._secrets:
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Secret [{req.name}] not found.")
            return self._secrets[req.name]

    def delete_secret(self, req: service.DeleteSecretRequest, ctx) -> empty_pb2.Empty:
        with self._lock:
            if self._secrets.pop(req.name, None) is None:
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Secret [{req.name}] not found.")
            self._versions.pop(req.name, None)
        return empty_pb2.Empty()

    def add_secret_version(self, req: service.AddSecretVersionRequest, ctx) -> resources.SecretVersion:
        with self._lock:
            if req.parent not in self._secrets:
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Secret [{req.parent}] not found.")
            self._versions[req.parent].append(req.payload.data)
            number = len(self._versions[req.parent])
        return resources.SecretVersion(name=f"{req.parent}/versions/{number}",
                                       state=resources.SecretVersion.State.ENABLED)

    def access_secret_version(self, req: service.AccessSecretVersionRequest, ctx) -> service.AccessSecretVersionResponse:
        secret, _, version = req.name.rpartition("/versions/")
        with self._lock:
            versions = self._versions.get(secret)
            if versions is None:
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Secret [{secret}] not found or has no versions.")
            if version == "latest":
                number = len(versions)
            else:
                number = int(version) if version.isdigit() else 0
            if number < 1 or number > len(versions):
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Secret Version [{req.name}] not found.")
            data = versions[number - 1]
        crc = google_crc32c.value(data)
        return service.AccessSecretVersionResponse(
            name=f"{secret}/versions/{number}",
            payload=resources.SecretPayload(data=data, data_crc32c=crc))


def _handler(fn, req_type, resp_type):
    return grpc.unary_unary_rpc_method_handler(
        fn, request_deserializer=req_type.deserialize,
        response_serializer=resp_type.serialize if hasattr(resp_type, "serialize") else resp_type.SerializeToString)


def serve(port: int, host: str = "127.0.0.1") -> grpc.Server:
    s = SecretStoreServicer()
    handlers = {
        "CreateSecret": _handler(s.create_secret, service.CreateSecretRequest, resources.Secret),
        "GetSecret": _handler(s.get_secret, service.GetSecretRequest, resources.Secret),
        "DeleteSecret": _handler(s.delete_secret, service.DeleteSecretRequest, empty_pb2.Empty),
        "AddSecretVersion": _handler(s.add_secret_version, service.AddSecretVersionRequest, resources.SecretVersion),
        "AccessSecretVersion": _handler(s.access_secret_version, service.AccessSecretVersionRequest,
                                        service.AccessSecretVersionResponse),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    if server.add_insecure_port(f"{host}:{port}") == 0:
        raise OSError(f"cannot bind {host}:{port}")
    server.start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="Local Secret Manager server (gRPC)")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = serve(args.port)
    print(f"secret manager listening on 127.0.0.1:{args.port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
