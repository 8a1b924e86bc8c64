"""Cloud Storage: reading uploaded images, writing inline uploads, V4 signed PUT URLs.

Signed URLs are made in production with IAM signBlob as the function's own service account (no key
file exists); the local stack signs with a key it keeps in (our local) Secret Manager.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from google.api_core import exceptions as gexc
from google.cloud import storage

from shared.domain.errors import Conflict, NotFound, PayloadTooLarge
from shared.domain.ports import ObjectInfo


class GcsObjectStore:
    def __init__(self, client: storage.Client, *, signer: Callable[[], dict], api_endpoint: str | None = None) -> None:
        self._client = client
        self._signer = signer  # returns kwargs for generate_signed_url (credentials or IAM signBlob identity)
        self._api_endpoint = api_endpoint

    def read(self, bucket: str, name: str, generation: int | None = None, max_bytes: int | None = None) -> bytes:
        blob = self._client.bucket(bucket).blob(name, generation=generation)
        try:
            if max_bytes is not None:
                blob.reload()
                if (blob.size or 0) > max_bytes:
                    raise PayloadTooLarge(f"the object is larger than {max_bytes} bytes", code="image_too_large")
            return blob.download_as_bytes()
        except gexc.NotFound:
            raise NotFound("the object does not exist (or that generation was replaced)", code="object_not_found") \
                from None

    def write_new(self, bucket: str, name: str, data: bytes, content_type: str) -> ObjectInfo:
        blob = self._client.bucket(bucket).blob(name)
        try:
            blob.upload_from_string(data, content_type=content_type, if_generation_match=0)
        except gexc.PreconditionFailed:
            raise Conflict("the object exists already", code="object_exists") from None
        return ObjectInfo(bucket, name, int(blob.generation or 0), len(data), content_type)

    def info(self, bucket: str, name: str) -> ObjectInfo | None:
        blob = self._client.bucket(bucket).get_blob(name)
        if blob is None:
            return None
        return ObjectInfo(bucket, name, int(blob.generation or 0), int(blob.size or 0), blob.content_type)

    def delete_prefix(self, bucket: str, prefix: str) -> int:
        """List, then delete each (the bucket keeps no versions, so a deleted object is gone); one that
        went meanwhile (a retry, the lifecycle rule) is not an error."""
        n = 0
        for blob in self._client.list_blobs(bucket, prefix=prefix):
            try:
                blob.delete()
                n += 1
            except gexc.NotFound:
                pass
        return n

    def signed_put_url(self, bucket: str, name: str, content_type: str, max_bytes: int,
                       expires_s: int) -> tuple[str, dict[str, str]]:
        headers = {"Content-Type": content_type, "x-goog-content-length-range": f"0,{max_bytes}"}
        blob = self._client.bucket(bucket).blob(name)
        kwargs = dict(version="v4", method="PUT", expiration=dt.timedelta(seconds=expires_s),
                      content_type=content_type,
                      headers={"x-goog-content-length-range": headers["x-goog-content-length-range"]},
                      **self._signer())
        if self._api_endpoint:
            kwargs["api_access_endpoint"] = self._api_endpoint
        return blob.generate_signed_url(**kwargs), headers


def iam_signer(service_account_email: str) -> Callable[[], dict]:
    """Production: sign through IAM signBlob with the runtime identity's access token."""
    import google.auth
    import google.auth.transport.requests

    credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])

    def _kwargs() -> dict:
        if not credentials.valid:
            credentials.refresh(google.auth.transport.requests.Request())
        return {"service_account_email": service_account_email or credentials.service_account_email,
                "access_token": credentials.token}

    return _kwargs


def key_signer(load_key_json: Callable[[], str | None]) -> Callable[[], dict]:
    """Local stack: a service-account key kept in Secret Manager (never in a file or env var)."""
    from google.oauth2 import service_account

    def _kwargs() -> dict:
        raw = load_key_json()
        if not raw:
            raise RuntimeError("the url-signing-key secret is not configured")
        return {"credentials": service_account.Credentials.from_service_account_info(json.loads(raw))}

    return _kwargs
