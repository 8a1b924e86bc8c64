"""Clients of the running stack, shared by the e2e modules."""
from __future__ import annotations

import pytest

from shared.localstack.client import StackClient


@pytest.fixture(scope="module")
def client(stack) -> StackClient:
    return StackClient(stack.layout)


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=stack.layout.project)


@pytest.fixture(scope="module")
def storage(stack):
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage as gcs

    return gcs.Client(project=stack.layout.project, credentials=AnonymousCredentials())
