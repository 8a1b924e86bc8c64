"""The local Google Cloud stack: real emulators, our Secret Manager server, the storage-event bridge
and every function as a functions-framework server, all on 127.0.0.1.

    with LocalStack(Layout.from_env()) as stack:   # starts and provisions everything
        ...                                        # stops everything it started, also on errors
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from shared.localstack import tools
from shared.localstack.layout import FUNCTIONS, REPO_ROOT, Layout
from shared.localstack.supervisor import StartupError, Supervisor, http_ok, port_free, port_open

SIGNING_KEY_SECRET = "url-signing-key"
FIRESTORE_RULES = REPO_ROOT / "infra" / "firestore.rules"
# The uploads bucket's CORS response headers in infra/storage.tf (tests/web checks they agree): the
# headers a signed PUT is signed with, which a browser's preflight asks for. fake-gcs-server allows
# only a few headers of its own (it refused x-goog-content-length-range) and any origin; this adds
# the Terraform's headers. It cannot restrict origins: see README "The local stack".
BUCKET_CORS_HEADERS = ("Content-Type", "x-goog-content-length-range", "ETag")


class LocalStack:
    def __init__(self, layout: Layout, *, with_functions: bool = True, quiet: bool = False,
                 extra_function_env: dict[str, str] | None = None, with_scheduler: bool = True,
                 with_web: bool = True) -> None:
        self.layout = layout
        self.with_functions = with_functions
        self.with_web = with_web and with_functions
        self.with_scheduler = with_scheduler
        self.functions: dict[str, object] = {}
        self.extra_function_env = extra_function_env or {}
        self.sup = Supervisor(layout.logs_dir, quiet=quiet)
        self.firestore_backend = "emulator"  # or "standin" (shared/localstack/firestore_server.py)
        self.pubsub_backend = "emulator"     # or "standin" (shared/localstack/pubsub_server.py)
        self.quiet = quiet

    # --- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> "LocalStack":
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.down()

    def down(self) -> None:
        self.sup.stop_all()

    def _say(self, msg: str) -> None:
        if not self.quiet:
            print(msg, flush=True)

    def up(self) -> None:
        L = self.layout
        busy = [p for p in (L.firestore_port, L.storage_port, L.tasks_port, L.secrets_port, L.auth_port,
                            L.pubsub_port, L.bridge_port, L.web_port, *(L.function_port(f) for f in FUNCTIONS))
                if not port_free(p)]
        if busy:
            raise StartupError(f"ports already in use: {busy} (another stack? set COPYTHAT_PORT_BASE)")
        t0 = time.monotonic()
        self._say(f"Starting the local stack (ports {L.base_port}–{L.function_port(FUNCTIONS[-1])}, logs in {L.logs_dir})")
        os.environ.update(L.client_env())
        firebase = tools.firebase_cli(L.tools_dir)
        tasks = tools.tasks_emulator(L.tools_dir)
        gcs = tools.fake_gcs_server()
        web_sdk = tools.web_sdk(L.tools_dir) if self.with_web else None
        # Slow starters side by side: Auth (Node), Firestore and Pub/Sub (Java).
        auth = self._spawn_auth(firebase)
        firestore = self._spawn_firestore()
        pubsub = self._spawn_pubsub()
        secrets = self.sup.spawn("secretmanager", [sys.executable, "-m", "shared.localstack.secret_server",
                                                   "--port", str(L.secrets_port)], cwd=REPO_ROOT,
                                 env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: port_open(L.secrets_port))
        tasks_proc = self.sup.spawn("cloudtasks", [str(tasks), "start", "-p", str(L.tasks_port), "-r", "10"],
                                    ready=lambda: port_open(L.tasks_port), timeout_s=30)
        bridge = self.sup.spawn("bridge", [sys.executable, "-m", "shared.localstack.bridge", "--port",
                                           str(L.bridge_port), "--target", L.function_url("ingest")],
                                cwd=REPO_ROOT, env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: port_open(L.bridge_port))
        for proc in (firestore, secrets, tasks_proc, bridge, pubsub):
            self.sup.wait(proc)
        self._provision_pubsub()
        gcs_args = [str(gcs), "-scheme", "http", "-host", "127.0.0.1", "-port", str(L.storage_port),
                    "-backend", "memory", "-external-url", f"http://127.0.0.1:{L.storage_port}",
                    "-public-host", f"127.0.0.1:{L.storage_port}", "-cors-headers", ",".join(BUCKET_CORS_HEADERS),
                    "-event.pubsub-project-id", L.project, "-event.pubsub-topic", L.topic, "-event.list", "finalize"]
        self.sup.start("storage", gcs_args, env={"PUBSUB_EMULATOR_HOST": f"127.0.0.1:{L.pubsub_port}"},
                       ready=lambda: http_ok(f"http://127.0.0.1:{L.storage_port}/storage/v1/b"))
        self._provision_storage()
        self._provision_tasks()
        self._provision_secrets()
        self.sup.wait(auth)
        if self.with_functions:
            procs = [self._spawn_function(name) for name in FUNCTIONS]
            for proc in procs:
                self.sup.wait(proc)
            if web_sdk is not None:
                self._start_web(web_sdk)
            if self.with_scheduler:
                self.sup.start("scheduler", [sys.executable, "-m", "shared.localstack.scheduler",
                                             "--sweeper", L.function_url("sweeper"),
                                             "--rollup", L.function_url("cost_rollup")],
                               cwd=REPO_ROOT, env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: True)
        self._say(f"Local stack up in {time.monotonic() - t0:.1f} s (Firestore: {self.firestore_backend}, "
                  f"Pub/Sub: {self.pubsub_backend})")

    # --- functions: started, killed and restarted one by one (fault tests) -----------------------
    def _spawn_function(self, name: str):
        L = self.layout
        env = {**L.function_env(), **self.extra_function_env}
        proc = self.sup.spawn(f"fn-{name}", [sys.executable, "-m", "functions_framework", "--target", name,
                                             "--source", str(REPO_ROOT / "functions" / name / "main.py"),
                                             "--host", "127.0.0.1", "--port", str(L.function_port(name))],
                              env=env, cwd=REPO_ROOT, ready=_port_ready(L.function_port(name)), timeout_s=60)
        self.functions[name] = proc
        return proc

    def kill_function(self, name: str) -> None:
        """SIGKILL the function's server (no clean shutdown: in-flight requests die with it)."""
        import signal

        proc = self.functions.pop(name)
        os.killpg(proc.popen.pid, signal.SIGKILL)
        proc.popen.wait(10)
        self.sup.procs.remove(proc)

    def start_function(self, name: str) -> None:
        self.sup.wait(self._spawn_function(name))

    # --- servers ----------------------------------------------------------------------------------
    def _start_web(self, web_sdk: Path) -> None:
        from shared.localstack.web import local_config

        L = self.layout
        cfg = L.state_dir / f"web-{L.base_port}" / "config.json"
        cfg.parent.mkdir(parents=True, exist_ok=True)
        cfg.write_text(json.dumps(local_config(L), indent=2))
        self.sup.start("web", [sys.executable, "-m", "shared.localstack.web", "--port", str(L.web_port),
                               "--config", str(cfg), "--vendor", str(web_sdk)],
                       cwd=REPO_ROOT, env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: port_open(L.web_port))

    def _spawn_firestore(self):
        L = self.layout
        jar = tools.firestore_jar_launcher()
        ready = lambda: http_ok(f"http://127.0.0.1:{L.firestore_port}/", "Ok")  # noqa: E731
        if jar:
            # With infra/firestore.rules: the web client's listeners (emulator ID tokens) are held to the
            # production rules; the server SDKs' "owner" credentials bypass them, as IAM access does.
            return self.sup.spawn("firestore", [str(jar), "start", "--host=127.0.0.1", f"--port={L.firestore_port}",
                                                f"--project_id={L.project}", f"--rules={FIRESTORE_RULES}"],
                                  ready=ready, timeout_s=60)
        # No JAR here (Debian 13 without google-cloud-cli, or COPYTHAT_HIDE_GCLOUD_EMULATORS=1): our gRPC
        # stand-in, said loudly. tests/integration/test_firestore_standin.py holds it to the JAR's behaviour.
        self.firestore_backend = "standin"
        self._announce(tools.which_line("firestore") + ": in memory, transactions abort on conflict; "
                       "NO security rules (infra/firestore.rules unchecked), NO real-time listeners "
                       "(the web client's live job view does not update)")
        return self.sup.spawn("firestore", [sys.executable, "-m", "shared.localstack.firestore_server",
                                            "--port", str(L.firestore_port)], cwd=REPO_ROOT,
                              env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: port_open(L.firestore_port),
                              timeout_s=30)

    def _spawn_pubsub(self):
        L = self.layout
        launcher = tools.pubsub_launcher()
        if launcher:
            return self.sup.spawn("pubsub", [str(launcher), "--host=127.0.0.1", f"--port={L.pubsub_port}"],
                                  ready=lambda: http_ok(f"http://127.0.0.1:{L.pubsub_port}/", "Ok"), timeout_s=60)
        # fake-gcs-server still publishes each finalize to Pub/Sub over gRPC and the bridge still gets a
        # push it answers with ingest's status: the same route to `ingest`, at-least-once.
        self.pubsub_backend = "standin"
        self._announce(tools.which_line("pubsub") + ": push subscriptions only, redelivery on any non-2xx")
        return self.sup.spawn("pubsub", [sys.executable, "-m", "shared.localstack.pubsub_server",
                                         "--port", str(L.pubsub_port)], cwd=REPO_ROOT,
                              env={"PYTHONPATH": str(REPO_ROOT)}, ready=lambda: port_open(L.pubsub_port),
                              timeout_s=30)

    def _announce(self, line: str) -> None:
        """A stand-in is never silent, not even with quiet=True: stderr, framed."""
        bar = "!" * 100
        print(f"{bar}\nWARNING: {line}\n{bar}", file=sys.stderr, flush=True)
        os.environ["COPYTHAT_STANDINS"] = ",".join(
            n for n, b in (("firestore", self.firestore_backend), ("pubsub", self.pubsub_backend)) if b == "standin")

    def _spawn_auth(self, firebase: Path):
        L = self.layout
        cfg_dir = L.state_dir / f"firebase-{L.base_port}"
        cfg_dir.mkdir(parents=True, exist_ok=True)
        (cfg_dir / "firebase.json").write_text(json.dumps({"emulators": {
            "auth": {"host": "127.0.0.1", "port": L.auth_port},
            "hub": {"host": "127.0.0.1", "port": L.firebase_hub_port},
            "logging": {"host": "127.0.0.1", "port": L.firebase_logging_port},
            "ui": {"enabled": False}, "singleProjectMode": True}}))
        return self.sup.spawn("auth", [str(firebase), "emulators:start", "--only", "auth", "--project", L.project],
                              cwd=cfg_dir, env={"FIREBASE_CLI_DISABLE_UPDATE_CHECK": "1", "CI": "true"},
                              ready=lambda: http_ok(f"http://127.0.0.1:{L.auth_port}/", "ready"), timeout_s=90)

    # --- provisioning (through the official clients where one exists) ---------------------------
    def _provision_pubsub(self) -> None:
        """Over gRPC, as Google's clients do: the same calls for the emulator and the stand-in."""
        from shared.localstack.pubsub_proto import PubSubClient

        L = self.layout
        client = PubSubClient(f"127.0.0.1:{L.pubsub_port}")
        try:
            client.create_topic(L.project, L.topic)
            client.create_push_subscription(L.project, f"{L.topic}-to-ingest", L.topic,
                                            f"http://127.0.0.1:{L.bridge_port}/", ack_deadline_s=60)
        finally:
            client.close()

    def _provision_storage(self) -> None:
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import storage

        client = storage.Client(project=self.layout.project, credentials=AnonymousCredentials())
        client.create_bucket(self.layout.bucket)

    def _provision_tasks(self) -> None:
        import grpc
        from google.cloud import tasks_v2
        from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

        L = self.layout
        client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(
            channel=grpc.insecure_channel(f"127.0.0.1:{L.tasks_port}")))
        parent = f"projects/{L.project}/locations/{L.region}"
        for queue in ("extract", "enrich"):
            client.create_queue(parent=parent, queue={"name": f"{parent}/queues/{queue}"})

    def secret_client(self):
        import grpc
        from google.cloud import secretmanager
        from google.cloud.secretmanager_v1.services.secret_manager_service.transports import (
            SecretManagerServiceGrpcTransport,
        )

        return secretmanager.SecretManagerServiceClient(transport=SecretManagerServiceGrpcTransport(
            channel=grpc.insecure_channel(f"127.0.0.1:{self.layout.secrets_port}")))

    def put_secret(self, name: str, value: str) -> None:
        client = self.secret_client()
        parent = f"projects/{self.layout.project}"
        try:
            client.create_secret(parent=parent, secret_id=name, secret={"replication": {"automatic": {}}})
        except Exception as exc:  # noqa: BLE001 — AlreadyExists: add a new version
            if "exists" not in str(exc).lower():
                raise
        client.add_secret_version(parent=f"{parent}/secrets/{name}", payload={"data": value.encode()})

    def _provision_secrets(self) -> None:
        self.put_secret(SIGNING_KEY_SECRET, json.dumps(local_signing_key(self.layout.project)))


def _port_ready(port: int):
    return lambda: port_open(port) and http_ok(f"http://127.0.0.1:{port}/")


def local_signing_key(project: str) -> dict:
    """A throwaway service-account key, made fresh per stack, for V4 signed URLs on the emulator."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": project, "private_key_id": "local",
            "private_key": pem, "client_email": f"uploads-signer@{project}.iam.gserviceaccount.com",
            "client_id": "0", "token_uri": "https://oauth2.googleapis.com/token"}
