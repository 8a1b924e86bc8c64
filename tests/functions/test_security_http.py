"""The HTTPS edge (upload, export) through the functions-framework app with the fake container:
bad image bodies, body and field caps, CORS, security headers on every response, the one error
shape with nothing internal in it, ownership answers, and rate limits (50 concurrent vs 10)."""
from __future__ import annotations

import base64
import io
import struct
import threading
import time
import zlib

import pytest
from PIL import Image

from shared.http import SECURITY_HEADERS
from tests.functions.test_http_functions import AUTH, assert_error
from tests.support import ui_png

ORIGIN = "https://app.example"


def _img(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#2563EB").save(out, fmt)
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims `width`×`height`, with an empty IDAT and IEND (a pixel bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
PNG = ui_png()
BAD_IMAGES = {
    "svg": (SVG, 415, "unsupported_image_type"),
    "html": (HTML, 415, "unsupported_image_type"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 415, "unsupported_image_type"),
    "empty": (b"", 415, "unsupported_image_type"),
    "png magic only": (b"\x89PNG\r\n\x1a\n", 422, "truncated_image"),
    "png truncated": (PNG[: len(PNG) // 2], 422, "truncated_image"),
    "jpeg truncated": (_img("JPEG")[:200], 422, "truncated_image"),
    "gif truncated": (_img("GIF")[:-1], 422, "truncated_image"),
    "webp truncated": (_img("WEBP")[:-10], 422, "truncated_image"),
    "png garbage header": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"IEND\xaeB`\x82", 422, "invalid_image"),
    "png pixel bomb": (_png_header_only(100_000, 100_000), 413, "image_too_many_pixels"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_inline_bad_images_get_clear_4xx_codes_base64_and_multipart(fake, client_for, case):
    data, status, code = BAD_IMAGES[case]
    c = client_for("upload")
    assert_error(c.post("/", json={"createProject": True, "imageBase64": base64.b64encode(data).decode()},
                        headers=AUTH), status, code)
    assert_error(c.post("/", data={"createProject": "true", "file": (io.BytesIO(data), "x.png")}, headers=AUTH,
                        content_type="multipart/form-data"), status, code)
    assert not fake.objects.blobs and not fake.jobs.docs  # nothing stored, no job


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_inline_good_images_of_each_format_are_accepted(fake, client_for, fmt):
    r = client_for("upload").post("/", json={"createProject": True,
                                             "imageBase64": base64.b64encode(_img(fmt)).decode()}, headers=AUTH)
    assert r.status_code == 202, r.data


def test_oversized_bodies(fake, client_for):
    c = client_for("upload")
    cap = fake.settings.max_inline_bytes
    big = PNG + b"\x00" * cap
    assert_error(c.post("/", json={"createProject": True, "imageBase64": base64.b64encode(big).decode()},
                        headers=AUTH), 413, "image_too_large")
    assert_error(c.post("/", data={"createProject": "true", "file": (io.BytesIO(big), "x.png")}, headers=AUTH,
                        content_type="multipart/form-data"), 413, "image_too_large")
    huge = b'{"createProject": true, "imageBase64": "' + b"A" * (2 * cap) + b'"}'
    assert_error(c.post("/", data=huge, headers={**AUTH, "Content-Type": "application/json"}), 413,
                 "body_too_large")
    # A chunked body (no Content-Length): read up to the cap only, then refused.
    stream = io.BytesIO(huge)
    r = c.post("/", input_stream=stream, headers={**AUTH, "Content-Type": "application/json",
                                                 "Transfer-Encoding": "chunked"},
               environ_overrides={"wsgi.input_terminated": True})
    assert_error(r, 413, "body_too_large")
    r = c.post("/", input_stream=io.BytesIO(b"--x\r\n"), headers={**AUTH, "Transfer-Encoding": "chunked",
               "Content-Type": "multipart/form-data; boundary=x"}, environ_overrides={"wsgi.input_terminated": True})
    assert_error(r, 411, "length_required")
    assert_error(c.post("/", json={"createProject": True, "contentType": "image/png", "size": 10 ** 12},
                        headers=AUTH), 413, "image_too_large")


@pytest.mark.parametrize("body", [
    {"createProject": True, "projectName": "x" * 121, "contentType": "image/png", "size": 10},
    {"createProject": True, "projectName": "", "contentType": "image/png", "size": 10},
    {"projectId": "a" * 65, "contentType": "image/png", "size": 10},
    {"projectId": "..%2F..%2Fetc", "contentType": "image/png", "size": 10},
    {"projectId": "p/../../x", "contentType": "image/png", "size": 10},
    {"projectId": "p\\..\\x", "contentType": "image/png", "size": 10},
    {"projectId": "p\u0000x", "contentType": "image/png", "size": 10},
    {"projectId": "ünïcode", "contentType": "image/png", "size": 10},
    {"createProject": True, "contentType": "text/html", "size": 10},
    {"createProject": True, "contentType": "image/png", "size": 10, "maxColors": 0},
    {"createProject": True, "contentType": "image/png", "size": 10, "maxColors": 33},
    {"createProject": True, "contentType": "image/png", "size": 10, "strategy": "free"},
    {"createProject": True, "contentType": "image/png", "size": "10; drop"},
    {"createProject": True, "contentType": "image/png", "size": 10, "__proto__": {}},
])
def test_request_bodies_are_validated_with_caps(fake, client_for, body):
    r = client_for("upload").post("/", json=body, headers=AUTH)
    assert_error(r, 400, "invalid_request")
    assert not fake.jobs.docs
    text = r.get_data(as_text=True)
    assert "x" * 121 not in text and "drop" not in text  # submitted values are never echoed


def test_non_utf8_and_overlong_query_strings_are_400(fake, client_for):
    ex = client_for("export")
    assert_error(ex.get("/", headers=AUTH, environ_overrides={"QUERY_STRING": "projectId=\x80\xc9"}), 400,
                 "invalid_query")
    assert_error(ex.get("/?projectId=p-1&x=" + "a" * 3000, headers=AUTH), 400, "invalid_query")


@pytest.mark.parametrize("query", ["projectId=../etc&format=css", "projectId=p-1&format=../../x",
                                   "projectId=p-1&format=CSS", "projectId=" + "a" * 65, "format=css", "",
                                   "projectId=p%00x&format=css"])
def test_export_query_strings_are_validated(fake, client_for, query):
    assert_error(client_for("export").get("/?" + query, headers=AUTH), 400, "invalid_request")


def test_ownership_a_stranger_gets_404_for_what_is_not_theirs(fake, client_for):
    fake.own_project("p-alice")
    up = client_for("upload").post("/", json={"projectId": "p-alice",
                                              "contentType": "image/png", "size": 10}, headers=AUTH)
    assert up.status_code == 201
    mallory = {"Authorization": "Bearer token-mallory"}
    ex = client_for("export")
    absent = ex.get("/?projectId=p-nobody&format=css", headers=mallory)
    theirs = ex.get("/?projectId=p-alice&format=css", headers=mallory)
    assert_error(absent, 404, "project_not_found")
    assert_error(theirs, 404, "project_not_found")
    assert absent.get_json()["error"]["message"] == theirs.get_json()["error"]["message"]  # no existence leak
    for body in ({"projectId": "p-alice", "contentType": "image/png", "size": 10},
                 {"projectId": "p-alice", "imageBase64": base64.b64encode(PNG).decode()}):
        assert_error(client_for("upload").post("/", json=body, headers=mallory), 404, "project_not_found")
    # Asking to create it is refused for any id (tests/functions/test_project_ids.py): no oracle either.
    assert_error(client_for("upload").post("/", json={"projectId": "p-alice", "createProject": True,
                                                      "contentType": "image/png", "size": 10}, headers=mallory),
                 400, "invalid_options")
    assert all(j["ownerUid"] == "alice" for j in fake.jobs.docs.values())


def test_cors_only_for_configured_origins_on_every_response(fake, client_for):
    up, ex = client_for("upload"), client_for("export")
    good = {"Origin": ORIGIN}
    for resp in (up.post("/", json={"createProject": True, "contentType": "image/png", "size": 10},
                         headers={**AUTH, **good}),
                 up.post("/", json={}, headers=good),  # an error answer still lets the app read it
                 ex.get("/?projectId=p-x&format=css", headers={**AUTH, **good}),
                 up.options("/", headers={**good, "Access-Control-Request-Method": "POST"})):
        assert resp.headers["Access-Control-Allow-Origin"] == ORIGIN and resp.headers["Vary"] == "Origin"
        assert "Access-Control-Allow-Credentials" not in resp.headers
    for origin in ("https://evil.example", "null", "https://app.example.evil.example", "http://app.example",
                   "https://APP.example", "https://app.example/", "*"):
        for resp in (up.options("/", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}),
                     up.post("/", json={}, headers={**AUTH, "Origin": origin}),
                     ex.get("/?projectId=p-x", headers={**AUTH, "Origin": origin})):
            assert "Access-Control-Allow-Origin" not in resp.headers, origin
        assert_error(up.options("/", headers={"Origin": origin}), 403, "origin_not_allowed")


def _assert_security_headers(resp, label):
    for name, value in SECURITY_HEADERS.items():
        if name == "Cache-Control":
            assert resp.headers.get(name) in (value, "private, no-cache"), label
            continue
        assert resp.headers.get(name) == value, (label, name)
    assert resp.headers.get("X-Request-Id"), label


def test_security_headers_on_every_response_including_errors_and_304(fake, client_for, monkeypatch):
    up, ex = client_for("upload"), client_for("export")
    seen = {}
    fake.own_project("p-h")
    r = up.post("/", json={"projectId": "p-h",
                           "imageBase64": base64.b64encode(PNG).decode()}, headers=AUTH)
    seen[r.status_code] = r
    seen[up.post("/", json={"projectId": "p-h", "contentType": "image/png", "size": 5}, headers=AUTH).status_code] = None
    # Fill the library so export answers 200 and then 304.
    from shared.services import ingest as ingest_svc
    from tests.support import storage_event_data
    from tests.unit.test_pipeline_services import deps, run_tasks

    job = fake.jobs.get(r.get_json()["jobId"])
    gen = fake.objects.info("uploads", job.source.object).generation
    ingest_svc.ingest(deps(fake)[1], "e-h", fake.clock.now(), ingest_svc.StorageObject.model_validate(
        storage_event_data("uploads", job.source.object, gen, 10)))
    run_tasks(fake)
    ok = ex.get("/?projectId=p-h&format=css", headers=AUTH)
    cases = {
        "201": up.post("/", json={"projectId": "p-h", "contentType": "image/png", "size": 5}, headers=AUTH),
        "202": r,
        "200 export": ok,
        "304": ex.get("/?projectId=p-h&format=css", headers={**AUTH, "If-None-Match": ok.headers["ETag"]}),
        "400": up.post("/", json={"bad": 1}, headers=AUTH),
        "401": up.post("/", json={}),
        "404": ex.get("/?projectId=p-h&format=css", headers={"Authorization": "Bearer token-bob"}),
        "405": ex.post("/", headers=AUTH),
        "409": ex.get("/?projectId=p-empty&format=css", headers=AUTH) if False else None,
        "413": up.post("/", data=b"x" * (3 * fake.settings.max_inline_bytes),
                       headers={**AUTH, "Content-Type": "application/json"}),
        "415": up.post("/", data="x", headers={**AUTH, "Content-Type": "text/plain"}),
        "422": up.post("/", json={"createProject": True, "imageBase64": base64.b64encode(PNG[:100]).decode()},
                       headers=AUTH),
        "204 preflight": up.options("/", headers={"Origin": ORIGIN}),
        "403 preflight": up.options("/", headers={"Origin": "https://evil.example"}),
    }
    assert cases["304"].status_code == 304 and cases["304"].data == b""
    monkeypatch.setattr(fake.projects, "get", lambda pid: (_ for _ in ()).throw(RuntimeError("boom")))
    cases["500"] = up.post("/", json={"projectId": "p-h", "contentType": "image/png", "size": 5}, headers=AUTH)
    fake.settings = fake.settings.__class__(**{**fake.settings.__dict__, "rate_upload_per_min": 1})
    cases["429"] = up.post("/", json={}, headers=AUTH)
    for label, resp in cases.items():
        if resp is None:
            continue
        assert str(resp.status_code) == label.split()[0], (label, resp.status_code, resp.data)
        _assert_security_headers(resp, label)
    assert cases["429"].headers["Retry-After"].isdigit()


LEAK_MARKERS = ("Traceback", 'File "', ".py", "/work/", "site-packages", "RuntimeError", "ValueError", "KeyError",
                "TypeError", "ValidationError", "pydantic", "werkzeug", "google.", "firebase", "demo-test",
                "sk-ant-", "sk-openai-", "BEGIN PRIVATE KEY", "Exception", "<class")


def test_internal_failures_leak_nothing(fake, client_for, monkeypatch):
    secret = "sk-ant-test-6f1d0c2e"

    def explode(*a, **k):
        raise RuntimeError(f"/work/main/shared/adapters/x.py: project demo-test key={secret}")

    up, ex = client_for("upload"), client_for("export")
    monkeypatch.setattr(fake.projects, "get", explode)
    real_verify = fake.identity.verify_signature
    monkeypatch.setattr(fake.identity, "verify_signature", lambda t: real_verify(t) if t == "token-alice" else explode())
    responses = [up.post("/", json={"projectId": "p-1", "contentType": "image/png", "size": 5}, headers=AUTH),
                 ex.get("/?projectId=p-1&format=css", headers=AUTH),
                 up.post("/", json={"createProject": True}, headers={"Authorization": "Bearer other"}),
                 up.post("/", data=b"{" * 100, headers={**AUTH, "Content-Type": "application/json"}),
                 up.post("/", data=b"--x\r\nbroken", headers={**AUTH, "Content-Type": "multipart/form-data; boundary=x"}),
                 up.post("/", json=[1, 2], headers=AUTH),
                 up.post("/", json={"size": float("inf")}, headers=AUTH) if False else up.post(
                     "/", data=b'{"size": 1e999, "createProject": true, "contentType": "image/png"}',
                     headers={**AUTH, "Content-Type": "application/json"})]
    for r in responses:
        body = r.get_data(as_text=True)
        assert r.status_code < 500 or r.get_json()["error"] == {"code": "internal", "message": "internal error",
                                                               "requestId": r.headers["X-Request-Id"]}
        assert set(r.get_json()["error"]) <= {"code", "message", "requestId", "details"}
        for marker in LEAK_MARKERS:
            assert marker not in body, (marker, body)
        for value in r.headers.values():
            assert secret not in value and "/work/" not in value
    assert [r.status_code for r in responses[:3]] == [500, 500, 500]


def test_request_id_is_echoed_only_when_safe(fake, client_for):
    up = client_for("upload")
    assert up.post("/", json={}, headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    evil = up.post("/", json={}, headers={"X-Request-Id": "<script>alert(1)</script>"})
    assert evil.headers["X-Request-Id"] != "<script>alert(1)</script>"
    assert "<script>" not in evil.get_data(as_text=True)


def _settings(fake, **kw):
    fake.settings = fake.settings.__class__(**{**fake.settings.__dict__, **kw})


def test_fifty_concurrent_uploads_against_a_limit_of_ten(fake, client_for):
    _settings(fake, rate_upload_per_min=10, rate_upload_per_hour=100)
    fake.own_project("p-rl")
    statuses, retry_after = [], []
    # One app (loading a function module is not thread-safe), a client per thread; the barrier has a
    # timeout so a thread that fails before it cannot hang the others.
    lock, start = threading.Lock(), threading.Barrier(50, timeout=60)
    app_client = client_for("upload")

    def one():
        client = app_client.application.test_client()
        start.wait()
        r = client.post("/", json={"projectId": "p-rl", "contentType": "image/png",
                                   "size": 10}, headers=AUTH)
        with lock:
            statuses.append(r.status_code)
            if r.status_code == 429:
                retry_after.append(int(r.headers["Retry-After"]))
                assert r.get_json()["error"]["code"] == "rate_limited"

    t0 = time.monotonic()
    threads = [threading.Thread(target=one) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"\n[rate-limit fake] 50 concurrent vs 10/min: {statuses.count(201)} accepted, "
          f"{statuses.count(429)} refused in {time.monotonic() - t0:.2f} s")
    assert statuses.count(201) == 10 and statuses.count(429) == 40
    assert all(1 <= s <= 60 for s in retry_after)
    # Another user has their own allowance; the next minute gives a fresh one.
    assert client_for("upload").post("/", json={"createProject": True, "contentType": "image/png", "size": 10},
                                     headers={"Authorization": "Bearer token-bob"}).status_code == 201
    fake.clock.advance(seconds=60)
    assert client_for("upload").post("/", json={"projectId": "p-rl", "contentType": "image/png", "size": 10},
                                     headers=AUTH).status_code == 201


def test_hourly_upload_limit_and_export_limit(fake, client_for):
    _settings(fake, rate_upload_per_min=0, rate_upload_per_hour=3, rate_export_per_min=2)
    up, ex = client_for("upload"), client_for("export")
    body = {"projectId": fake.own_project("p-h"), "contentType": "image/png", "size": 10}
    assert [up.post("/", json=body, headers=AUTH).status_code for _ in range(4)] == [201, 201, 201, 429]
    fake.clock.advance(minutes=5)
    r = up.post("/", json=body, headers=AUTH)
    assert r.status_code == 429 and 60 < int(r.headers["Retry-After"]) <= 3600
    codes = [ex.get("/?projectId=p-h&format=css", headers=AUTH).status_code for _ in range(3)]
    assert codes == [409, 409, 429]  # empty library, then the limit


@pytest.mark.parametrize("url,status,code", [
    ("http://img.example/a.png", 422, "image_url_scheme"),
    ("https://169.254.169.254/computeMetadata/v1/", 422, "image_url_address"),
    ("https://2130706433/a.png", 422, "image_url_address"),
    ("https://[::ffff:127.0.0.1]/a.png", 422, "image_url_address"),
    ("https://metadata.google.internal/", 422, "image_url_host"),
    ("https://unknown.example/a.png", 422, "image_url_dns"),
    ("https://img.example/page.html", 415, "unsupported_image_type"),
    ("x", 400, "invalid_request"),
])
def test_image_url_uploads_are_guarded(fake, client_for, url, status, code):
    fake.image_fetcher.bodies["https://img.example/page.html"] = HTML
    assert_error(client_for("upload").post("/", json={"createProject": True, "imageUrl": url}, headers=AUTH),
                 status, code)
    assert not fake.jobs.docs


def test_image_url_upload_accepted(fake, client_for):
    fake.image_fetcher.bodies["https://img.example/a.png"] = PNG
    r = client_for("upload").post("/", json={"createProject": True, "imageUrl": "https://img.example/a.png"},
                                  headers=AUTH)
    assert r.status_code == 202, r.data
    job = fake.jobs.get(r.get_json()["jobId"])
    assert fake.objects.read("uploads", job.source.object) == PNG


def _google_errors():
    from google.api_core import exceptions as gexc

    return [(gexc.ServiceUnavailable("firestore down"), "backend_unavailable"),
            (gexc.DeadlineExceeded("slow"), "backend_timeout"),
            (gexc.RetryError("deadline of 60s exceeded", RuntimeError("x")), "backend_timeout")]


@pytest.mark.parametrize("name,method,path", [("upload", "POST", "/"), ("export", "GET", "/?projectId=p-1"),
                                              ("library", "DELETE", "/projects/p-1"), ("usage", "GET", "/")])
def test_transient_google_errors_are_503_with_retry_after(fake, client_for, monkeypatch, name, method, path):
    """Firestore/GCS still failing after the client's retries: the caller may retry, so 503, not 500."""
    client = client_for(name)
    for exc, code in _google_errors():
        monkeypatch.setattr(fake.rate_limiter, "hit", _raising(exc))  # every request's first Firestore call
        resp = client.open(path, method=method, headers=AUTH, json={"createProject": True, "contentType": "image/png",
                                                                    "size": 5} if method == "POST" else None)
        assert_error(resp, 503, code)
        assert resp.headers["Retry-After"].isdigit() and int(resp.headers["Retry-After"]) > 0
        body = resp.get_data(as_text=True)
        for marker in LEAK_MARKERS + ("ServiceUnavailable", "DeadlineExceeded", "RetryError", "firestore down"):
            assert marker not in body, (marker, body)


def _raising(exc):
    def call(*a, **k):
        raise exc

    return call


@pytest.mark.parametrize("name,status,code", [("ServiceUnavailable", 503, "backend_unavailable"),
                                              ("InvalidArgument", 500, "internal")])
def test_google_errors_deep_in_the_service(fake, client_for, monkeypatch, name, status, code):
    """Transient → 503 + Retry-After; any other (a bug of ours, e.g. a bad argument) stays a generic 500."""
    from google.api_core import exceptions as gexc

    monkeypatch.setattr(fake.projects, "get", _raising(getattr(gexc, name)("firestore down")))
    resp = client_for("upload").post("/", json={"projectId": "p-1", "contentType": "image/png", "size": 5},
                                     headers=AUTH)
    assert_error(resp, status, code)
    assert resp.headers.get("Retry-After") == ("5" if status == 503 else None)


@pytest.mark.parametrize(("endpoint", "setting", "call"), [
    ("upload", "rate_upload_per_min", lambda c: c.post("/", json={"createProject": True, "contentType": "image/png",
                                                                  "size": 10}, headers=AUTH)),
    ("export", "rate_export_per_min", lambda c: c.get("/?projectId=p-x&format=css", headers=AUTH)),
    ("library", "rate_library_per_min", lambda c: c.post("/", json={"action": "rename"}, headers=AUTH)),
    ("usage", "rate_usage_per_min", lambda c: c.get("/", headers=AUTH)),
])
def test_a_caller_over_the_limit_spends_no_revocation_lookup(fake, client_for, endpoint, setting, call):
    """Issue 17 item 7: signature → count → revocation. A request refused by the limit never reaches the
    Firebase Auth lookup (each one costs the project's Auth quota)."""
    _settings(fake, **{setting: 2}, rate_upload_per_hour=0)
    client = client_for(endpoint)
    statuses = [call(client).status_code for _ in range(5)]
    assert statuses[2:] == [429, 429, 429] and 429 not in statuses[:2], statuses
    assert fake.identity.lookups == ["alice", "alice"]


def test_a_revoked_token_is_counted_then_refused(fake, client_for):
    _settings(fake, rate_usage_per_min=2)
    fake.identity.revoked.add("alice")
    usage = client_for("usage")
    r = usage.get("/", headers=AUTH)
    assert (r.status_code, r.get_json()["error"]["code"]) == (401, "token_revoked")
    usage.get("/", headers=AUTH)
    r = usage.get("/", headers=AUTH)  # the revoked caller's attempts count too
    assert (r.status_code, r.get_json()["error"]["code"]) == (429, "rate_limited")
    assert fake.identity.lookups == ["alice", "alice"]
