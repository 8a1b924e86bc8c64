"""upload (HTTPS): a signed-in user starts a job.

POST JSON {projectId | createProject, projectName?, contentType, size, maxColors?, strategy?}
  → 201 {jobId, projectId, upload: {url, method, headers, expiresAt}}: PUT the image to the URL.
POST JSON {…, imageBase64} or multipart/form-data (a `file` part + the same fields) with a small
  image → 202 {jobId, projectId}: the image is stored and processed like any upload.
POST JSON {…, imageUrl: "https://…"} → 202: the image is fetched through the SSRF guard (public
  addresses only, connection pinned to the checked address, no redirects, size and time caps).
"""
from __future__ import annotations

import base64
import binascii

from pydantic import Field

from shared import http
from shared.bootstrap import container
from shared.domain.errors import AppError, InvalidRequest, PayloadTooLarge, UnsupportedMediaType
from shared.entry import ai_access, http_function, serve, signed_in_caller
from shared.security.upload_guard import check_inline_image
from shared.services import upload as svc


class InlineUploadRequest(svc.JobOptions):
    # The body cap bounds it already; the field cap keeps the model safe on its own (64 MiB of base64).
    image_base64: str = Field(max_length=64 * 1024 * 1024)


class UrlUploadRequest(svc.JobOptions):
    # Fetched through the SSRF guard (shared/security/ssrf.py): https only, public addresses only.
    image_url: str = Field(min_length=9, max_length=2048)


def _inline(deps, uid: str, opts, data: bytes, settings, access) -> dict:
    if len(data) <= settings.max_inline_bytes:  # an oversized body is refused by the service (413)
        check_inline_image(data, settings.max_pixels)
    return svc.upload_inline(deps, uid, opts, data, access)


def _handle(request):
    c = container()
    # Every authenticated POST may start an extraction: counted before the body is even read.
    caller = signed_in_caller(request, "upload")
    uid = caller.uid
    access = lambda: ai_access(request, caller)  # noqa: E731 — asked only for a job that would spend on AI
    deps = svc.UploadDeps(settings=c.settings, projects=c.projects, jobs=c.jobs, objects=c.objects, clock=c.clock,
                          slots=c.slots)
    cap = c.settings.max_inline_bytes
    # The non-file form fields' cap. It is also werkzeug's cap on its decoder buffer, which holds a tail
    # of the previous 64 KiB read next to the new one: 64 KiB refused most files above one chunk.
    request.max_form_memory_size = 256 * 1024
    request.max_form_parts = 64
    kind = (request.mimetype or "").lower()
    if kind == "multipart/form-data":
        if request.content_length is None:  # chunked multipart would be parsed before any cap applies
            raise AppError("multipart uploads need a Content-Length", code="length_required", status=411)
        if request.content_length > cap + 64 * 1024:
            raise PayloadTooLarge(f"inline images are limited to {cap} bytes", code="image_too_large")
        file = request.files.get("file")
        if file is None:
            raise InvalidRequest("multipart uploads need a 'file' part", code="file_required")
        opts = http.validate(svc.JobOptions, dict(request.form.items()))
        return http.json_response(_inline(deps, uid, opts, file.read(cap + 1), c.settings, access), 202)
    if kind != "application/json":
        raise UnsupportedMediaType("send application/json or multipart/form-data", code="unsupported_content_type")
    body = http.read_json_object(request, max_bytes=cap * 4 // 3 + 64 * 1024)
    if "imageUrl" in body:
        req = http.validate(UrlUploadRequest, body)
        data = c.image_fetcher.fetch(req.image_url)
        opts = svc.JobOptions.model_validate(req.model_dump(exclude={"image_url"}))
        return http.json_response(_inline(deps, uid, opts, data, c.settings, access), 202)
    if "imageBase64" not in body:
        req = http.validate(svc.SignedUploadRequest, body)
        return http.json_response(svc.start_signed_upload(deps, uid, req, access), 201)
    req = http.validate(InlineUploadRequest, body)
    try:
        data = base64.b64decode(req.image_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest("imageBase64 is not valid base64", code="invalid_base64") from None
    opts = svc.JobOptions.model_validate(req.model_dump(exclude={"image_base64"}))
    return http.json_response(_inline(deps, uid, opts, data, c.settings, access), 202)


@http_function
def upload(request):
    return serve(request, _handle, methods=("POST",))
