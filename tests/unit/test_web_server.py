"""The reference web client's server (shared/localstack/web.py) and the page's static files,
without a browser: what is served and refused, the CSP, and the files that must agree with Python
and with the pinned SDK (the browser test, tests/web, runs the page itself)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shared.exporters import FORMATS
from shared.library.edits import ROLES_BY_TYPE
from shared.localstack import web
from shared.localstack.layout import Layout

WEB = web.WEB_ROOT


@pytest.fixture
def app(tmp_path: Path) -> web.WebApp:
    for name in web.VENDOR_FILES:
        (tmp_path / name).write_text(f"// {name}")
    return web.WebApp(web.local_config(Layout(base_port=9900)), tmp_path)


def test_serves_the_page_its_modules_config_and_the_sdk(app):
    for path, kind in (("/", "text/html"), ("/app.js", "text/javascript"), ("/style.css", "text/css"),
                       ("/catalog.json", "application/json"), ("/config.json", "application/json"),
                       ("/vendor/firebase/firebase-firestore.js", "text/javascript")):
        status, headers, body = app.answer("GET", path + "?v=1")
        assert status == 200 and headers["Content-Type"].startswith(kind) and body, path
        assert headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in headers
    config = json.loads(app.answer("GET", "/config.json")[2])
    assert config["functions"]["upload"] == "http://127.0.0.1:9910/" and config["emulators"]["auth"].endswith(":9904")


@pytest.mark.parametrize("path", ["/package.json", "/package-lock.json", "/config.example.json", "/../README.md",
                                  "/%2e%2e/README.md", "/vendor/firebase/firebase-storage.js",
                                  "/vendor/firebase/../../package.json", "/web/app.js", "/.git/config", "/nope.js"])
def test_anything_else_is_a_json_404(app, path):
    status, headers, body = app.answer("GET", path)
    assert status == 404 and headers["Content-Type"] == "application/json"
    err = json.loads(body)["error"]
    assert err["code"] == "not_found" and err["requestId"] == headers["X-Request-Id"]


def test_only_get_and_head(app):
    status, headers, body = app.answer("POST", "/")
    assert status == 405 and headers["Allow"] == "GET, HEAD" and json.loads(body)["error"]["code"] == "method_not_allowed"


def test_csp_allows_the_import_map_and_the_stack_only(app):
    csp = dict(p.split(" ", 1) for p in app.headers["Content-Security-Policy"].split("; "))
    assert csp["default-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert csp["script-src"] == f"'self' '{web.import_map_hash((WEB / 'index.html').read_text())}'"
    assert set(csp["connect-src"].split()) == {"'self'"} | {f"http://127.0.0.1:{p}" for p in
                                                           (9900, 9901, 9904, 9910, 9914, 9917, 9918)}
    prod = json.loads((WEB / "config.example.json").read_text())
    pcsp = web.content_security_policy(prod, (WEB / "index.html").read_text())
    assert "https://firestore.googleapis.com" in pcsp and "frame-src https://YOUR-PROJECT.firebaseapp.com" in pcsp


def test_catalog_agrees_with_the_exporters_and_the_role_rules():
    catalog = json.loads((WEB / "catalog.json").read_text())
    assert [(f["name"], f["label"]) for f in catalog["formats"]] == [(f.name, f.label) for f in FORMATS.values()]
    assert catalog["roles"] == {k.value: list(v) for k, v in ROLES_BY_TYPE.items()}


def test_import_map_points_at_the_pinned_sdk():
    version = json.loads((WEB / "package.json").read_text())["dependencies"]["firebase"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)  # pinned exactly
    lock = json.loads((WEB / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/firebase"]["version"] == version
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', (WEB / "index.html").read_text(),
                                   re.S).group(1))["imports"]
    # The SDK's auth/firestore modules import firebase-app by its CDN address: mapped to our copy.
    assert imports[f"https://www.gstatic.com/firebasejs/{version}/firebase-app.js"] == "/vendor/firebase/firebase-app.js"
    assert {Path(v).name for v in imports.values()} == set(web.VENDOR_FILES)


def test_app_check_opens_the_csp_to_recaptcha_only_when_configured():
    index = (WEB / "index.html").read_text()
    prod = json.loads((WEB / "config.example.json").read_text())
    with_check = dict(p.split(" ", 1) for p in web.content_security_policy(prod, index).split("; "))
    assert {"https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"} <= set(with_check["script-src"].split())
    assert "https://www.google.com/recaptcha/" in with_check["frame-src"].split()
    assert "https://content-firebaseappcheck.googleapis.com" in with_check["connect-src"].split()
    without = web.content_security_policy({k: v for k, v in prod.items() if k != "appCheck"}, index)
    assert "recaptcha" not in without and "firebaseappcheck" not in without
    local = web.content_security_policy(web.local_config(Layout(base_port=9900)), index)
    assert "recaptcha" not in local and "frame-src 'none'" in local


API_PROBE = r"""
import { makeApi } from %s;
const seen = [];
globalThis.fetch = async (url, init) => { seen.push(init.headers.get("X-Firebase-AppCheck")); return new Response("{}"); };
const fns = { usage: "http://127.0.0.1:1/" };
await makeApi(fns, async () => "id-token", async () => "app-check-token").call("usage");
await makeApi(fns, async () => "id-token", async () => "").call("usage");
await makeApi(fns, async () => "id-token", async () => { throw new Error("reCAPTCHA unreachable"); }).call("usage");
await makeApi(fns, async () => "id-token").call("usage");
console.log(JSON.stringify(seen));
"""


def test_the_page_sends_its_app_check_token_and_never_blocks_without_one():
    """api.js: a token goes as X-Firebase-AppCheck; none (or a provider failure) sends the call
    without the header rather than failing it — the server decides what the caller may do."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    probe = API_PROBE % json.dumps((WEB / "api.js").as_uri())
    out = subprocess.run([node, "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == ["app-check-token", None, None, None]
