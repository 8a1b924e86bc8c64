"""Where everything of the local stack lives: ports (from one base, so two stacks can coexist),
the state folder (logs, installed tools) and the names of buckets, queues and secrets."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ("upload", "ingest", "extract", "enrich", "export", "cost_rollup", "sweeper", "library", "usage")
# The rate-limit counters' Firestore database, the name infra/locals.tf gives it (tests/deploy checks both).
RATE_LIMIT_DATABASE = "copythat-ratelimits"


@dataclass(frozen=True)
class Layout:
    base_port: int = 8700
    project: str = "demo-copythat"  # a demo- project: the emulators never reach real Google Cloud
    state_dir: Path = REPO_ROOT / ".stack"
    bucket: str = "demo-copythat-uploads"
    topic: str = "gcs-events"
    region: str = "local-region"

    @classmethod
    def from_env(cls, default_base: int = 8700) -> "Layout":
        base = int(os.environ.get("COPYTHAT_PORT_BASE", default_base))
        state = Path(os.environ.get("COPYTHAT_STATE_DIR", REPO_ROOT / ".stack"))
        return cls(base_port=base, state_dir=state)

    # Servers
    @property
    def firestore_port(self) -> int: return self.base_port

    @property
    def storage_port(self) -> int: return self.base_port + 1

    @property
    def tasks_port(self) -> int: return self.base_port + 2

    @property
    def secrets_port(self) -> int: return self.base_port + 3

    @property
    def auth_port(self) -> int: return self.base_port + 4

    @property
    def pubsub_port(self) -> int: return self.base_port + 5

    @property
    def firebase_hub_port(self) -> int: return self.base_port + 6

    @property
    def firebase_logging_port(self) -> int: return self.base_port + 7

    @property
    def bridge_port(self) -> int: return self.base_port + 8

    @property
    def web_port(self) -> int: return self.base_port + 9

    @property
    def web_url(self) -> str:
        """The reference web client (web/), served by the stack; its origin is the one browsers call from."""
        return f"http://127.0.0.1:{self.web_port}/"

    @property
    def web_origin(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def function_port(self, name: str) -> int:
        return self.base_port + 10 + FUNCTIONS.index(name)

    def function_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.function_port(name)}/"

    @property
    def logs_dir(self) -> Path: return self.state_dir / "logs"

    @property
    def tools_dir(self) -> Path:
        # Installed emulators are shared by every stack of this checkout (demo, tests, load runs).
        return Path(os.environ.get("COPYTHAT_TOOLS_DIR", REPO_ROOT / ".stack" / "tools"))

    def client_env(self) -> dict[str, str]:
        """What a Google client (ours or a test's) needs to talk to this stack."""
        return {
            "GOOGLE_CLOUD_PROJECT": self.project,
            "FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{self.firestore_port}",
            "STORAGE_EMULATOR_HOST": f"http://127.0.0.1:{self.storage_port}",
            "FIREBASE_AUTH_EMULATOR_HOST": f"127.0.0.1:{self.auth_port}",
            "PUBSUB_EMULATOR_HOST": f"127.0.0.1:{self.pubsub_port}",
        }

    def function_env(self) -> dict[str, str]:
        """Configuration of every function on the local stack (no secret is ever passed this way)."""
        return {
            **self.client_env(),
            "COPYTHAT_ENV": "local",
            "COPYTHAT_UPLOADS_BUCKET": self.bucket,
            "COPYTHAT_REGION": self.region,
            "COPYTHAT_TASKS_ENDPOINT": f"127.0.0.1:{self.tasks_port}",
            "COPYTHAT_SECRET_MANAGER_ENDPOINT": f"127.0.0.1:{self.secrets_port}",
            "COPYTHAT_EXTRACT_URL": self.function_url("extract"),
            "COPYTHAT_ENRICH_URL": self.function_url("enrich"),
            "COPYTHAT_TASK_MAX_ATTEMPTS": "11",  # the Tasks emulator runs with -r 10: 11 attempts
            # The stack serves the reference web client: browsers call the functions from its origin.
            "COPYTHAT_ALLOWED_ORIGINS": self.web_origin,
            # As deployed (cloudbuild.yaml): the rate-limit counters in their own database (issue 17).
            "COPYTHAT_RATE_LIMIT_DATABASE": RATE_LIMIT_DATABASE,
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
