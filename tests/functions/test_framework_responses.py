"""Answers functions-framework and werkzeug give without calling our handler — its own 404 routes
(/robots.txt, /favicon.ico, any method) and the 308 for an empty path — carry our security headers,
and the 404s our JSON error shape; our handlers' own answers are left as they were. Through
create_app for every HTTP function; tests/deploy/test_staged_install.py asks the same of each staged
function under the `functions-framework` CLI (gunicorn)."""
from __future__ import annotations

import flask
import functions_framework
import pytest

from shared.http import SECURITY_HEADERS, harden_app

HTTPS = ("upload", "export", "library", "usage")
TASKS = ("extract", "enrich", "cost_rollup", "sweeper")


def _assert_hardened(resp, label):
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (label, name, resp.headers.get(name))
    assert resp.headers.get("X-Request-Id"), label


def _assert_framework_404(resp, label):
    assert resp.status_code == 404, (label, resp.status_code, resp.data[:200])
    _assert_hardened(resp, label)
    assert resp.mimetype == "application/json", label
    assert resp.get_json()["error"] == {"code": "route_not_found", "message": "no such resource",
                                        "requestId": resp.headers["X-Request-Id"]}, label


@pytest.mark.parametrize("name", HTTPS + TASKS)
def test_framework_404_routes_answer_in_our_shape(fake, client_for, name):
    c = client_for(name)
    for method in ("GET", "POST", "PATCH", "DELETE", "OPTIONS"):
        for path in ("/favicon.ico", "/robots.txt", "//favicon.ico"):  # raw PATH_INFO, as a server passes it
            resp = c.open("/", method=method, environ_overrides={"PATH_INFO": path})
            _assert_framework_404(resp, f"{name} {method} {path}")
    head = c.head("/favicon.ico")
    assert head.status_code == 404 and head.data == b""
    _assert_hardened(head, f"{name} HEAD")
    echoed = c.get("/robots.txt", headers={"X-Request-Id": "probe-1"})
    assert echoed.headers["X-Request-Id"] == "probe-1" and echoed.get_json()["error"]["requestId"] == "probe-1"
    evil = c.get("/robots.txt", headers={"X-Request-Id": "<script>"})
    assert evil.headers["X-Request-Id"] != "<script>" and "<script>" not in evil.get_data(as_text=True)


@pytest.mark.parametrize("name", HTTPS + TASKS)
def test_werkzeug_redirect_of_an_empty_path_is_hardened(fake, client_for, name):
    c = client_for(name)
    # The test client reads "//" as an empty path with an empty host; a server gets an empty path
    # from an absolute-form request line without one (GET http://host HTTP/1.1).
    for resp in (c.get("//"), c.get("/", environ_overrides={"PATH_INFO": ""})):
        assert resp.status_code == 308, (name, resp.status_code)
        assert resp.headers["Location"].endswith("/")
        _assert_hardened(resp, name)


def test_our_handlers_answers_are_unchanged(fake, client_for):
    # Headers the handlers set themselves win over the defaults; the request id is theirs.
    r = client_for("usage").get("/", headers={"Authorization": "Bearer token-alice", "X-Request-Id": "rid-7"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-store"
    assert r.headers.get_all("Cache-Control") == ["private, no-store"] and r.headers["X-Request-Id"] == "rid-7"
    r = client_for("upload").get("/", headers={"Authorization": "Bearer token-alice"})
    assert r.status_code == 405 and r.headers["Allow"] == "POST"
    assert r.get_json()["error"]["code"] == "method_not_allowed"


def test_harden_app_keeps_what_a_view_set_and_the_framework_crash_handler():
    app = flask.Flask("probe")
    app.register_error_handler(500, functions_framework.crash_handler)
    harden_app(app)
    harden_app(app)  # a second load of the same module must not stack hooks
    assert len(app.after_request_funcs[None]) == 1

    @app.route("/own")
    def own():
        return "x", 200, {"Cache-Control": "private, no-cache", "X-Request-Id": "mine", "X-Frame-Options": "DENY"}

    @app.route("/crash")
    def crash():
        raise RuntimeError("boom")

    @app.route("/gone")
    def gone():
        flask.abort(410)

    c = app.test_client()
    r = c.get("/own")
    assert r.headers.get_all("Cache-Control") == ["private, no-cache"] and r.headers["X-Request-Id"] == "mine"
    assert r.headers.get_all("X-Frame-Options") == ["DENY"] and r.headers["X-Content-Type-Options"] == "nosniff"
    r = c.get("/crash")  # functions-framework's crash signal keeps precedence over our handler
    assert r.status_code == 500 and r.headers["X-Google-Status"] == "crash"
    _assert_hardened(r, "crash")
    r = c.get("/gone")
    assert r.status_code == 410 and r.get_json()["error"]["code"] == "malformed_request"
    _assert_hardened(r, "410")
