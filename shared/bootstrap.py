"""Composition root: builds each client once per instance, lazily and thread-safely.

An entry point asks for what it needs (`container().jobs`, `.objects`…); nothing is created at
import time, so cold starts pay only for the clients the function actually uses. Tests swap the
whole container with `override()`.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from functools import cached_property
from typing import Any

from shared.config import Settings, settings

_lock = threading.RLock()
_container: Any = None


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class _Lazy(cached_property):
    """cached_property guarded by the module lock: two threads never build the same client twice."""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        cache = instance.__dict__
        if self.attrname in cache:
            return cache[self.attrname]
        with _lock:
            return super().__get__(instance, owner)


class Container:
    def __init__(self, cfg: Settings) -> None:
        self.settings = cfg
        self.clock = SystemClock()

    # --- Google clients -------------------------------------------------------------------------
    @_Lazy
    def firestore_client(self):
        from google.cloud import firestore

        return firestore.Client(project=self.settings.project_id)

    @_Lazy
    def rate_limit_firestore_client(self):
        """The counters' own database (COPYTHAT_RATE_LIMIT_DATABASE): Firestore IAM stops at the
        database, so this is what lets export and usage write nothing else (issue 17 item 9)."""
        if self.settings.rate_limit_database == "(default)":
            return self.firestore_client
        from google.cloud import firestore

        return firestore.Client(project=self.settings.project_id, database=self.settings.rate_limit_database)

    @_Lazy
    def storage_client(self):
        from google.cloud import storage

        if self.settings.local:
            from google.auth.credentials import AnonymousCredentials

            return storage.Client(project=self.settings.project_id, credentials=AnonymousCredentials())
        return storage.Client(project=self.settings.project_id)

    @_Lazy
    def tasks_client(self):
        from google.cloud import tasks_v2

        if self.settings.tasks_endpoint:  # local emulator: plain gRPC, no env var exists for it
            import grpc
            from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

            channel = grpc.insecure_channel(self.settings.tasks_endpoint)
            return tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
        return tasks_v2.CloudTasksClient()

    @_Lazy
    def secret_client(self):
        from google.cloud import secretmanager

        if self.settings.secret_manager_endpoint:
            import grpc
            from google.cloud.secretmanager_v1.services.secret_manager_service.transports import (
                SecretManagerServiceGrpcTransport,
            )

            channel = grpc.insecure_channel(self.settings.secret_manager_endpoint)
            return secretmanager.SecretManagerServiceClient(
                transport=SecretManagerServiceGrpcTransport(channel=channel))
        return secretmanager.SecretManagerServiceClient()

    # --- Ports ------------------------------------------------------------------------------------
    @_Lazy
    def secrets(self):
        from shared.adapters.secret_manager import SecretManagerStore

        return SecretManagerStore(self.secret_client, self.settings.project_id)

    @_Lazy
    def projects(self):
        from shared.adapters.firestore_repos import FirestoreProjects

        return FirestoreProjects(self.firestore_client)

    @_Lazy
    def jobs(self):
        from shared.adapters.firestore_repos import FirestoreJobs

        return FirestoreJobs(self.firestore_client)

    @_Lazy
    def tokens(self):
        from shared.adapters.firestore_repos import FirestoreTokens

        return FirestoreTokens(self.firestore_client)

    @_Lazy
    def events(self):
        from shared.adapters.firestore_repos import FirestoreEvents

        return FirestoreEvents(self.firestore_client)

    @_Lazy
    def costs(self):
        from shared.adapters.firestore_repos import FirestoreCosts

        return FirestoreCosts(self.firestore_client)

    @_Lazy
    def drop_keys(self):
        from shared.adapters.firestore_drops import FirestoreDropKeys

        return FirestoreDropKeys(self.firestore_client)

    @_Lazy
    def quarantine(self):
        from shared.adapters.firestore_drops import FirestoreQuarantine

        return FirestoreQuarantine(self.firestore_client)

    @_Lazy
    def library(self):
        from shared.adapters.firestore_repos import FirestoreLibrary

        return FirestoreLibrary(self.firestore_client)

    @_Lazy
    def rollups(self):
        from shared.adapters.firestore_rollups import FirestoreRollups

        return FirestoreRollups(self.firestore_client)

    @_Lazy
    def objects(self):
        from shared.adapters import gcs

        if self.settings.local:
            signer = gcs.key_signer(lambda: self.secrets.get("url-signing-key"))
            import os

            endpoint = os.environ.get("STORAGE_EMULATOR_HOST")
        else:
            signer = gcs.iam_signer(self.settings.signer_service_account)
            endpoint = None
        return gcs.GcsObjectStore(self.storage_client, signer=signer, api_endpoint=endpoint)

    @_Lazy
    def queue(self):
        from shared.adapters.cloud_tasks import CloudTasksQueue

        s = self.settings
        return CloudTasksQueue(self.tasks_client, project=s.project_id, location=s.region,
                               service_account="" if s.local else s.tasks_service_account,
                               audiences={s.extract_queue: s.task_audience_extract,
                                          s.enrich_queue: s.task_audience_enrich})

    @_Lazy
    def extraction_cache(self):
        from shared.adapters.firestore_ai import FirestoreExtractionCache

        return FirestoreExtractionCache(self.firestore_client)

    @_Lazy
    def budget(self):
        from shared.adapters.firestore_ai import FirestoreBudgetLedger

        return FirestoreBudgetLedger(self.firestore_client, self.clock)

    @_Lazy
    def ai_config(self):
        from shared.extraction.ai import AiConfig

        return ai_config_from_env(AiConfig, local=self.settings.local)

    @_Lazy
    def ai(self):
        """The AI labelling step the extract service calls: (image, pixel palette, request, typography=…) → outcome."""
        from shared.extraction.ai import AiDeps, run_extraction

        deps = AiDeps(secrets=self.secrets, cache=self.extraction_cache, costs=self.costs, budget=self.budget,
                      clock=self.clock, config=self.ai_config)
        return lambda image, palette, request, typography=None, layout=None: run_extraction(
            image, palette, request, deps, typography, layout)

    @_Lazy
    def rate_limiter(self):
        from shared.adapters.firestore_rate_limit import FirestoreRateLimiter

        return FirestoreRateLimiter(self.rate_limit_firestore_client)

    @_Lazy
    def image_fetcher(self):
        from shared.security.ssrf import ImageUrlFetcher

        return ImageUrlFetcher(max_bytes=self.settings.max_inline_bytes)

    @_Lazy
    def identity(self):
        from shared.adapters.firebase_auth import FirebaseIdentity

        return FirebaseIdentity(self.settings.project_id, self.settings.check_revoked,
                                revocation_cache_s=self.settings.revocation_cache_s)

    @_Lazy
    def task_auth(self):
        from shared.adapters.task_auth import OidcTaskAuth

        return OidcTaskAuth(relaxed=self.settings.local)


def ai_config_from_env(config_type, *, local: bool):
    """AI settings (models, routes, timeouts, budgets — never keys) from COPYTHAT_AI_CONFIG (JSON).
    Provider base URLs may be changed only on the local stack (its fake providers): in production a
    changed base URL would send the API keys elsewhere."""
    import json
    import os

    from shared.config import ConfigError

    from pydantic import ValidationError

    try:
        raw = json.loads(os.environ.get("COPYTHAT_AI_CONFIG") or "{}")
    except json.JSONDecodeError as e:
        raise ConfigError(f"COPYTHAT_AI_CONFIG is not JSON: {e}") from None
    if not isinstance(raw, dict):
        raise ConfigError("COPYTHAT_AI_CONFIG must be a JSON object")
    if not local and ({"anthropic_base_url", "openai_base_url"} & raw.keys()):
        raise ConfigError("AI provider base URLs can only be changed on the local stack")
    try:
        return config_type.model_validate(raw)
    except ValidationError as e:
        raise ConfigError(f"COPYTHAT_AI_CONFIG: {e}") from None


def container() -> Any:
    global _container
    if _container is None:
        with _lock:
            if _container is None:
                _container = Container(settings())
    return _container


def override(replacement: Any) -> None:
    """Install another container (tests); None restores lazy construction."""
    global _container
    with _lock:
        _container = replacement
