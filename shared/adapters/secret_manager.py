"""Secret Manager: the only source of secrets (API keys, the local URL-signing key), cached per
instance with a TTL so rotation takes effect without a redeploy."""
from __future__ import annotations

import threading
import time

from google.api_core import exceptions as gexc
from google.cloud import secretmanager

from shared import logs
from shared.adapters.google_errors import as_app_error

log = logs.get("copythat.secrets")


class SecretManagerStore:
    def __init__(self, client: secretmanager.SecretManagerServiceClient, project: str, ttl_s: float = 300.0) -> None:
        self._client = client
        self._project = project
        self._ttl = ttl_s
        self._cache: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> str | None:
        """The secret's latest value; None when it does not exist or its version is disabled (not
        configured). Any other failure is not an answer: a value fetched before is served stale,
        otherwise the error is raised (a transient one as our retryable Unavailable)."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(name)
        if hit and now - hit[0] < self._ttl:
            return hit[1]
        path = f"projects/{self._project}/secrets/{name}/versions/latest"
        try:
            value: str | None = self._client.access_secret_version(name=path).payload.data.decode("utf-8")
        except (gexc.NotFound, gexc.FailedPrecondition):  # no such secret / version disabled
            value = None
        except Exception as exc:
            if hit is None:
                err = as_app_error(exc)
                if err is None:
                    raise
                raise err from exc
            # A known-good key beats none during an outage; rotation waits for the next refresh.
            logs.warning(log, "secret refresh failed: serving the cached value", secret=name,
                         error=type(exc).__name__, ageS=round(now - hit[0], 1))
            return hit[1]
        with self._lock:
            self._cache[name] = (now, value)
        return value
