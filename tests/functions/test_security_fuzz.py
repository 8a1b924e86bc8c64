"""Hypothesis over request parsing, through the real functions-framework apps with the fake
container: upload JSON bodies (structured and raw bytes), multipart forms, export query strings,
task payloads, and hostile headers. Every answer must be < 500, in the JSON error shape when it is
an error, and free of stack traces. The number of cases run per target is printed."""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from functions_framework import create_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared import bootstrap
from tests.fakes.memory import FakeContainer
from tests.fakes.memory import test_settings as make_settings
from tests.support import ui_png

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 500
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COUNTS: dict[str, int] = {}
PNG = ui_png(size=(24, 16))
AUTH = {"Authorization": "Bearer token-alice"}

json_leaf = st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=False) | st.text(max_size=80)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=12), inner, max_size=4), max_leaves=12)
FIELDS = ["projectId", "projectName", "createProject", "maxColors", "strategy", "requireAi", "contentType", "size",
          "imageBase64", "imageUrl"]
field_value = st.one_of(json_value, st.sampled_from(["p-fuzz", "../x", "image/png", "optimal", "pixels", "", "a" * 200,
                                                     "https://127.1/x", "https://[::1]/", "https://ok.example/a.png",
                                                     "https://0x7f.1/", "http://a/", "https://a:0/"]),
                        st.sampled_from([base64.b64encode(PNG).decode(), base64.b64encode(PNG[:40]).decode(),
                                         base64.b64encode(b"<svg/>").decode(), "!!", "===="]))
upload_body = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), field_value, max_size=8)


@pytest.fixture(scope="module")
def apps():
    c = FakeContainer(settings=make_settings(rate_upload_per_min=0, rate_upload_per_hour=0, rate_export_per_min=0,
                                             rate_library_per_min=0, rate_usage_per_min=0))
    c.projects.create(__import__("shared.domain.models", fromlist=["Project"]).Project(
        id="p-fuzz", owner_uid="alice", name="Fuzz", created_at=c.clock.now(), updated_at=c.clock.now()))
    bootstrap.override(c)
    clients = {name: create_app(name, str(ROOT / "functions" / name / "main.py")).test_client()
               for name in ("upload", "export", "extract", "enrich", "cost_rollup", "sweeper", "library", "usage")}
    yield clients
    bootstrap.override(None)
    line = ("[fuzz] cases per target: " + ", ".join(f"{k}={v}" for k, v in COUNTS.items())
            + f"; total={sum(COUNTS.values())}; 5xx=0 (every case asserts < 500)")
    print("\n" + line)
    reports = ROOT / ".stack" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "fuzz_counts.txt").write_text(line + "\n")


def check(target: str, resp) -> None:
    COUNTS[target] = COUNTS.get(target, 0) + 1
    text = resp.get_data(as_text=True)
    assert resp.status_code < 500, (target, resp.status_code, text[:300])
    assert "Traceback" not in text and 'File "' not in text
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    if resp.status_code >= 400:
        err = json.loads(text)["error"]
        assert isinstance(err["code"], str) and err["message"] and err["requestId"]


def test_fuzz_upload_json(apps):
    @FUZZ
    @given(body=upload_body)
    def run(body):
        check("upload-json", apps["upload"].post("/", data=json.dumps(body), headers={
            **AUTH, "Content-Type": "application/json"}))

    run()


def test_fuzz_upload_raw_bytes(apps):
    @FUZZ
    @given(raw=st.binary(max_size=600) | st.text(max_size=300).map(str.encode),
           ctype=st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain", "",
                                  "multipart/form-data", "multipart/form-data; boundary=xyz",
                                  "application/x-www-form-urlencoded", "image/png"]))
    def run(raw, ctype):
        check("upload-raw", apps["upload"].post("/", data=raw, headers={**AUTH, "Content-Type": ctype}))

    run()


def test_fuzz_upload_multipart(apps):
    @FUZZ
    @given(form=st.dictionaries(st.sampled_from(FIELDS[:-1]) | st.text(min_size=1, max_size=10),
                                st.text(max_size=40), max_size=6),
           file=st.none() | st.binary(max_size=300) | st.sampled_from([PNG, PNG[:50], b"<svg/>", b"GIF89a"]),
           filename=st.text(max_size=30))
    def run(form, file, filename):
        data = dict(form)
        if file is not None:
            data["file"] = (io.BytesIO(file), filename or "x")
        check("upload-multipart", apps["upload"].post("/", data=data, headers=AUTH,
                                                      content_type="multipart/form-data"))

    run()


def test_fuzz_export_query(apps):
    @FUZZ
    @given(qs=st.binary(max_size=200) | st.dictionaries(st.sampled_from(["projectId", "format"]) | st.text(max_size=8),
                                                        st.text(max_size=40) | st.sampled_from(
                                                            ["p-fuzz", "css", "dtcg", "zip", "html"]), max_size=4),
           etag=st.none() | st.text(max_size=60))
    def run(qs, etag):
        headers = {**AUTH, **({"If-None-Match": etag} if etag and etag.isprintable() and etag.isascii() else {})}
        if isinstance(qs, bytes):  # a raw query string, percent-encoding and all, as a proxy would pass it
            resp = apps["export"].get("/", headers=headers, environ_overrides={"QUERY_STRING": qs.decode("latin-1")})
        else:
            resp = apps["export"].get("/", query_string=qs, headers=headers)
        check("export-query", resp)

    run()


def test_fuzz_library_routes_and_bodies(apps):
    # Non-empty segments: an empty one ("//") is answered by werkzeug's merge-slashes redirect before
    # any code of ours runs (a framework response, noted in the security report).
    segment = st.sampled_from(["p-fuzz", "p-other", "..", "%2e%2e", "t1", "x" * 70, "tokens:batchDelete",
                               "roles", "tokens"]) | st.text(min_size=1, max_size=12).filter(lambda t: "/" not in t)
    @FUZZ
    @given(method=st.sampled_from(["PATCH", "POST", "DELETE", "GET", "PUT"]),
           path=st.lists(segment, max_size=5).map(lambda parts: "/" + "/".join(parts))
           | st.sampled_from(["/projects/p-fuzz/tokens/t1", "/projects/p-fuzz/roles",
                              "/projects/p-fuzz/tokens:batchDelete", "/projects/p-fuzz"]),
           body=st.binary(max_size=200) | json_value.map(lambda v: json.dumps(v).encode())
           | st.fixed_dictionaries({}, optional={"name": st.text(max_size=150), "assignments": json_value,
                                                "tokenIds": json_value}).map(lambda d: json.dumps(d).encode()))
    def run(method, path, body):
        if not path.isascii() or not path.isprintable():
            path = "/" + path.encode("utf-8", "surrogatepass").hex()
        check("library", apps["library"].open(path, method=method, data=body,
                                              headers={**AUTH, "Content-Type": "application/json"}))

    run()


def test_fuzz_usage_query_and_methods(apps):
    @FUZZ
    @given(qs=st.binary(max_size=100), method=st.sampled_from(["GET", "POST", "DELETE"]), auth=st.booleans())
    def run(qs, method, auth):
        check("usage", apps["usage"].open("/", method=method, headers=AUTH if auth else {},
                                          environ_overrides={"QUERY_STRING": qs.decode("latin-1")}))

    run()


def test_fuzz_task_payloads(apps):
    @FUZZ
    @given(target=st.sampled_from(["extract", "enrich", "cost_rollup", "sweeper"]),
           body=st.binary(max_size=300) | json_value.map(lambda v: json.dumps(v).encode())
           | st.dictionaries(st.sampled_from(["jobId", "day"]) | st.text(max_size=6),
                             st.text(max_size=70) | st.sampled_from(["job-1", "2026-11-25", "2026-13-45"]),
                             max_size=3).map(lambda d: json.dumps(d).encode()))
    def run(target, body):
        check("task-payloads", apps[target].post("/", data=body, headers={"Content-Type": "application/json"}))

    run()


header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120)


def test_fuzz_headers(apps):
    @FUZZ
    @given(target=st.sampled_from(["upload", "export"]), auth=st.none() | header_text, origin=st.none() | header_text,
           rid=st.none() | header_text, method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]))
    def run(target, auth, origin, rid, method):
        headers = {k: v for k, v in (("Authorization", auth), ("Origin", origin), ("X-Request-Id", rid)) if v is not None}
        resp = apps[target].open("/?projectId=p-fuzz&format=css", method=method, headers=headers,
                                 json={"createProject": True, "contentType": "image/png", "size": 5})
        check("headers", resp)
        assert resp.headers.get("Access-Control-Allow-Origin") in (None, "https://app.example")

    run()
